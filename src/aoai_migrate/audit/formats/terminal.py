"""``audit`` in a terminal: the score, then rich tables by category, by rule and by file, and
the files that could not be analysed. Colour only on a terminal (``NO_COLOR`` is honoured)."""

from __future__ import annotations

from typing import IO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ...docs import CATEGORY_BLURBS
from ..report import AuditReport, rule_symbol
from ..summary import fixable

#: files listed in the table (most findings first); the rest are counted
MAX_FILES = 25


def _score_style(score: int) -> str:
    return "bold green" if score >= 90 else "bold yellow" if score >= 50 else "bold red"


def write_terminal(report: AuditReport, stream: IO[str], color: bool | None = None) -> None:
    kwargs: dict = {"file": stream, "highlight": False, "emoji": False}
    if color is not None:
        kwargs["force_terminal"] = color
        kwargs["no_color"] = not color
    if not getattr(stream, "isatty", lambda: False)():
        kwargs.setdefault("width", 120)
    out = Console(**kwargs)
    s = report.summary
    out.print(Text.assemble("Migration readiness: ", (f"{s.score}/100", _score_style(s.score))))
    if s.total:
        out.print(
            f"{s.total} finding{'s' if s.total != 1 else ''} in {s.affected} of {s.scanned} files "
            f"({s.lines:,} lines): {s.fixable} fixed by `aoai-migrate fix`, {s.manual} need a person.",
            markup=False,
        )
    else:
        out.print(f"Nothing left to migrate in {s.scanned} files ({s.lines:,} lines).", markup=False)
    if report.baselined:
        out.print(f"{report.baselined} finding(s) accepted by the baseline are not shown.", markup=False)
    if s.total:
        blurbs = {c.value: text for c, text in CATEGORY_BLURBS.items()}
        fix_by_cat: dict[str, int] = {}
        for f in report.findings:
            fix_by_cat[f.category.value] = fix_by_cat.get(f.category.value, 0) + fixable(f)
        table = Table(title="By category", title_justify="left")
        table.add_column("Category")
        table.add_column("Findings", justify="right")
        table.add_column("Fixable", justify="right")
        table.add_column("Manual", justify="right")
        table.add_column("What")
        for category, count in s.by_category.items():
            fix = fix_by_cat.get(category, 0)
            table.add_row(category, str(count), str(fix), str(count - fix), blurbs.get(category, ""))
        out.print(table)
        table = Table(title="By rule", title_justify="left")
        table.add_column("Rule")
        table.add_column("Symbol")
        table.add_column("Findings", justify="right")
        for code, count in sorted(s.by_rule.items(), key=lambda kv: (-kv[1], kv[0])):
            table.add_row(code, rule_symbol(code), str(count))
        out.print(table)
        files = sorted(report.by_file().items(), key=lambda kv: (-len(kv[1]), kv[0]))
        table = Table(title="Files", title_justify="left")
        table.add_column("File", overflow="fold")
        table.add_column("Findings", justify="right")
        table.add_column("Fixable", justify="right")
        table.add_column("Manual", justify="right")
        for path, found in files[:MAX_FILES]:
            fix = sum(1 for f in found if fixable(f))
            table.add_row(Text(path), str(len(found)), str(fix), str(len(found) - fix))
        if len(files) > MAX_FILES:
            table.add_row(Text(f"... {len(files) - MAX_FILES} more files"), "", "", "")
        out.print(table)
    if report.skipped:
        table = Table(title="Skipped (could not be analysed)", title_justify="left")
        table.add_column("File", overflow="fold")
        table.add_column("Reason")
        for skipped in report.skipped:
            table.add_row(Text(skipped.path), Text(skipped.reason))
        out.print(table)
    if s.total:
        out.print(Text("Every finding with its migrated code: aoai-migrate check PATH", style="dim"))

