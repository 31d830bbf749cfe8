"""``examples/chat_app/``: a package whose clients, settings and calls live in different modules.
``aoai-migrate check``, ``aoai-migrate audit`` and pylint follow the imports between them and
report the same findings; flake8 sees one module at a time and reports only what each module
shows on its own (documented in README.md and docs/architecture.md)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from pylint.lint import Run
from pylint.reporters import CollectingReporter

from aoai_migrate import registry
from aoai_migrate.cli import main

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "examples" / "chat_app"

CLIENTS = {
    ("clients.py", 6, "AOM101"),   # the Inference import
    ("clients.py", 12, "AOM102"),  # the module-level Inference client...
    ("clients.py", 14, "AOM201"),  # ...and its key credential
    ("clients.py", 20, "AOM301"),  # the AzureOpenAI client of an lru_cache'd factory
    ("clients.py", 23, "AOM401"),  # its api_version: API_VERSION of settings.py (cross-module)
    ("clients.py", 31, "AOM102"),  # the client a base class keeps on self
    ("clients.py", 33, "AOM201"),
    ("clients.py", 45, "AOM301"),  # the client inside the project's own wrapper class
    ("clients.py", 53, "AOM102"),  # a client with per-call defaults (model, temperature)...
    ("clients.py", 55, "AOM201"),
}
SERVICE = {
    ("service.py", 9, "AOM103"),   # self.client of a base class defined in clients.py
    ("service.py", 9, "AOM501"),   # ...called without a model
    ("service.py", 14, "AOM103"),  # the module-level client imported from clients.py
    ("service.py", 19, "AOM103"),  # the same client streaming...
    ("service.py", 19, "AOM801"),  # ...into a loop that reads choices[0] unguarded
    ("service.py", 27, "AOM801"),  # the stream of the lru_cache'd AzureOpenAI factory
    ("service.py", 32, "AOM102"),  # a subclass of the Inference client, defined in clients.py
    ("service.py", 33, "AOM103"),
    ("service.py", 36, "AOM401"),  # a literal api_version given to the project's wrapper
    ("service.py", 40, "AOM103"),  # ...called in another module: its defaults move into the call, no AOM501
}
EXPECTED = CLIENTS | SERVICE
#: what needs another module to be seen: all of service.py, and settings.API_VERSION
CROSS_MODULE = SERVICE | {("clients.py", 23, "AOM401")}


def _key(path: str, line: int, code: str) -> tuple[str, int, str]:
    return (Path(path).name, line, code)


def test_check_follows_the_imports(capsys):
    assert main(["check", str(PACKAGE), "--format", "json"]) == 1
    findings = json.loads(capsys.readouterr().out)
    assert {_key(f["path"], f["line"], f["code"]) for f in findings} == EXPECTED


def test_check_of_one_module_still_sees_its_package(capsys):
    main(["check", str(PACKAGE / "service.py"), "--format", "json"])
    findings = json.loads(capsys.readouterr().out)
    assert {_key(f["path"], f["line"], f["code"]) for f in findings} == SERVICE


def test_defaults_of_a_client_of_another_module_move_into_the_call(capsys):
    main(["check", str(PACKAGE / "service.py"), "--format", "json"])
    findings = json.loads(capsys.readouterr().out)
    (call,) = [f for f in findings if f["line"] == 40]
    # written as clients.py writes them: service.py imports DEPLOYMENT from settings.py too
    assert call["snippet"] == (
        "summarizer.chat.completions.create(\n"
        "        model=DEPLOYMENT,\n"
        '        messages=[{"role": "user", "content": f"Summarize: {text}"}],\n'
        "        temperature=0,\n"
        "    )"
    )
    assert "defaults (temperature) move into the call" in call["message"]


def test_audit_reports_what_check_does(capsys, monkeypatch):
    monkeypatch.chdir(PACKAGE)
    assert main(["audit", ".", "--format", "json", "--jobs", "1"]) == 0
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert {_key(f["path"], f["line"], f["code"]) for f in findings} == EXPECTED


def test_pylint_agrees_with_check():
    codes = {rule.pylint_msgid(): rule.code for rule in registry.all_rules()}
    reporter = CollectingReporter()
    Run(["--load-plugins=aoai_migrate.pylint_plugin", "--disable=all", "--enable=aoai-migrate",
         "--persistent=n", "--score=n", str(PACKAGE)], reporter=reporter, exit=False)
    found = {_key(m.path, m.line, codes[m.msg_id]) for m in reporter.messages}
    assert found == EXPECTED
    (summary,) = [m.msg for m in reporter.messages if m.path.endswith("service.py") and m.line == 40]
    assert "model=DEPLOYMENT" in summary and "temperature=0" in summary


@pytest.mark.parametrize("jobs", ["1"])
def test_flake8_sees_one_module_at_a_time(jobs):
    out = subprocess.run(
        [sys.executable, "-m", "flake8", "--isolated", "--select=AOM", "-j", jobs, str(PACKAGE)],
        capture_output=True, text=True, cwd=ROOT,
    ).stdout
    found = set()
    for line in out.splitlines():
        path, lineno, _col, rest = line.split(":", 3)
        found.add(_key(path, int(lineno), rest.split()[0]))
    # everything the package shows module by module, nothing that needs another module
    assert found == EXPECTED - CROSS_MODULE
