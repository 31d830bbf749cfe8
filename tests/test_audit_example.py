"""What the audit finds and skips in ``examples/audit-repo/``, turned into a git repository with
an ignored file (the report formats of the same repository are checked by test_audit_golden)."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from aoai_migrate import config
from aoai_migrate.audit.scan import scan

REPO = Path(__file__).resolve().parent.parent / "examples" / "audit-repo"
IGNORED = 'from openai import AzureOpenAI\nclient = AzureOpenAI(api_version="2024-02-01")\n'

EXPECTED = {
    (".env", None, 3, "AOM408"),
    ("app/chat.py", None, 5, "AOM101"),
    ("app/chat.py", None, 6, "AOM101"),
    ("app/chat.py", None, 9, "AOM102"),
    ("app/chat.py", None, 11, "AOM201"),
    ("app/chat.py", None, 16, "AOM103"),
    ("app/summarize.py", None, 7, "AOM301"),
    ("app/summarize.py", None, 10, "AOM401"),
    ("appsettings.json", None, 6, "AOM408"),
    ("infra/main.bicep", None, 17, "AOM408"),
    ("notebooks/demo.ipynb", 3, 3, "AOM101"),
    ("notebooks/demo.ipynb", 3, 6, "AOM102"),
    ("notebooks/demo.ipynb", 3, 8, "AOM201"),
    ("notebooks/demo.ipynb", 5, 2, "AOM103"),  # the client of cell 3, used in cell 5
    ("prompts/chat.prompty", None, 10, "AOM408"),
    ("pyproject.toml", None, 6, "AOM902"),
    ("requirements.txt", None, 1, "AOM901"),
    ("requirements.txt", None, 3, "AOM902"),
}


def _git(root: Path, *args: str) -> None:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_SYSTEM": os.devnull}
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=env)


@pytest.fixture
def repo(tmp_path, monkeypatch):
    root = tmp_path / "audit-repo"
    shutil.copytree(REPO, root)
    if shutil.which("git"):
        _git(root, "init", "-q")
        _git(root, "add", "-A")
    (root / "generated").mkdir()
    (root / "generated" / "client.py").write_text(IGNORED)
    monkeypatch.chdir(root)
    return root


def _found(result):
    return {(Path(f.path).as_posix().removeprefix("./"), f.cell, f.line, f.code) for f in result.findings}


@pytest.mark.parametrize("git", [True, False], ids=["git", "no-git"])
def test_what_the_audit_finds_and_skips(repo, git):
    if git and not shutil.which("git"):
        pytest.skip("git is not installed")
    if not git:
        shutil.rmtree(repo / ".git", ignore_errors=True)  # .gitignore is then applied by pathspec
    result = scan(["."], config.resolve(None, ["."]))
    assert _found(result) == EXPECTED
    assert [(Path(s.path).as_posix().removeprefix("./"), s.reason.split(":")[0]) for s in result.skipped] == [
        ("notebooks/broken.ipynb", "not a notebook")
    ]
    # every file of a known kind but the ignored one (README.md and .gitignore are not read)
    assert result.files == 11


def test_migrated_content_is_built_from_the_repositorys_values(repo):
    result = scan(["."], config.resolve(None, ["."]))
    by_file = {Path(f.path).as_posix().removeprefix("./"): f for f in result.findings if f.cell is None}
    assert "AZURE_OPENAI_BASE_URL=https://contoso-eastus.openai.azure.com/openai/v1/" in by_file[".env"].snippet
    assert '"Endpoint": "https://contoso-eastus.openai.azure.com/openai/v1/"' in by_file["appsettings.json"].snippet
    assert "azure_deployment: gpt-4o" in by_file["prompts/chat.prompty"].snippet
    assert "api_version" not in by_file["prompts/chat.prompty"].snippet
    pins = [f for f in result.findings if f.path.endswith("requirements.txt")]
    assert [f.snippet for f in pins] == [None, "openai>=1.106.0\n"]
    assert "remove it (`openai` is already a dependency)" in pins[0].message  # the file pins openai too
    notebook = [f for f in result.findings if f.cell == 5]
    assert 'model="gpt-4o-mini"' in notebook[0].snippet
    assert result.source_lines(notebook[0])[1].startswith("response = client.complete(")


def test_the_ignored_file_is_found_when_named(repo):
    result = scan(["generated/client.py"], config.resolve(None, ["generated/client.py"]))
    assert {f.code for f in result.findings} >= {"AOM301", "AOM401"}
