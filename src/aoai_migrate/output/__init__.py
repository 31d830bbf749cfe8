"""Output formats of ``aoai-migrate check --format``. Each writer takes the run's
:class:`~aoai_migrate.runner.Report`; errors about unreadable files go to stderr separately."""

from __future__ import annotations

import json as _json
from typing import IO

from ..runner import Report
from .github import write_github
from .gitlab import write_gitlab
from .json import write_json, write_json_lines
from .junit import write_junit
from .sarif import write_sarif

FORMATS = ("full", "concise", "json", "json-lines", "sarif", "github", "gitlab", "junit")
#: accepted spellings -> format
ALIASES = {"text": "full"}


def write(report: Report, fmt: str, stream: IO[str], *, snippets: bool = True, statistics: bool = False,
          color: bool | None = None, quiet: bool = False) -> None:
    fmt = ALIASES.get(fmt, fmt)
    if statistics or fmt in ("full", "concise"):
        from . import text  # rich: imported only for the formats that use it

    if statistics:
        if fmt in ("json", "json-lines"):
            _json.dump(text.statistics_rows(report), stream, indent=2)
            stream.write("\n")
        else:
            text.write_statistics(report, text.console(stream, color), summary=not quiet)
        return
    if fmt == "full":
        text.write_full(report, text.console(stream, color), snippets=snippets, summary=not quiet)
    elif fmt == "concise":
        text.write_concise(report, text.console(stream, color), summary=not quiet)
    elif fmt == "json":
        write_json(report, stream)
    elif fmt == "json-lines":
        write_json_lines(report, stream)
    elif fmt == "sarif":
        write_sarif(report, stream)
    elif fmt == "github":
        write_github(report, stream)
    elif fmt == "gitlab":
        write_gitlab(report, stream)
    elif fmt == "junit":
        write_junit(report, stream)
    else:  # pragma: no cover - argparse restricts the choices
        raise ValueError(f"unknown format {fmt!r}")
