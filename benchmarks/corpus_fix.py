"""The corpus round trip of ``aoai-migrate fix`` (``python benchmarks/corpus.py --fix``).

Every corpus file with findings is copied into ``benchmarks/.cache/fix/<mode>/<package>/`` (or
the ``--fix-dir`` given) and fixed there, once with ``aoai-migrate fix --unsafe-fixes`` and once
with the plain ``fix`` (safe fixes only), each on its own copy (the corpus itself is never
touched). Then, in each mode:

* the output parses;
* a second ``fix`` run changes nothing;
* ``check`` reports only findings that the mode leaves on purpose (no mechanical fix, or, for the
  plain ``fix``, an unsafe one); a finding whose fix the mode would still apply counts as "left";
* mypy, with the real ``openai`` package installed, reports no error that it did not report for
  the original file (same error code and message), on an edited line or elsewhere (a safe fix
  must not break a line it leaves alone, such as a ``return`` under a changed annotation). An
  error on a line where ``check`` still reports a finding left for a person (a call that needs
  one, now on the migrated client) is counted apart, *at manual findings*: that is where work
  remains, and the finding says what to do. An
  edited line's error whose code mypy already reported on the original lines that the edit
  replaced (the same fault, now spelled with openai's types: an ``arguments`` dict that was wrong
  for ``FunctionCall`` is wrong for ``create()`` too) is counted apart as *carried over*. Files are
  type-checked as modules of their package (dotted names); imports the corpus cannot resolve are
  ignored on both sides alike.
"""

from __future__ import annotations

import ast
import collections
import contextlib
import dataclasses
import difflib
import io
import pathlib
import re
import shutil
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent
WORK = HERE / ".cache" / "fix"
_MYPY_LINE = re.compile(r"^(?P<file>[^:]+\.py):(?P<line>\d+): error: (?P<message>.*?)(?:  \[(?P<code>[\w-]+)\])?$")


@dataclasses.dataclass
class FixResult:
    package: str
    #: files with findings (the ones fixed)
    files: int = 0
    #: files ``fix`` changed
    changed: int = 0
    #: outputs that do not parse (must stay 0)
    unparsable: list[str] = dataclasses.field(default_factory=list)
    #: files a second run still changes (must stay 0)
    unstable: list[str] = dataclasses.field(default_factory=list)
    #: findings ``check`` still reports, by whether a mechanical fix remains
    manual_left: int = 0
    mechanical_left: list[str] = dataclasses.field(default_factory=list)
    #: files type-checked and the new errors on edited lines
    typed: int = 0
    type_errors: list[str] = dataclasses.field(default_factory=list)
    #: new errors on a line where ``check`` still reports a finding left for a person (the
    #: call whose migration needs a person, now on the migrated client): where work remains
    at_manual: list[str] = dataclasses.field(default_factory=list)
    #: errors on edited lines whose code the replaced original lines already had
    carried: list[str] = dataclasses.field(default_factory=list)
    #: comments of the original files missing from the fixed ones (``file: # comment``)
    comments_lost: list[str] = dataclasses.field(default_factory=list)
    seconds: float = 0.0


def run_fix(root: pathlib.Path, unsafe: bool = True) -> str:
    """``aoai-migrate fix [--unsafe-fixes] root``; returns what it printed."""
    from aoai_migrate import cli

    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        try:
            cli.main(["fix", *(["--unsafe-fixes"] if unsafe else []), str(root)])
        except SystemExit:
            pass
    return out.getvalue()


def recheck(root: pathlib.Path) -> dict[str, list[tuple[int, str, str | None]]]:
    """``aoai-migrate check --format json root`` (with the project index ``fix`` used):
    ``file -> [(line, code, fix applicability)]``."""
    import json

    from aoai_migrate import cli

    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        try:
            cli.main(["check", "--format", "json", "--exit-zero", "--quiet", str(root)])
        except SystemExit:
            pass
    report = json.loads(out.getvalue() or "{}")
    found: dict[str, list[tuple[int, str, str | None]]] = {}
    for finding in report.get("findings", []) if isinstance(report, dict) else report:
        rel = str(pathlib.Path(finding["path"]).resolve().relative_to(root.resolve()))
        fix = finding.get("fix")
        found.setdefault(rel, []).append((finding["line"], finding["code"], fix and fix.get("applicability")))
    return found


