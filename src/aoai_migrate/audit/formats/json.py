"""``audit --format json``: ``{"findings": [...], "skipped": [...], "summary": {...}}``.

Each finding is ``check --format json``'s object plus ``cell`` (``null`` outside notebooks);
each skipped entry is ``{"path", "reason"}``; ``summary`` holds ``score``, ``files``
(``scanned``, ``affected``, ``skipped``), ``lines``, ``findings``, ``by_category``, ``by_rule``,
``fixable`` and ``manual``.
"""

from __future__ import annotations

import json
from typing import IO

from ..report import AuditReport, report_json


def write_json(report: AuditReport, stream: IO[str]) -> None:
    json.dump(report_json(report), stream, indent=2, ensure_ascii=False)
    stream.write("\n")
