"""``check --format gitlab|junit`` and ``--quiet``."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from aoai_migrate.cli import main

APP = (
    "from openai import AzureOpenAI\n"
    "\n"
    'client = AzureOpenAI(azure_endpoint="https://r.openai.azure.com", api_key="k", api_version="2024-06-01")\n'
)


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "demo"\n')
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "app.py").write_text(APP)
    (tmp_path / "pkg" / "clean.py").write_text("import os\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NO_COLOR", "1")
    return tmp_path


def run(capsys, *args):
    code = main(["check", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_gitlab_code_quality(project, capsys):
    code, out, _ = run(capsys, "--format", "gitlab", "pkg")
    assert code == 1
    issues = json.loads(out)
    assert {i["check_name"] for i in issues} == {"AOM301", "AOM401"}
    for issue in issues:
        assert {"description", "check_name", "fingerprint", "severity", "location"} <= set(issue)
        assert issue["location"]["path"] == "pkg/app.py"
        assert issue["location"]["lines"]["begin"] == 3
        assert issue["severity"] in ("info", "minor", "major", "critical", "blocker")
        assert issue["description"].startswith(issue["check_name"] + ": ")
    assert len({i["fingerprint"] for i in issues}) == len(issues)

    # stable: unrelated lines above move the findings, not their fingerprints
    (project / "pkg" / "app.py").write_text("import os\n\n\n" + APP)
    moved = json.loads(run(capsys, "--format", "gitlab", "pkg")[1])
    assert {i["fingerprint"] for i in moved} == {i["fingerprint"] for i in issues}
    assert {i["location"]["lines"]["begin"] for i in moved} == {6}


def test_gitlab_without_findings_is_an_empty_array(project, capsys):
    code, out, _ = run(capsys, "--format", "gitlab", "pkg/clean.py")
    assert code == 0 and json.loads(out) == []


def test_junit_one_case_per_file(project, capsys):
    (project / "pkg" / "broken.py").write_text("import azure\ndef f(:\n")
    code, out, _ = run(capsys, "--format", "junit", "pkg")
    assert code == 2
    root = ET.fromstring(out)
    assert root.tag == "testsuites"
    suite = root.find("testsuite")
    cases = {c.get("name"): c for c in suite.findall("testcase")}
    assert set(cases) == {"pkg/app.py", "pkg/broken.py", "pkg/clean.py"}
    assert suite.get("tests") == "3" and suite.get("failures") == "1" and suite.get("errors") == "1"
    failure = cases["pkg/app.py"].find("failure")
    assert failure.get("message") == "2 findings"
    assert "pkg/app.py:3:10: AOM301" in failure.text and "AOM401" in failure.text
    assert cases["pkg/broken.py"].find("error") is not None
    assert list(cases["pkg/clean.py"]) == []


def test_quiet_prints_findings_only(project, capsys):
    for fmt in ("full", "concise"):
        code, out, _ = run(capsys, "--format", fmt, "pkg")
        assert "Found 2 findings" in out
        code, quiet, _ = run(capsys, "--format", fmt, "-q", "pkg")
        assert code == 1 and "AOM301" in quiet and "Found" not in quiet
    code, out, _ = run(capsys, "-q", "pkg/clean.py")
    assert code == 0 and out == ""
    code, out, _ = run(capsys, "--statistics", "--quiet", "pkg")
    assert "AOM301" in out and "Found" not in out


NOTEBOOK = {
    "cells": [
        {"cell_type": "markdown", "metadata": {}, "source": ["# Demo"]},
        {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
         "source": ["from openai import AzureOpenAI\n",
                    'client = AzureOpenAI(azure_endpoint="https://r.openai.azure.com", api_key="k", '
                    'api_version="2024-06-01")\n']},
    ],
    "metadata": {"kernelspec": {"name": "python3", "language": "python", "display_name": "Python 3"}},
    "nbformat": 4, "nbformat_minor": 5,
}


def test_notebook_findings_in_gitlab_and_junit(project, capsys):
    (project / "pkg" / "nb.ipynb").write_text(json.dumps(NOTEBOOK))
    issues = json.loads(run(capsys, "--format", "gitlab", "pkg/nb.ipynb")[1])
    assert issues and all(i["location"] == {"path": "pkg/nb.ipynb", "lines": {"begin": 1, "end": 1}} for i in issues)
    assert all(": cell 2, line 2: " in i["description"] for i in issues)
    root = ET.fromstring(run(capsys, "--format", "junit", "pkg/nb.ipynb")[1])
    assert "pkg/nb.ipynb:cell 2:2:" in root.find("testsuite/testcase/failure").text