def snapshot(root: pathlib.Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.py"))}


def fix_pass(package: str, source_root: pathlib.Path, files: list[str], mypy: bool = True,
             work: pathlib.Path | None = None, unsafe: bool = True) -> FixResult:
    import time

    result = FixResult(package, files=len(files))
    start = time.perf_counter()
    base = (work or WORK) / package
    shutil.rmtree(base, ignore_errors=True)
    original, fixed = base / "original", base / "fixed"
    for rel in files:
        for side in (original, fixed):
            target = side / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source_root / rel, target)
    run_fix(fixed, unsafe)
    first = snapshot(fixed)
    run_fix(fixed, unsafe)
    second = snapshot(fixed)
    result.unstable = sorted(rel for rel in first if first[rel] != second.get(rel))
    left = recheck(fixed)
    for rel in files:
        before = (original / rel).read_bytes()
        after = first.get(rel, b"")
        if after != before:
            result.changed += 1
            result.comments_lost += [f"{rel}: {c}" for c in lost_comments(before, after)]
        try:
            ast.parse(after)
        except (SyntaxError, ValueError):
            result.unparsable.append(rel)
            continue
        for line, code, applicability in left.get(rel, ()):
            if applicability == "safe" or (unsafe and applicability == "unsafe"):
                result.mechanical_left.append(f"{rel}:{line} {code}")
            else:
                result.manual_left += 1
    if mypy:
        changed = [rel for rel in files if first.get(rel) != (original / rel).read_bytes() and rel not in result.unparsable]
        result.typed = len(changed)
        new, result.carried = new_type_errors(base, original, fixed, changed)
        manual = {(rel, line) for rel, found in left.items() for line, _code, applicability in found
                  if not (applicability == "safe" or (unsafe and applicability == "unsafe"))}
        for entry in new:
            rel, _, rest = entry.partition(":")
            line = rest.partition(":")[0]
            (result.at_manual if line.isdigit() and (rel, int(line)) in manual else result.type_errors).append(entry)
    result.seconds = time.perf_counter() - start
    return result


def lost_comments(before: bytes, after: bytes) -> list[str]:
    """The comment tokens of ``before`` that ``after`` lacks (as many times as it lacks them)."""
    import collections
    import tokenize

    def tokens(data: bytes) -> collections.Counter:
        try:
            return collections.Counter(
                tok.string.rstrip() for tok in tokenize.tokenize(io.BytesIO(data).readline) if tok.type == tokenize.COMMENT
            )
        except (tokenize.TokenError, SyntaxError):
            return collections.Counter()

    return sorted((tokens(before) - tokens(after)).elements())


def new_type_errors(base: pathlib.Path, original: pathlib.Path, fixed: pathlib.Path,
                    files: list[str]) -> tuple[list[str], list[str]]:
    """mypy errors of the fixed files that the original files did not have: ``(new, carried
    over)``. On an edited line: an error whose code and message the original had nowhere;
    carried over = the replaced original lines had an error of that code. On an unedited line: an
    error the original did not have as many times (same code and message)."""
    if not files:
        return [], []
    reports = {side: _mypy(root, files, base / ".mypy_cache") for side, root in (("original", original), ("fixed", fixed))}
    out = [f"mypy stopped on the {side} files: {report}" for side, report in reports.items() if isinstance(report, str)]
    if out:
        return out, []
    carried: list[str] = []
    for rel in files:
        old = reports["original"].get(rel, [])
        before = {(code, _comparable(message)) for _, code, message in old}
        # an unedited line may break too (an annotation changed while the value it declares was
        # not): its error is new when the original had none with that code and message
        unedited = collections.Counter((code, _comparable(message)) for _, code, message in old)
        edited = _edited_lines((original / rel).read_text(encoding="utf-8", errors="replace"),
                               (fixed / rel).read_text(encoding="utf-8", errors="replace"))
        for line, code, message in reports["fixed"].get(rel, []):
            key = (code, _comparable(message))
            if line not in edited:
                if unedited[key] > 0:
                    unedited[key] -= 1
                else:
                    out.append(f"{rel}:{line}: {message} [{code}] (an unedited line)")
                continue
            if key in before:
                continue
            start, end = edited[line]
            entry = f"{rel}:{line}: {message} [{code}]"
            if any(start <= old_line <= end and old_code == code for old_line, old_code, _ in old):
                carried.append(entry)
            else:
                out.append(entry)
    return out, carried


