"""Test code: files matching the test-paths patterns are marked in JSON, counted in the text
summary and left out with --exclude-tests; flake8 is unchanged."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from aoai_migrate.cli import main
from aoai_migrate.test_code import DEFAULT_TEST_PATHS, TestPaths

IMPORT = "from azure.ai.inference import ChatCompletionsClient\n"
LAYOUT = [
    "src/pkg/app.py",
    "tests/test_app.py",
    "src/pkg/tests/helpers.py",
    "testing/fixtures.py",
    "src/pkg/client_test.py",
    "conftest.py",
    "samples/test_data/readme.py",
    "src/pkg/contest.py",
    "src/pkg/attest/a.py",
    "src/pkg/latest_tests.py",
]
TESTS = {"tests/test_app.py", "src/pkg/tests/helpers.py", "testing/fixtures.py", "src/pkg/client_test.py",
         "conftest.py"}


@pytest.fixture
def project(tmp_path, monkeypatch):
    for rel in LAYOUT:
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(IMPORT)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _json(capsys, *args) -> dict[str, bool]:
    main(["check", "--format", "json", *args])
    return {f["path"].replace(os.sep, "/").removeprefix("./"): f["test_code"] for f in json.loads(capsys.readouterr().out)}


def test_default_layouts(project):
    is_test = TestPaths(DEFAULT_TEST_PATHS, project)
    assert {rel for rel in LAYOUT if is_test(rel)} == TESTS


def test_json_marks_test_code(project, capsys):
    marked = _json(capsys, ".")
    assert set(marked) == set(LAYOUT)
    assert {p for p, test in marked.items() if test} == TESTS


def test_exclude_tests_leaves_them_out(project, capsys):
    assert set(_json(capsys, "--exclude-tests", ".")) == set(LAYOUT) - TESTS


def test_summary_counts_test_code(project, capsys):
    main(["check", "--format", "concise", "."])
    assert f"Found {len(LAYOUT)} findings in {len(LAYOUT)} files ({len(TESTS)} in test code)." in capsys.readouterr().out


def test_configured_patterns_replace_the_defaults(project, capsys):
    (project / "pyproject.toml").write_text('[tool.aoai-migrate]\ntest-paths = ["samples/", "!samples/keep/"]\n')
    (project / "samples" / "keep").mkdir()
    (project / "samples" / "keep" / "x.py").write_text(IMPORT)
    marked = _json(capsys, ".")
    assert {p for p, test in marked.items() if test} == {"samples/test_data/readme.py"}


def test_bad_test_paths_is_a_configuration_error(project, capsys):
    (project / "pyproject.toml").write_text('[tool.aoai-migrate]\ntest-paths = [1]\n')
    assert main(["check", "."]) == 2


def test_flake8_still_reports_test_code(project):
    done = subprocess.run([sys.executable, "-m", "flake8", "--isolated", "--select", "AOM", "tests/test_app.py"],
                          capture_output=True, text=True, cwd=project)
    assert "AOM101" in done.stdout, done.stderr
