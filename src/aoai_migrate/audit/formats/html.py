"""``audit --format html``: one self-contained page (inline CSS, an inline SVG chart, no
script, no external resource) that opens offline and can be attached to a ticket or a CI job.

It shows the score, a bar chart of findings by category (fixable and manual parts), the rules
found, and a table per file in which every finding links to its rule's documentation: the
published ``docs/rules.md`` anchor when the package declares a Documentation URL, else the
rule's entry at the bottom of the page, which carries the same anchor name as ``docs/rules.md``.
"""

from __future__ import annotations

import re
from html import escape
from typing import IO

from ... import __version__, docs, registry
from ...output.text import standalone
from ...runner import source_lines
from ..report import AuditReport, fix_label
from ..summary import fixable

CSS = """
:root { --fix: #2e7d32; --manual: #c62828; --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
       margin: 0 auto; max-width: 1100px; padding: 24px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px; }
h3 { font-size: 14px; margin: 18px 0 6px; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; }
.muted { color: var(--muted); }
.cards { display: flex; gap: 12px; flex-wrap: wrap; margin: 16px 0; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 16px; min-width: 140px; }
.card b { display: block; font-size: 24px; }
.score-high b { color: var(--fix); } .score-mid b { color: #b26a00; } .score-low b { color: var(--manual); }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f6f8fa; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12.5px; }
.tag { border-radius: 10px; padding: 0 7px; font-size: 12px; color: #fff; white-space: nowrap; }
.tag.fix { background: var(--fix); } .tag.manual { background: var(--manual); } .tag.review { background: #b26a00; }
pre { background: #f6f8fa; padding: 6px 8px; margin: 4px 0 0; overflow-x: auto; }
#files { table-layout: fixed; } #files td { overflow-wrap: anywhere; }
#files col.loc { width: 26%; } #files col.rule { width: 78px; } #files col.fix { width: 96px; }
svg text { font: 12px system-ui, sans-serif; fill: var(--ink); }
.legend span { display: inline-block; width: 10px; height: 10px; margin: 0 4px 0 12px; }
"""

BAR_WIDTH, ROW_HEIGHT, LABEL_WIDTH = 520, 26, 170


def chart(report: AuditReport) -> str:
    """A horizontal bar per category: the fixable part in green, the manual part in red."""
    s = report.summary
    rows = []
    fixes: dict[str, int] = {}
    for f in report.findings:
        fixes[f.category.value] = fixes.get(f.category.value, 0) + fixable(f)
    top = max(s.by_category.values(), default=0) or 1
    height = ROW_HEIGHT * max(len(s.by_category), 1) + 8
    width = LABEL_WIDTH + BAR_WIDTH + 60
    for i, (category, count) in enumerate(s.by_category.items()):
        y = 4 + i * ROW_HEIGHT
        fix = fixes.get(category, 0)
        fix_w = BAR_WIDTH * fix / top
        manual_w = BAR_WIDTH * (count - fix) / top
        rows.append(
            f'<g class="bar" data-category="{escape(category)}" data-count="{count}">'
            f'<title>{escape(category)}: {count} ({fix} fixable, {count - fix} manual)</title>'
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 16}" text-anchor="end">{escape(category)}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{fix_w:.1f}" height="{ROW_HEIGHT - 8}" fill="#2e7d32"/>'
            f'<rect x="{LABEL_WIDTH + fix_w:.1f}" y="{y + 3}" width="{manual_w:.1f}" height="{ROW_HEIGHT - 8}" '
            f'fill="#c62828"/>'
            f'<text x="{LABEL_WIDTH + fix_w + manual_w + 6:.1f}" y="{y + 16}">{count}</text></g>'
        )
    if not rows:
        rows.append('<text x="8" y="18">No findings: nothing left to migrate.</text>')
    return (
        f'<svg id="chart" role="img" aria-label="Findings by category" xmlns="http://www.w3.org/2000/svg" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">' + "".join(rows) + "</svg>"
    )


def rule_href(code: str) -> str:
    rule = registry.load().get(code)
    if rule is None:
        return "#"
    return docs.help_uri(rule) or f"#{docs.anchor(rule)}"