_LINE_REFERENCE = re.compile(r"\bline \d+")


def _comparable(message: str) -> str:
    """A mypy message without the line numbers it names (``Name "x" already defined on line
    226``): an edit above shifts them, the error is the same."""
    return _LINE_REFERENCE.sub("line N", message)


def _mypy(root: pathlib.Path, files: list[str], cache: pathlib.Path) -> dict[str, list[tuple[int, str, str]]] | str:
    """mypy over ``files`` (relative to ``root``) as modules of their packages: run from the
    directory that holds the top-level packages (an sdist's ``name-version/`` folder), so that
    module names are dotted paths (no duplicates) and relative imports resolve. Returns the
    errors by file, or the reason mypy stopped."""
    cwd = root
    tops = [p for p in root.iterdir()]
    if len(tops) == 1 and tops[0].is_dir() and not tops[0].name.isidentifier():
        cwd = tops[0]
    prefix = str(cwd.relative_to(root))
    names = [str((root / rel).relative_to(cwd)) for rel in files]
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--ignore-missing-imports", "--follow-imports=silent",
         "--explicit-package-bases", "--no-error-summary", "--show-error-codes", "--no-pretty",
         "--check-untyped-defs", "--cache-dir", str(cache), *names],
        cwd=cwd, capture_output=True, text=True, timeout=1800,
    )
    if done.returncode not in (0, 1):
        return (done.stdout + done.stderr).strip().splitlines()[-1] if (done.stdout + done.stderr).strip() else f"exit {done.returncode}"
    errors: dict[str, list[tuple[int, str, str]]] = {}
    for line in done.stdout.splitlines():
        match = _MYPY_LINE.match(line)
        if match:
            rel = match.group("file") if prefix == "." else f"{prefix}/{match.group('file')}"
            errors.setdefault(rel, []).append((int(match.group("line")), match.group("code") or "", match.group("message")))
    return errors


def _edited_lines(before: str, after: str) -> dict[int, tuple[int, int]]:
    """1-based line numbers of ``after`` that differ from ``before``, each with the range of
    ``before`` lines (1-based, inclusive) its edit replaced (an insertion: the lines around it)."""
    matcher = difflib.SequenceMatcher(None, before.splitlines(), after.splitlines(), autojunk=False)
    lines: dict[int, tuple[int, int]] = {}
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in ("replace", "insert"):
            for line in range(j1 + 1, j2 + 1):
                lines[line] = (i1 + 1, max(i2, i1 + 1)) if tag == "replace" else (i1, i1 + 1)
    return lines


def table(results: list[FixResult]) -> str:
    header = ["package", "files with findings", "changed", "unparsable", "unstable", "manual findings left",
              "mechanical left", "type-checked", "new type errors", "at manual findings", "carried over",
              "comments lost", "seconds"]
    rows = [header]
    for r in results:
        rows.append([r.package, str(r.files), str(r.changed), str(len(r.unparsable)), str(len(r.unstable)),
                     str(r.manual_left), str(len(r.mechanical_left)), str(r.typed), str(len(r.type_errors)),
                     str(len(r.at_manual)), str(len(r.carried)), str(len(r.comments_lost)), f"{r.seconds:.1f}"])
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = ["| " + " | ".join(cell.ljust(w) for cell, w in zip(row, widths)) + " |" for row in rows]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def details(results: list[FixResult]) -> str:
    out = []
    for r in results:
        for label, items in (("unparsable", r.unparsable), ("unstable", r.unstable),
                             ("mechanical fix left", r.mechanical_left), ("new type error", r.type_errors),
                             ("type error at a manual finding", r.at_manual),
                             ("type error carried over", r.carried), ("comment lost", r.comments_lost)):
            out += [f"{r.package}: {label}: {item}" for item in items]
    return "\n".join(out)
