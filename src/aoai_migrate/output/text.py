"""Human output: ruff's ``full`` layout (location, message, the flagged source with an
underline, then the migrated code), ``concise`` (one line per finding, as flake8 prints), the
``--statistics`` table and the closing summary. Colour only on a terminal; ``NO_COLOR`` and
``FORCE_COLOR`` are honoured (rich reads them)."""

from __future__ import annotations

from collections import Counter
from typing import IO

from rich.console import Console
from rich.syntax import Syntax
from rich.text import Text

from .. import registry
from ..render import snippets
from ..model import Finding
from ..runner import Report

#: a flagged span longer than this many lines is shown as its head and tail
MAX_SPAN_LINES = 7


def console(stream: IO[str], color: bool | None = None) -> Console:
    """A console that never wraps or interprets markup; ``color=None`` detects a terminal."""
    kwargs: dict = {"file": stream, "highlight": False, "markup": False, "emoji": False, "soft_wrap": True}
    if color is not None:
        kwargs["force_terminal"] = color
        kwargs["no_color"] = not color
    return Console(**kwargs)


def write_full(report: Report, out: Console, snippets: bool = True, summary: bool = True) -> None:
    for finding in report.findings:
        out.print(_headline(finding, finding.message))
        lines = report.source_lines(finding)
        for text in _source_block(finding, lines):
            out.print(text)
        if snippets and finding.snippet:
            gutter = " " * (len(str(finding.end_line)) + 1)
            out.print(Text.assemble((gutter + "= ", "cyan bold"), ("Migrated code:", "bold")))
            snippet = standalone(finding.snippet, lines[finding.line - 1] if 0 < finding.line <= len(lines) else "")
            for line in _highlight(snippet, out).split("\n"):
                out.print(Text.assemble(gutter + "  ", line))
        elif snippets and finding.see is not None:
            gutter = " " * (len(str(finding.end_line)) + 1)
            out.print(Text.assemble((gutter + "= ", "cyan bold"), ("Migrated code:", "bold"), f" see {finding.see}"))
        out.print()
    if summary:
        write_summary(report, out)


def write_concise(report: Report, out: Console, summary: bool = True) -> None:
    for finding in report.findings:
        out.print(_headline(finding, finding.one_line()))
    if summary:
        write_summary(report, out)


def _headline(finding: Finding, message: str) -> Text:
    cell = ("cell " + str(finding.cell), ":") if finding.cell is not None else ("", "")
    return Text.assemble(
        (finding.path, "bold"),
        (":", "cyan"),
        cell[0],
        (cell[1], "cyan"),
        str(finding.line),
        (":", "cyan"),
        str(finding.col),
        (":", "cyan"),
        " ",
        (finding.code, "bold red"),
        " ",
        message,
    )


def _source_block(finding: Finding, lines: list[str]) -> list[Text]:
    first, last = finding.line, min(finding.end_line, len(lines))
    if not 1 <= first <= len(lines):
        return []
    width = len(str(last))
    gutter = (" " * (width + 1) + "|", "blue bold")
    out = [Text.assemble(gutter)]

    def numbered(lineno: int, marker: str = "") -> Text:
        return Text.assemble((f"{lineno:>{width}} | ", "blue bold"), (marker, "red bold"), lines[lineno - 1].rstrip())

    if first == last:
        out.append(numbered(first))
        start = finding.col - 1
        if finding.end_line == first:
            end = finding.end_col - 1
        else:
            end = len(lines[first - 1].rstrip())
        end = max(end, start + 1)
        out.append(Text.assemble(gutter, " " + " " * start, ("^" * (end - start) + " " + finding.code, "red bold")))
    else:
        numbers = list(range(first, last + 1))
        if len(numbers) > MAX_SPAN_LINES:
            numbers = numbers[:4] + [0] + numbers[-2:]
        for index, lineno in enumerate(numbers):
            if lineno == 0:
                out.append(Text.assemble((" " * (width + 1) + "...", "blue bold")))
            else:
                out.append(numbered(lineno, "/ " if index == 0 else "| "))
        # the caret sits under the span's last character, as ruff draws it: `| |____^ CODE`
        end = max(finding.end_col - 1, 1)
        out.append(Text.assemble(gutter, (" |" + "_" * end + "^ " + finding.code, "red bold")))
    out.append(Text.assemble(gutter))
    return out


def standalone(snippet: str, source_line: str) -> str:
    """A snippet rendered for the flagged position (continuation lines indented for where it
    goes) shown on its own: continuation lines lose the flagged line's indentation. A snippet
    that is already standalone (a whole loop or ``try`` statement) is left as it is: the cut is
    kept only when the result still parses. Imports the engine put on top (a block of import
    lines and a blank line) stay as they are, the code under them is cut."""
    head, sep, code = snippet.partition("\n\n")
    if sep and code and all(line.startswith(("import ", "from ")) for line in head.split("\n")):
        return head + sep + standalone(code, source_line)
    lines = snippet.rstrip("\n").split("\n")
    indent = len(source_line) - len(source_line.lstrip())
    rest = [len(line) - len(line.lstrip()) for line in lines[1:] if line.strip()]
    cut = min([indent, *rest])
    if cut <= 0:
        return "\n".join(lines)
    shifted = "\n".join([lines[0]] + [line[cut:] if line.strip() else "" for line in lines[1:]])
    return shifted if snippets.parses(shifted) else "\n".join(lines)


def _highlight(snippet: str, out: Console) -> Text:
    code = snippet.rstrip("\n")
    if out.is_terminal and not out.no_color:
        text = Syntax(code, "python", theme="ansi_dark", background_color="default").highlight(code)
        text.rstrip()
        return text
    return Text(code)


def write_summary(report: Report, out: Console) -> None:
    count, files = len(report.findings), report.files_with_findings
    if count:
        tests = report.in_test_code
        where = f" ({tests} in test code)" if tests else ""
        out.print(
            Text(f"Found {count} finding{'s' if count != 1 else ''} in {files} file{'s' if files != 1 else ''}{where}.")
        )
    elif not report.errors:
        out.print(Text("All checks passed!", style="bold green"))
    if report.errors:
        n = len(report.errors)
        label = f"{n} file{'s' if n != 1 else ''}"
        out.print(Text(f"{label} could not be checked (see the errors above).", style="bold red"))


def write_statistics(report: Report, out: Console, summary: bool = True) -> None:
    """``--statistics``: one row per code, most frequent first (as ruff prints them)."""
    counts = Counter(f.code for f in report.findings)
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    width = max((len(str(n)) for _, n in rows), default=1)
    rules = registry.load()
    for code, n in rows:
        rule = rules.get(code)
        symbol = rule.symbol if rule else ""
        out.print(Text.assemble(f"{n:>{width}}\t", (code, "bold red"), f"\t{symbol}"))
    if summary:
        write_summary(report, out)


def statistics_rows(report: Report) -> list[dict]:
    rules = registry.load()
    counts = Counter(f.code for f in report.findings)
    return [
        {"code": code, "name": rules[code].symbol if code in rules else "", "count": n}
        for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
