"""``audit --format markdown``: GitHub-flavoured markdown for pull-request comments and CI job
summaries (``>> $GITHUB_STEP_SUMMARY``). Tables by category and by rule; the findings per file
in a collapsed ``<details>`` block so a long report does not swamp the page."""

from __future__ import annotations

from typing import IO

from ... import docs, registry
from ..report import AuditReport, fix_label, rule_symbol
from ..summary import fixable

#: at most this many findings are listed (the counts above always cover all of them)
MAX_LISTED = 500


def cell(text: str) -> str:
    """Text safe inside a table cell: pipes escaped, one line."""
    return " ".join(text.replace("\\", "\\\\").replace("|", "\\|").split())


def plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def rule_link(code: str) -> str:
    rule = registry.load().get(code)
    uri = docs.help_uri(rule) if rule is not None else None
    return f"[{code}]({uri})" if uri else code


def write_markdown(report: AuditReport, stream: IO[str]) -> None:
    s = report.summary
    out: list[str] = [f"## aoai-migrate audit: readiness {s.score}/100", ""]
    if s.total:
        out.append(
            f"**{plural(s.total, 'finding')}** in **{s.affected:,} of {plural(s.scanned, 'file')}** "
            f"({plural(s.lines, 'line')} scanned): **{s.fixable:,}** fixed by `aoai-migrate fix`, "
            f"**{s.manual:,}** need a person."
        )
    else:
        out.append(f"Nothing left to migrate in {plural(s.scanned, 'file')} ({plural(s.lines, 'line')}).")
    if report.baselined:
        out.append(f"{plural(report.baselined, 'finding')} accepted by the baseline not shown.")
    if report.skipped:
        out.append(f"{plural(len(report.skipped), 'file')} could not be analysed (listed below).")
    out.append("")
    if s.total:
        by_cat: dict[str, list[int]] = {}
        for f in report.findings:
            row = by_cat.setdefault(f.category.value, [0, 0])
            row[0 if fixable(f) else 1] += 1
        out += ["### By category", "", "| Category | Findings | Fixable | Manual |", "|---|--:|--:|--:|"]
        for category, count in s.by_category.items():
            fix, manual = by_cat.get(category, [0, 0])
            out.append(f"| `{category}` | {count} | {fix} | {manual} |")
        out += ["", "### By rule", "", "| Rule | Symbol | Findings |", "|---|---|--:|"]
        for code, count in sorted(s.by_rule.items(), key=lambda kv: (-kv[1], kv[0])):
            out.append(f"| {rule_link(code)} | `{rule_symbol(code)}` | {count} |")
        out += ["", "### Files", "", "| File | Findings | Fixable | Manual |", "|---|--:|--:|--:|"]
        files = report.by_file()
        for path, found in sorted(files.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            fix = sum(1 for f in found if fixable(f))
            out.append(f"| `{cell(path)}` | {len(found)} | {fix} | {len(found) - fix} |")
        out += ["", "<details><summary>All findings</summary>", "", "| Location | Rule | Fix | Message |",
                "|---|---|---|---|"]
        for f in report.findings[:MAX_LISTED]:
            out.append(f"| `{cell(f.location)}` | {rule_link(f.code)} | {fix_label(f)} | {cell(f.message)} |")
        if len(report.findings) > MAX_LISTED:
            out.append(f"| … | | | {len(report.findings) - MAX_LISTED:,} more (see `aoai-migrate audit --format json`) |")
        out += ["", "</details>", ""]
    if report.skipped:
        out += ["### Skipped files", "", "| File | Reason |", "|---|---|"]
        for skipped in report.skipped:
            out.append(f"| `{cell(skipped.path)}` | {cell(skipped.reason)} |")
        out.append("")
    stream.write("\n".join(out))
