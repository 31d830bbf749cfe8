"""``aoai-migrate audit [PATH ...]``: scan a repository, summarise, render one format.

Exit status: 0 (an audit reports, it does not fail), 1 with ``--fail-under SCORE`` when the
readiness score is below SCORE, 2 on a usage or configuration error.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import time
from typing import IO, Callable

from .. import baseline, config
from ..sharing import share_by_file
from ..model import Finding
from .report import AuditReport, Skipped
from .summary import summarize

FORMATS = ("terminal", "markdown", "html", "json")
EXIT_CLEAN, EXIT_BELOW, EXIT_ERROR = 0, 1, 2

#: the progress bar appears once a scan has taken this long (seconds), on a terminal only
PROGRESS_AFTER = 0.5


def add_parser(commands, add_common: Callable[[argparse.ArgumentParser], None]) -> argparse.ArgumentParser:
    audit = commands.add_parser(
        "audit", help="summarise a repository's migration work",
        description="Audit a repository: every finding, by category, rule and file, with a readiness score "
        "(0-100, 100 = nothing left to migrate).",
    )
    audit.add_argument("paths", nargs="*", metavar="PATH", default=["."],
                       help="repository or files to audit (default: .)")
    audit.add_argument("--format", dest="format", default="terminal", choices=FORMATS,
                       help="terminal (default), markdown (PR comments, CI job summaries), "
                       "html (one self-contained file) or json")
    audit.add_argument("--fail-under", type=int, metavar="SCORE",
                       help="exit 1 when the readiness score is below SCORE (0-100)")
    add_common(audit)
    return audit


def run(args: argparse.Namespace, cfg: config.Config) -> int:
    if args.fail_under is not None and not 0 <= args.fail_under <= 100:
        print("aoai-migrate: error: --fail-under takes a score from 0 to 100", file=sys.stderr)
        return EXIT_ERROR
    for path in args.paths:
        if not os.path.exists(path):
            print(f"aoai-migrate: error: {path}: no such file or directory", file=sys.stderr)
            return EXIT_ERROR
    jobs = args.jobs if args.jobs > 0 else (os.cpu_count() or 1)
    try:
        known = baseline.read(args.baseline) if args.baseline else None
    except baseline.BaselineError as exc:
        print(f"aoai-migrate: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    report = build(args.paths, cfg, jobs=jobs, known=known, progress=not getattr(args, "quiet", False))
    if report.summary.scanned == 0:
        # an empty audit scores 100: say why rather than let that pass for a clean repository
        print(f"aoai-migrate: warning: no files to audit in {', '.join(args.paths)} (all excluded, "
              "git-ignored, or of kinds the audit does not read)", file=sys.stderr)
    if args.write_baseline:
        _write_baseline(args.write_baseline, report, cfg)
    stream: IO[str]
    if args.output_file:
        with open(args.output_file, "w", encoding="utf-8") as stream:
            write(report, args.format, stream, color=False)
    else:
        write(report, args.format, sys.stdout)
        sys.stdout.flush()
    if args.fail_under is not None and report.summary.score < args.fail_under:
        print(f"aoai-migrate: readiness {report.summary.score} is below --fail-under {args.fail_under}",
              file=sys.stderr)
        return EXIT_BELOW
    return EXIT_CLEAN


def _write_baseline(path: str, report: AuditReport, cfg: config.Config) -> None:
    findings = report.findings
    prints = baseline.fingerprints(findings, report.lines, cfg.root)
    baseline.write(path, findings, prints, cfg.root)
    print(f"aoai-migrate: wrote {len(findings)} finding{'s' if len(findings) != 1 else ''} to {path}",
          file=sys.stderr)


def build(paths: list[str], cfg: config.Config, *, jobs: int = 1, known: frozenset[str] | None = None,
          progress: bool = True) -> AuditReport:
    """Scan ``paths`` and summarise; findings whose fingerprint is in ``known`` are left out
    (of the findings and of the summary)."""
    with _Progress(enabled=progress and sys.stderr.isatty()) as bar:
        result = _scan(paths, cfg, jobs=jobs, on_file=bar.advance)
    findings: list[Finding] = sorted(
        (dataclasses.replace(f, path=_display(f.path)) for f in result.findings),
        key=lambda f: f.sort_key,
    )
    lines = {
        (_display(key[0]), *key[1:]) if isinstance(key, tuple) else _display(key): text
        for key, text in result.lines.items()
    }
    baselined = 0
    if known is not None:
        prints = baseline.fingerprints(findings, lines, cfg.root)
        findings, baselined = baseline.new_findings(findings, prints, known)
    findings = share_by_file(findings)  # one snippet per site, as check shows them
    skipped = [Skipped(_display(s.path), s.reason) for s in result.skipped]
    summary = summarize(findings, scanned=result.files, skipped=len(skipped), lines=result.code_lines)
    return AuditReport(findings=findings, skipped=skipped, summary=summary, lines=lines, baselined=baselined)


def _display(path: str) -> str:
    """``./app/x.py`` -> ``app/x.py`` (paths as given otherwise, as ``check`` prints them)."""
    return os.path.normpath(path) if path.startswith("./") else path


def write(report: AuditReport, fmt: str, stream: IO[str], *, color: bool | None = None) -> None:
    if fmt == "json":
        from .formats.json import write_json

        write_json(report, stream)
    elif fmt == "markdown":
        from .formats.markdown import write_markdown

        write_markdown(report, stream)
    elif fmt == "html":
        from .formats.html import write_html

        write_html(report, stream)
    else:
        from .formats.terminal import write_terminal

        write_terminal(report, stream, color=color)


class _Progress:
    """A rich progress bar on stderr that shows up only once the scan has taken a moment."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.count = 0
        self.start = time.monotonic()
        self.progress = None
        self.task = None

    def __enter__(self) -> "_Progress":
        self.start = time.monotonic()
        return self

    def advance(self, _path: str) -> None:
        self.count += 1
        if not self.enabled:
            return
        if self.progress is None:
            if time.monotonic() - self.start < PROGRESS_AFTER:
                return
            from rich.console import Console
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self.progress = Progress(
                SpinnerColumn(), TextColumn("auditing: {task.completed} files"), TimeElapsedColumn(),
                console=Console(file=sys.stderr), transient=True,
            )
            self.progress.start()
            self.task = self.progress.add_task("audit", total=None)
        self.progress.update(self.task, completed=self.count)

    def __exit__(self, *exc) -> None:
        if self.progress is not None:
            self.progress.stop()


# -- the scan -----------------------------------------------------------------------------------


def _scan(paths: list[str], cfg: config.Config, *, jobs: int, on_file):
    from .scan import scan

    return scan(paths, cfg, jobs=jobs, on_file=on_file)
