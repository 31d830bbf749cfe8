"""Before/after fixtures of ``aoai-migrate fix --unsafe-fixes`` (bump-pydantic style).

Each directory of ``tests/fix_fixtures/`` holds ``before.py`` and the exact ``after.py`` that
``fix --unsafe-fixes`` must produce: one transformation per directory (clients, endpoints, calls,
model classes, enums, stream guards, exception handlers, ...), plus whole files built from the
migration guide's Azure AI Inference blocks (``guide_*``). A second run must change nothing, and
``check`` afterwards reports only findings that have no mechanical fix.

A directory may also hold ``after_safe.py``: what the plain ``fix`` (safe fixes only) must
produce, for transformations whose safety depends on other fixes (see ``fix_dependencies.py``).

To regenerate the ``after.py`` (and ``after_safe.py``) files after an intended change, run with
``AOAI_MIGRATE_UPDATE_FIXTURES=1`` and review the diff.
"""

from __future__ import annotations

import ast
import os
import pathlib
import shutil

import pytest

from fixing import fix_file

from aoai_migrate.engine import analyze_source

FIXTURES = pathlib.Path(__file__).resolve().parent / "fix_fixtures"
CASES = sorted(p for p in FIXTURES.iterdir() if (p / "before.py").is_file())
SAFE_CASES = [case for case in CASES if (case / "after_safe.py").is_file()]
UPDATE = os.environ.get("AOAI_MIGRATE_UPDATE_FIXTURES") == "1"


def fixed(case: pathlib.Path, tmp_path: pathlib.Path) -> pathlib.Path:
    work = tmp_path / f"{case.name}.py"
    shutil.copy(case / "before.py", work)
    fix_file(work, unsafe=True)
    return work


def test_every_fixture_has_an_after_file():
    assert CASES
    assert all((case / "after.py").is_file() for case in CASES) or UPDATE


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_fix_turns_before_into_after(case, tmp_path):
    work = fixed(case, tmp_path)
    result = work.read_text(encoding="utf-8")
    if UPDATE:
        (case / "after.py").write_text(result, encoding="utf-8")
    expected = (case / "after.py").read_text(encoding="utf-8")
    assert result == expected
    assert result != (case / "before.py").read_text(encoding="utf-8")
    ast.parse(work.read_bytes())  # bytes: a BOM and a coding cookie as the file has them


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_fixed_file_is_stable_and_left_with_manual_findings_only(case, tmp_path):
    work = tmp_path / f"{case.name}.py"
    shutil.copy(case / "after.py", work)
    fix_file(work, unsafe=True)
    assert work.read_text(encoding="utf-8") == (case / "after.py").read_text(encoding="utf-8")
    mechanical = [
        f"{f.code} line {f.line}" for f in analyze_source(work.read_text(encoding="utf-8-sig"), str(work))
        if f.fix is not None and f.fix.allowed(unsafe=True)
    ]
    assert not mechanical


@pytest.mark.parametrize("case", SAFE_CASES, ids=[c.name for c in SAFE_CASES])
def test_plain_fix_turns_before_into_after_safe(case, tmp_path):
    work = tmp_path / f"{case.name}.py"
    shutil.copy(case / "before.py", work)
    fix_file(work, unsafe=False)
    result = work.read_text(encoding="utf-8")
    if UPDATE:
        (case / "after_safe.py").write_text(result, encoding="utf-8")
    assert result == (case / "after_safe.py").read_text(encoding="utf-8")
    fix_file(work, unsafe=False)  # a second plain run changes nothing
    assert work.read_text(encoding="utf-8") == result
