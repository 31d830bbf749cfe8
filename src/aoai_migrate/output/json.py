"""Machine output: ``json`` (one array, ruff-style) and ``json-lines`` (one object per line).
Every object is :meth:`Finding.to_json`: ``code, symbol, category, path, line, col, end_line,
end_col, message, snippet, snippet_shown_by, test_code, fix`` (columns 1-based, in characters).
``snippet_shown_by`` is ``null``, or ``{code, line, col}`` of the finding on the same site that
shows the migrated code (``snippet`` is then ``null``: one snippet per site). ``test_code`` is
``true`` for files matching the ``test-paths`` patterns (tests, ``test_*.py``, ``conftest.py``...)."""

from __future__ import annotations

import json
from typing import IO

from ..runner import Report


def write_json(report: Report, stream: IO[str]) -> None:
    json.dump([f.to_json() for f in report.findings], stream, indent=2, ensure_ascii=False)
    stream.write("\n")


def write_json_lines(report: Report, stream: IO[str]) -> None:
    for finding in report.findings:
        stream.write(json.dumps(finding.to_json(), ensure_ascii=False))
        stream.write("\n")
