"""The audit's view of a repository: which files it looks at (git's ignore rules, excluded
directories, symlinks) and what it lists as skipped."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from aoai_migrate.audit.discover import discover
from aoai_migrate.audit.scan import MAX_FILE_BYTES, Skipped, scan
from aoai_migrate.config import Config

CLIENT = (
    "from openai import AzureOpenAI\n"
    "client = AzureOpenAI(azure_endpoint=endpoint, api_key=key, api_version=\"2024-02-01\")\n"
)
HAS_GIT = shutil.which("git") is not None


def _write(root: Path, files: dict[str, str | bytes]) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def _rel(root: Path, paths) -> set[str]:
    return {Path(os.path.relpath(p, root)).as_posix() for p in paths}


def _git(root: Path, *args: str) -> None:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_SYSTEM": os.devnull}
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=env)


def _config(root: Path, **kwargs) -> Config:
    return Config(root=root, **kwargs)


TREE = {
    "app.py": CLIENT,
    "lib/util.py": "x = 1\n",
    "ignored.py": CLIENT,
    "logs/run.py": CLIENT,
    "keep/.gitignore": "!important.py\n",
    ".venv/lib/site.py": CLIENT,
    "myenv/pyvenv.cfg": "home = /usr\n",
    "myenv/lib/mod.py": CLIENT,
    "condaenv/conda-meta/history": "",
    "condaenv/lib/python3.11/site.py": CLIENT,
    "condaenv/environment.yml": "dependencies:\n  - openai=0.28\n",
    "node_modules/pkg/x.py": CLIENT,
    "nb/.ipynb_checkpoints/a-checkpoint.py": CLIENT,
    "build/out.py": CLIENT,
    "__pycache__/m.py": CLIENT,
    "README.md": "openai",
    ".gitignore": "ignored.py\nlogs/\n",
}


@pytest.mark.parametrize("use_git", [True, False], ids=["git", "pathspec"])
def test_discovery_respects_gitignore_and_skips_environments(tmp_path, use_git):
    if use_git and not HAS_GIT:
        pytest.skip("git is not installed")
    _write(tmp_path, TREE)
    if use_git:
        _git(tmp_path, "init", "-q")
    found = _rel(tmp_path, discover([str(tmp_path)], Config().excludes, tmp_path))
    assert found == {"app.py", "lib/util.py"}


def test_every_kind_of_file_is_discovered(tmp_path):
    names = [".env", ".env.local", "prod.env", "appsettings.Development.json", "local.settings.json", "config.yml",
             "compose.yaml", "main.bicep", "main.bicepparam", "chat.prompty", "requirements.txt",
             "requirements-dev.txt", "requirements/base.txt", "constraints.txt", "pyproject.toml", "setup.cfg",
             "setup.py", "environment.yml", "nb.ipynb", "app.py"]
    _write(tmp_path, {name: "x" for name in names} | {"README.md": "x", "notes.txt": "x", "Makefile": "x"})
    found = _rel(tmp_path, discover([str(tmp_path)], (), tmp_path))
    assert found == set(names)


def test_a_tracked_file_matching_gitignore_is_still_audited(tmp_path):
    if not HAS_GIT:
        pytest.skip("git is not installed")
    _write(tmp_path, {"app.py": CLIENT, "vendored.py": CLIENT})
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "vendored.py")
    (tmp_path / ".gitignore").write_text("vendored.py\n")
    found = _rel(tmp_path, discover([str(tmp_path)], (), tmp_path))
    assert found == {"app.py", "vendored.py"}  # git keeps a tracked file, so does the audit


def test_a_named_directory_that_git_ignores_is_audited(tmp_path):
    """``aoai-migrate audit vendor/pkg`` where the repository ignores ``vendor/``: the user asked
    for that tree, so it is read, with the ``.gitignore`` files inside it still applied."""
    if not HAS_GIT:
        pytest.skip("git is not installed")
    _write(tmp_path, {"app.py": CLIENT, ".gitignore": "vendor/\n", "vendor/pkg/client.py": CLIENT,
                      "vendor/pkg/.gitignore": "gen/\n", "vendor/pkg/gen/out.py": CLIENT})
    _git(tmp_path, "init", "-q")
    assert _rel(tmp_path, discover([str(tmp_path)], (), tmp_path)) == {"app.py"}
    found = _rel(tmp_path, discover([str(tmp_path / "vendor" / "pkg")], (), tmp_path))
    assert found == {"vendor/pkg/client.py"}


def test_configured_excludes_apply(tmp_path):
    _write(tmp_path, {"app.py": CLIENT, "legacy/old.py": CLIENT})
    config = _config(tmp_path, extend_exclude=("legacy",))
    found = _rel(tmp_path, discover([str(tmp_path)], config.excludes, tmp_path))
    assert found == {"app.py"}


def test_symlink_loops_are_not_followed(tmp_path):
    _write(tmp_path, {"pkg/app.py": CLIENT})
    os.symlink(tmp_path / "pkg", tmp_path / "pkg" / "loop")
    os.symlink(tmp_path, tmp_path / "pkg" / "up")
    found = _rel(tmp_path, discover([str(tmp_path)], (), tmp_path))
    assert found == {"pkg/app.py"}


def test_scan_reports_findings_and_skipped_files(tmp_path):
    _write(tmp_path, {
        "app.py": CLIENT,
        "broken.py": "import openai\ndef (:\n",
        "latin1.py": "import openai\nx = 'caf\xe9'\n".encode("latin-1"),
        "clean.py": "print('hello')\n",
    })
    result = scan([str(tmp_path), str(tmp_path / "missing")], _config(tmp_path))
    assert result.files == 4
    assert {Path(f.path).name for f in result.findings} == {"app.py"}
    reasons = {Path(s.path).name: s.reason for s in result.skipped}
    assert reasons["missing"] == "no such file or directory"
    assert reasons["broken.py"].startswith("syntax error at line 2")
    assert reasons["latin1.py"].startswith("cannot decode")
    assert set(reasons) == {"missing", "broken.py", "latin1.py"}
    finding = result.findings[0]
    assert result.source_lines(finding)[finding.line - 1].startswith("client = AzureOpenAI(")


def test_scan_skips_huge_and_unreadable_files(tmp_path, monkeypatch):
    _write(tmp_path, {"app.py": CLIENT, "big.py": "# openai\n"})
    monkeypatch.setattr("aoai_migrate.audit.scan.MAX_FILE_BYTES", 4)
    result = scan([str(tmp_path / "big.py")], _config(tmp_path))
    assert [s.reason for s in result.skipped] == ["too large (9 bytes; the limit is 4 bytes)"]
    assert MAX_FILE_BYTES >= 10 * 1024 * 1024


def test_scan_in_worker_processes_gives_the_same_result(tmp_path, monkeypatch):
    files = {f"m{i:03}.py": (CLIENT if i % 7 == 0 else "x = 1\n") for i in range(30)}
    files["bad.py"] = "openai(\n"
    _write(tmp_path, files)
    monkeypatch.setattr("aoai_migrate.runner.PARALLEL_MIN", 5)
    one = scan([str(tmp_path)], _config(tmp_path), jobs=1)
    many = scan([str(tmp_path)], _config(tmp_path), jobs=2)
    assert one.findings == many.findings and one.skipped == many.skipped and one.files == many.files == 31


def test_skipped_json_shape():
    assert Skipped("a.ipynb", "not valid JSON").to_json() == {"path": "a.ipynb", "reason": "not valid JSON"}


def test_a_defect_on_one_file_does_not_stop_the_audit(tmp_path, monkeypatch):
    _write(tmp_path, {"a.py": CLIENT, "requirements.txt": "openai==1.0\n"})

    def broken(*args, **kwargs):
        raise KeyError("bug")

    monkeypatch.setitem(__import__("aoai_migrate.audit.scan", fromlist=["HANDLERS"]).HANDLERS, "requirements", broken)
    monkeypatch.setenv("AOAI_MIGRATE_STRICT", "0")
    result = scan([str(tmp_path)], _config(tmp_path))
    assert [s.reason for s in result.skipped] == ["internal error (KeyError); please report it with this file"]
    assert {Path(f.path).name for f in result.findings} == {"a.py"}
