"""flake8, pylint and ``aoai-migrate check`` report the same (path, line, code) on every
annotated eval file and bundled example, and the same findings point to another finding's
snippet instead of repeating it: they are three doors onto one engine."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from collections import defaultdict
from contextlib import redirect_stdout
from pathlib import Path

import pytest
from pylint.lint import Run
from pylint.reporters import CollectingReporter

from aoai_migrate import registry
from aoai_migrate.cli import main

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted((ROOT / "tests" / "eval_files").glob("*.py")) + sorted((ROOT / "examples").glob("*.py"))
SYMBOL_TO_CODE = {rule.symbol: code for code, rule in registry.load().items()}

pytestmark = pytest.mark.skipif(not FILES, reason="no eval files or examples yet")

Located = dict[str, set[tuple[int, str, bool]]]
POINTER = "; migrated code: see "


def _key(path: str) -> str:
    return Path(path).resolve().relative_to(ROOT).as_posix()


def _group(items) -> Located:
    out: Located = defaultdict(set)
    for path, line, code, shared in items:
        out[_key(path)].add((line, code, shared))
    return out


@pytest.fixture(scope="module")
def from_flake8() -> Located:
    done = subprocess.run(
        [sys.executable, "-m", "flake8", "--isolated", "--select", "AOM", "--format", "%(path)s\t%(row)d\t%(code)s\t%(text)s",
         *map(str, FILES)],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert done.returncode in (0, 1), done.stderr
    assert "Traceback" not in done.stderr
    rows = [line.split("\t", 3) for line in done.stdout.splitlines() if line.strip()]
    return _group((path, int(line), code, POINTER in text) for path, line, code, text in rows)


@pytest.fixture(scope="module")
def from_pylint() -> Located:
    reporter = CollectingReporter()
    symbols = ",".join(SYMBOL_TO_CODE)
    with redirect_stdout(io.StringIO()):
        Run(
            ["--load-plugins=aoai_migrate.pylint_plugin", "--disable=all", f"--enable={symbols}",
             "--persistent=n", "--score=n", *map(str, FILES)],
            reporter=reporter,
            exit=False,
        )
    return _group((m.abspath, m.line, SYMBOL_TO_CODE[m.symbol], POINTER in m.msg) for m in reporter.messages)


@pytest.fixture(scope="module")
def from_cli() -> Located:
    out = io.StringIO()
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        with redirect_stdout(out):
            code = main(["check", "--format", "json", *map(str, FILES)])
    finally:
        os.chdir(cwd)
    assert code in (0, 1)
    return _group(
        (f["path"], f["line"], f["code"], f["snippet_shown_by"] is not None) for f in json.loads(out.getvalue())
    )


@pytest.mark.parametrize("path", FILES, ids=[_key(str(p)) for p in FILES])
def test_flake8_pylint_and_cli_agree(path, from_flake8, from_pylint, from_cli):
    key = _key(str(path))
    flake8, pylint, cli = from_flake8.get(key, set()), from_pylint.get(key, set()), from_cli.get(key, set())
    assert flake8 == cli, f"flake8 only: {sorted(flake8 - cli)}; CLI only: {sorted(cli - flake8)}"
    assert pylint == cli, f"pylint only: {sorted(pylint - cli)}; CLI only: {sorted(cli - pylint)}"


def test_eval_files_and_examples_produce_findings(from_cli):
    expected = {_key(str(p)) for p in FILES if re.search(r"#\s*expect:", p.read_text(encoding="utf-8"))}
    assert expected <= set(from_cli)
    assert any(shared for located in from_cli.values() for _, _, shared in located), "no snippet is ever shared"
