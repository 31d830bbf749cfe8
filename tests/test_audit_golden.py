"""The audit of the example repository ``examples/audit-repo/`` in every format. Markdown and
JSON are compared with golden files; terminal and HTML are checked for their content.

When a change to a rule or a format is intended, regenerate the golden files and review the
diff:

    AOAI_MIGRATE_REGENERATE=1 .venv/bin/python -m pytest tests/test_audit_golden.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from aoai_migrate.cli import main

ROOT = Path(__file__).resolve().parent.parent
REPO = ROOT / "examples" / "audit-repo"
GOLDEN = Path(__file__).resolve().parent / "golden"
REGENERATE = os.environ.get("AOAI_MIGRATE_REGENERATE") == "1"

pytestmark = pytest.mark.skipif(not REPO.is_dir(), reason="examples/audit-repo/ is not in this checkout")


def audit(capsys, monkeypatch, *args: str) -> str:
    monkeypatch.chdir(REPO)
    monkeypatch.setenv("NO_COLOR", "1")
    code = main(["audit", ".", "--jobs", "1", *args])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return captured.out


def compare(name: str, actual: str) -> None:
    path = GOLDEN / name
    if REGENERATE or not path.exists():
        path.write_text(actual, encoding="utf-8")
        if not REGENERATE:
            pytest.fail(f"{path.relative_to(ROOT)} did not exist and was written: review and commit it")
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, (
        f"the audit of examples/audit-repo/ differs from {path.relative_to(ROOT)}; if the change is intended, "
        "regenerate with AOAI_MIGRATE_REGENERATE=1 .venv/bin/python -m pytest tests/test_audit_golden.py"
    )


def test_markdown_golden(capsys, monkeypatch):
    compare("audit-repo.md", audit(capsys, monkeypatch, "--format", "markdown"))


def test_json_golden(capsys, monkeypatch):
    out = audit(capsys, monkeypatch, "--format", "json")
    data = json.loads(out)
    assert data["findings"] and data["skipped"], "the example repository has findings and a broken file"
    compare("audit-repo.json", out)


def test_terminal_and_html_agree_with_json(capsys, monkeypatch):
    data = json.loads(audit(capsys, monkeypatch, "--format", "json"))
    s = data["summary"]
    terminal = audit(capsys, monkeypatch)
    assert f"Migration readiness: {s['score']}/100" in terminal
    for category in s["by_category"]:
        assert category in terminal
    for skipped in data["skipped"]:
        assert skipped["path"] in terminal
    html = audit(capsys, monkeypatch, "--format", "html")
    assert f"<title>aoai-migrate audit: readiness {s['score']}/100</title>" in html
    assert html.count('<tr class="finding">') == len(data["findings"])
    assert html.count('<g class="bar"') == len(s["by_category"])