def message_html(message: str) -> str:
    """The message escaped, its `code spans` as ``<code>``."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", escape(message))


def _tag(label: str) -> str:
    cls = {"fix": "fix", "fix (review)": "review"}.get(label, "manual")
    return f'<span class="tag {cls}">{escape(label)}</span>'


def write_html(report: AuditReport, stream: IO[str]) -> None:
    s = report.summary
    rules = registry.load()
    level = "high" if s.score >= 90 else "mid" if s.score >= 50 else "low"
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>aoai-migrate audit: readiness {s.score}/100</title>",
        f"<style>{CSS}</style></head><body>",
        f"<h1>Migration readiness: {s.score}/100</h1>",
        '<p class="muted">From the Azure AI Inference SDK and version-pinned AzureOpenAI clients to the OpenAI v1 '
        f"SDK on Azure's <code>/openai/v1/</code> endpoint. aoai-migrate {escape(__version__)}.</p>",
        '<div class="cards">',
        f'<div class="card score-{level}" id="score"><b>{s.score}</b>readiness (0-100)</div>',
        f'<div class="card"><b>{s.total}</b>findings</div>',
        f'<div class="card"><b>{s.affected}</b>of {s.scanned} files affected</div>',
        f'<div class="card"><b>{s.fixable}</b>fixed by <code>aoai-migrate fix</code></div>',
        f'<div class="card"><b>{s.manual}</b>need a person</div>',
        f'<div class="card"><b>{s.lines:,}</b>lines scanned</div>',
        "</div>",
    ]
    if report.baselined:
        out.append(f'<p class="muted">{report.baselined} finding(s) accepted by the baseline are not shown.</p>')
    out += [
        "<h2>Findings by category</h2>",
        '<p class="legend muted"><span style="background:#2e7d32"></span>fixable<span style="background:#c62828">'
        "</span>manual</p>",
        chart(report),
    ]
    if s.by_rule:
        out += ["<h2>By rule</h2>", '<table id="rules"><tr><th>Rule</th><th>Symbol</th><th>Category</th>'
                "<th>Findings</th></tr>"]
        for code, count in sorted(s.by_rule.items(), key=lambda kv: (-kv[1], kv[0])):
            rule = rules.get(code)
            out.append(
                f'<tr><td><a href="{escape(rule_href(code))}"><code>{code}</code></a></td>'
                f"<td><code>{escape(rule.symbol if rule else '')}</code></td>"
                f"<td>{escape(rule.category.value if rule else '')}</td><td class=\"n\">{count}</td></tr>"
            )
        out.append("</table>")
        out += ["<h2>Findings by file</h2>", '<table id="files"><colgroup><col class="loc"><col class="rule">'
                '<col class="fix"><col></colgroup><tr><th>Location</th><th>Rule</th><th>Fix</th>'
                "<th>Message and migrated code</th></tr>"]
        for path, found in report.by_file().items():
            out.append(f'<tr class="file"><th colspan="4"><code>{escape(path)}</code> '
                       f'<span class="muted">({len(found)})</span></th></tr>')
            for f in found:
                snippet = ""
                if f.snippet:
                    lines = source_lines(report.lines, f) or []
                    source_line = lines[f.line - 1] if 0 < f.line <= len(lines) else ""
                    snippet = f"<pre><code>{escape(standalone(f.snippet, source_line))}</code></pre>"
                elif f.see is not None:
                    snippet = f"<p>Migrated code: see {escape(str(f.see))}</p>"
                out.append(
                    f'<tr class="finding"><td><code>{escape(f.location)}</code></td>'
                    f'<td><a href="{escape(rule_href(f.code))}"><code>{f.code}</code></a></td>'
                    f"<td>{_tag(fix_label(f))}</td><td>{message_html(f.message)}{snippet}</td></tr>"
                )
        out.append("</table>")
    if report.skipped:
        out += ["<h2>Skipped files</h2>", '<table id="skipped"><tr><th>File</th><th>Reason</th></tr>']
        for skipped in report.skipped:
            out.append(f"<tr><td><code>{escape(skipped.path)}</code></td><td>{escape(skipped.reason)}</td></tr>")
        out.append("</table>")
    if s.by_rule:
        out.append("<h2>Rules</h2>")
        for code in s.by_rule:
            rule = rules.get(code)
            if rule is None:
                continue
            out.append(
                f'<section id="{docs.anchor(rule)}"><h3>{escape(docs.heading(rule))}</h3>'
                f"<p>{escape(rule.summary.strip())}</p><p class=\"muted\">{escape(rule.why.strip())}</p></section>"
            )
    out.append("</body></html>\n")
    stream.write("\n".join(out))
