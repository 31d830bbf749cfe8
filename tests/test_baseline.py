"""Baselines (``--write-baseline``/``--baseline`` on ``check`` and ``audit``) and their
fingerprints, which GitLab Code Quality reuses."""

from __future__ import annotations

import json

import pytest

from aoai_migrate import baseline
from aoai_migrate.cli import main

OLD = (
    "from openai import AzureOpenAI\n"
    "\n"
    'client = AzureOpenAI(azure_endpoint="https://r.openai.azure.com", api_key="k", api_version="2024-06-01")\n'
)
NEW_FINDING = "from azure.ai.inference import ChatCompletionsClient\n"
UNRELATED = "import os\n\n\ndef helper():\n    return os.getcwd()\n\n\n"


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "demo"\n')
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NO_COLOR", "1")
    return tmp_path


def check_json(capsys, *args):
    code = main(["check", "--format", "json", *args])
    out = capsys.readouterr().out
    return code, json.loads(out)


@pytest.mark.parametrize("command", ["check", "audit"])
def test_only_new_findings_after_moving_old_code(project, capsys, command):
    app = project / "app.py"
    app.write_text(OLD)
    fmt = "json"
    assert main([command, "--format", fmt, "--write-baseline", "base.json", "."]) in (0, 1)
    err = capsys.readouterr().err
    written = json.loads((project / "base.json").read_text())
    assert written["version"] == 1 and len(written["findings"]) >= 2
    assert f"wrote {len(written['findings'])} findings to base.json" in err

    # unrelated code above moves every old finding down; one new finding is added at the top
    app.write_text(NEW_FINDING + UNRELATED + OLD)
    code = main([command, "--format", fmt, "--baseline", "base.json", "."])
    data = json.loads(capsys.readouterr().out)
    findings = data if command == "check" else data["findings"]
    assert [(f["code"], f["line"]) for f in findings] == [("AOM101", 1)]
    if command == "check":
        assert code == 1  # a new finding still fails
    else:
        assert data["summary"]["findings"] == 1 and data["summary"]["by_rule"] == {"AOM101": 1}

    # without the new finding, the moved code passes
    app.write_text(UNRELATED + OLD)
    code = main([command, "--format", fmt, "--baseline", "base.json", "."])
    data = json.loads(capsys.readouterr().out)
    assert (data if command == "check" else data["findings"]) == []
    if command == "check":
        assert code == 0
    else:
        assert data["summary"]["score"] == 100


def test_editing_the_flagged_code_makes_a_new_finding(project, capsys):
    (project / "app.py").write_text(OLD)
    main(["check", "--write-baseline", "base.json", "."])
    capsys.readouterr()
    (project / "app.py").write_text(OLD.replace("2024-06-01", "2024-10-21"))
    code, findings = check_json(capsys, "--baseline", "base.json", ".")
    assert code == 1
    assert {f["code"] for f in findings} == {"AOM301", "AOM401"}


def test_duplicates_are_counted(project, capsys):
    (project / "app.py").write_text(OLD)
    main(["check", "--write-baseline", "base.json", "."])
    capsys.readouterr()
    # a second copy of the same line is new even though its text is identical
    (project / "app.py").write_text(OLD + OLD.splitlines(keepends=True)[2])
    code, findings = check_json(capsys, "--baseline", "base.json", ".")
    assert code == 1
    assert {f["line"] for f in findings} == {4}


def test_fingerprints_ignore_whitespace_but_not_the_file(project):
    from aoai_migrate.engine import analyze_source
    from aoai_migrate.runner import physical_lines

    text = OLD
    spaced = OLD.replace('api_key="k", ', 'api_key="k",   ')
    one = analyze_source(text, "a.py")
    two = analyze_source(spaced, "a.py")
    other = analyze_source(text, "b.py")
    fp = baseline.fingerprints(one, {"a.py": physical_lines(text)}, project)
    assert fp == baseline.fingerprints(two, {"a.py": physical_lines(spaced)}, project)
    assert set(fp).isdisjoint(baseline.fingerprints(other, {"b.py": physical_lines(text)}, project))
    assert len(set(fp)) == len(fp)


@pytest.mark.parametrize(
    "content, why",
    [(None, "cannot read the baseline"), ("{", "not valid JSON"), ('{"findings": [1]}', "not an aoai-migrate baseline")],
)
def test_bad_baseline_is_an_error(project, capsys, content, why):
    (project / "app.py").write_text(OLD)
    if content is not None:
        (project / "base.json").write_text(content)
    for command in ("check", "audit"):
        assert main([command, "--baseline", "base.json", "."]) == 2
        assert why in capsys.readouterr().err
