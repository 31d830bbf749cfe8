"""``aoai-migrate``: the command line.

    aoai-migrate check [PATH ...] [--format full|concise|json|json-lines|sarif|github|gitlab|junit] ...
    aoai-migrate audit [PATH ...] [--format terminal|markdown|html|json] [--fail-under SCORE]
    aoai-migrate fix [PATH ...] [--diff] [--unsafe-fixes]   # apply the migration (see fix/command.py)
    aoai-migrate rule AOM101          # the rule's documentation (markdown)
    aoai-migrate rules                # every rule: code, symbol, category, severity, message

Exit status of ``check``: 0 no findings, 1 findings (0 with ``--exit-zero``), 2 an error: a bad
flag or configuration, an unknown rule code, a path that does not exist, or a file that could
not be read, decoded or parsed. Files in error are reported on stderr (``path: error: why``)
and every other file is still checked; ``--exit-zero`` does not hide them, because their code
was not checked at all (exclude them with ``extend-exclude``). With ``--baseline FILE`` the
findings recorded by ``--write-baseline FILE`` are neither reported nor counted.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import IO, Sequence

from . import __version__, baseline, config, docs, output, registry, runner, test_code
from .files import MissingPath, discover
from .sharing import share_by_file

#: below this many files no progress bar is shown
PROGRESS_THRESHOLD = 200

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="aoai-migrate",
        description="Find code to migrate from the Azure AI Inference SDK and version-pinned AzureOpenAI "
        "clients to the OpenAI v1 SDK on Azure's /openai/v1/ endpoint, with the migrated code.",
    )
    parser.add_argument("--version", action="version", version=f"aoai-migrate {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = commands.add_parser("check", help="check files and directories", description="Check Python files.")
    check.add_argument("paths", nargs="*", metavar="PATH", default=["."],
                       help="files or directories to check (default: .); - reads standard input")
    check.add_argument("--format", "--output-format", dest="format", default="full",
                       choices=list(output.FORMATS) + list(output.ALIASES),
                       help="output format (default: full; text is an alias of full)")
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings")
    check.add_argument("--statistics", action="store_true", help="print counts per rule instead of findings")
    check.add_argument("--no-snippets", action="store_true", help="full format: omit the migrated code")
    check.add_argument("-q", "--quiet", action="store_true",
                       help="print findings but nothing else (no summary line, no progress bar)")
    check.add_argument("--exclude-tests", action="store_true",
                       help="skip test code (the test-paths patterns: tests/, test_*.py, conftest.py, ...)")
    add_stdin_option(check)
    add_common_options(check)

    from .audit import command as audit

    audit.add_parser(commands, add_common_options)

    from .fix import command as fix

    fix.add_parser(commands, add_common_options)

    rule = commands.add_parser("rule", help="show a rule's documentation",
                               description="Print a rule's documentation (markdown).")
    rule.add_argument("code", nargs="?", metavar="CODE", help="AOM### or the rule's symbol")
    rule.add_argument("--all", action="store_true", help="every rule")

    rules = commands.add_parser("rules", help="list the rules", description="List every rule.")
    rules.add_argument("--format", choices=("text", "json"), default="text")
    return parser


def add_stdin_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--stdin-filename", metavar="PATH",
                        help="the file standard input (-) stands for: its configuration, per-file ignores, "
                        "test-code patterns and kind (.ipynb: a notebook) apply, and findings name it")


def add_common_options(parser: argparse.ArgumentParser) -> None:
    """Options shared by ``check`` and ``audit``: rule selection, files, configuration, output
    file, workers and baselines."""
    parser.add_argument("--select", action="append", metavar="CODES",
                        help="comma-separated code prefixes to report (replaces the configured select)")
    parser.add_argument("--ignore", action="append", metavar="CODES",
                        help="comma-separated code prefixes to drop (replaces the configured ignore)")
    parser.add_argument("--extend-select", action="append", metavar="CODES", help="add to select")
    parser.add_argument("--extend-ignore", action="append", metavar="CODES", help="add to ignore")
    parser.add_argument("--exclude", action="append", metavar="GLOBS",
                        help="comma-separated globs of files/directories to skip (replaces the defaults)")
    parser.add_argument("--extend-exclude", action="append", metavar="GLOBS", help="add to exclude")
    parser.add_argument("--entra-scope", metavar="SCOPE", help="Entra ID scope used in token-provider snippets")
    parser.add_argument("--config", metavar="FILE",
                        help="a pyproject.toml ([tool.aoai-migrate]) or a TOML file of the same keys")
    parser.add_argument("-o", "--output-file", metavar="FILE", help="write the report to FILE instead of stdout")
    parser.add_argument("-j", "--jobs", type=int, default=0, metavar="N",
                        help="worker processes for runs of 200 files or more (default: one per CPU; 1: none)")
    parser.add_argument("--baseline", metavar="FILE",
                        help="do not report findings recorded in FILE (written by --write-baseline)")
    parser.add_argument("--write-baseline", metavar="FILE",
                        help="record the current findings in FILE (new findings are reported against it)")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "check":
            return _check(args)
        if args.command == "audit":
            from .audit import command as audit

            return audit.run(args, _effective_config(args))
        if args.command == "fix":
            from .fix import command as fix

            return fix.run(args, _effective_config(args))
        if args.command == "rule":
            return _rule(args)
        if args.command == "rules":
            return _rules(args)
    except config.ConfigError as exc:
        print(f"aoai-migrate: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:  # `aoai-migrate check | head`: stop quietly, as cat does
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_ERROR
    parser.print_help()
    return EXIT_ERROR


def _joined(values: list[str] | None) -> str | None:
    return ",".join(values) if values else None


def _effective_config(args: argparse.Namespace) -> config.Config:
    stdin_name = getattr(args, "stdin_filename", None)
    cfg = config.resolve(args.config, [stdin_name if p == "-" and stdin_name else p for p in args.paths])
    for flag in ("select", "ignore", "extend_select", "extend_ignore"):
        value = _joined(getattr(args, flag))
        if value is not None:
            codes = config.parse_codes(value, f"--{flag.replace('_', '-')}")
            if flag.startswith("extend"):
                codes = getattr(cfg, flag) + codes
            setattr(cfg, flag, codes)
    if args.exclude:
        cfg.exclude = tuple(g for v in args.exclude for g in v.split(",") if g)
    if args.extend_exclude:
        cfg.extend_exclude += tuple(g for v in args.extend_exclude for g in v.split(",") if g)
    if args.entra_scope:
        cfg.entra_scope = args.entra_scope
    return cfg


def _check(args: argparse.Namespace) -> int:
    cfg = _effective_config(args)
    missing = []
    for path in args.paths:
        if path != "-" and not os.path.exists(path):
            missing.append(runner.FileError(path, "no such file or directory"))
    try:
        files = list(discover([p for p in args.paths if p == "-" or os.path.exists(p)], cfg.excludes, cfg.root))
    except MissingPath as exc:  # removed while we looked
        missing.append(runner.FileError(str(exc), "no such file or directory"))
        files = []
    if args.exclude_tests:
        is_test = test_code.matcher(cfg.test_paths, cfg.root)
        files = [f for f in files if not is_test(args.stdin_filename if f == "-" and args.stdin_filename else f)]
    try:
        known = baseline.read(args.baseline) if args.baseline else None
    except baseline.BaselineError as exc:
        print(f"aoai-migrate: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    report = _run(files, cfg, args.jobs if args.jobs > 0 else (os.cpu_count() or 1), progress=not args.quiet,
                  stdin_name=args.stdin_filename)
    report.errors[:0] = missing
    if args.write_baseline or known is not None:
        prints = baseline.fingerprints(report.findings, report.lines, cfg.root)
        if args.write_baseline:
            baseline.write(args.write_baseline, report.findings, prints, cfg.root)
            n = len(report.findings)
            print(f"aoai-migrate: wrote {n} finding{'s' if n != 1 else ''} to {args.write_baseline}", file=sys.stderr)
        if known is not None:
            report.findings, _ = baseline.new_findings(report.findings, prints, known)
    report.findings = share_by_file(report.findings)  # once the reported findings are known
    for error in report.errors:
        print(error, file=sys.stderr)
    stream: IO[str]
    if args.output_file:
        with open(args.output_file, "w", encoding="utf-8") as stream:
            output.write(report, args.format, stream, snippets=not args.no_snippets,
                         statistics=args.statistics, color=False, quiet=args.quiet)
    else:
        output.write(report, args.format, sys.stdout, snippets=not args.no_snippets, statistics=args.statistics,
                     quiet=args.quiet)
        sys.stdout.flush()
    if report.errors:
        return EXIT_ERROR
    if report.findings and not args.exit_zero:
        return EXIT_FINDINGS
    return EXIT_CLEAN


def _run(
    files: list[str], cfg: config.Config, jobs: int = 1, progress: bool = True, stdin_name: str | None = None
) -> runner.Report:
    if not progress or len(files) < PROGRESS_THRESHOLD or not sys.stderr.isatty():
        return runner.check_paths(files, cfg, jobs=jobs, stdin_name=stdin_name)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("checking"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=Console(file=sys.stderr), transient=True,
    ) as progress:
        task = progress.add_task("check", total=len(files))
        return runner.check_paths(files, cfg, on_file=lambda _path: progress.advance(task), jobs=jobs,
                                  stdin_name=stdin_name)


def _find_rule(name: str) -> type[registry.Rule] | None:
    rules = registry.load()
    if name.upper() in rules:
        return rules[name.upper()]
    return next((r for r in rules.values() if r.symbol == name.lower()), None)


def _rule(args: argparse.Namespace) -> int:
    if args.all:
        sys.stdout.write(docs.render())
        return EXIT_CLEAN
    if not args.code:
        print("aoai-migrate: error: give a rule code (e.g. AOM101) or --all", file=sys.stderr)
        return EXIT_ERROR
    rule = _find_rule(args.code)
    if rule is None:
        print(f"aoai-migrate: error: unknown rule {args.code!r} (see `aoai-migrate rules`)", file=sys.stderr)
        return EXIT_ERROR
    sys.stdout.write(docs.rule_markdown(rule, level=1))
    return EXIT_CLEAN


def _rules(args: argparse.Namespace) -> int:
    rules = list(registry.all_rules())
    if args.format == "json":
        rows = [
            {"code": r.code, "symbol": r.symbol, "category": r.category.value, "severity": r.severity,
             "fixable": r.fixable,
             "fix_applicability": r.fix_applicability.value if r.fixable else None, "message": r.message, "pylint": r.pylint_msgid()}
            for r in rules
        ]
        json.dump(rows, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return EXIT_CLEAN
    width = max((len(r.symbol) for r in rules), default=0)
    cat_width = max((len(r.category.value) for r in rules), default=0)
    for r in rules:
        print(f"{r.code}  {r.symbol:<{width}}  {r.category.value:<{cat_width}}  {r.severity:<7}  {r.message}")
    return EXIT_CLEAN


if __name__ == "__main__":
    sys.exit(main())
