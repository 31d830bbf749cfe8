"""``aoai-migrate fix -`` and ``check -`` (editors, pre-commit, pipes): standard input in, the
fixed code (or the findings) out; ``--stdin-filename`` names the file the input stands for, so
that its configuration, per-file ignores and kind (a notebook) apply. Run as a real process,
as an editor runs it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from fixing import fix_file

APP = (
    "import os\n"
    "from azure.ai.inference import ChatCompletionsClient\n"
    "from azure.ai.inference.models import UserMessage\n"
    "from azure.core.credentials import AzureKeyCredential\n"
    "\n"
    "client = ChatCompletionsClient(\n"
    '    endpoint="https://my-res.services.ai.azure.com/models",\n'
    '    credential=AzureKeyCredential(os.environ["KEY"]),\n'
    ")\n"
    'response = client.complete(messages=[UserMessage("hi")], model="gpt-4o-mini")\n'
    "print(response.choices[0].message.content)\n"
)


def cli(cwd, *args: str, stdin: bytes) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "import sys; from aoai_migrate.cli import main; sys.exit(main())", *args],
        input=stdin, capture_output=True, cwd=cwd, check=False, timeout=120,
    )


@pytest.fixture
def project(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.aoai-migrate]\nper-file-ignores = { "legacy/*" = ["AOM1"] }\n'
    )
    return tmp_path


def test_fix_stdin_writes_the_fixed_code_to_stdout(project):
    done = cli(project, "fix", "--unsafe-fixes", "-", stdin=APP.encode())
    assert done.returncode == 0, done.stderr
    # exactly what fixing a file of the same content writes
    (project / "app.py").write_text(APP)
    fix_file(project / "app.py", unsafe=True)
    assert done.stdout == (project / "app.py").read_bytes()
    assert b"from openai import OpenAI" in done.stdout and b"azure.ai" not in done.stdout
    assert b"Fixed 2 findings in 1 file" in done.stderr  # the summary never mixes with the code


def test_safe_fixes_only_by_default_and_findings_left_give_exit_1(project):
    configured = APP.replace('"https://my-res.services.ai.azure.com/models"', 'os.environ["AZURE_AI_ENDPOINT"]')
    done = cli(project, "fix", "-", stdin=configured.encode())
    assert done.returncode == 1
    # the client's fix needs a review, so the call's (which needs the client migrated) does too
    assert b"client.complete(" in done.stdout and b"ChatCompletionsClient(" in done.stdout
    assert b"chat.completions.create(" not in done.stdout
    assert b"2 more fixes available with --unsafe-fixes" in done.stderr


def test_bytes_crlf_and_bom_are_kept(project):
    data = b"\xef\xbb\xbf" + APP.replace("\n", "\r\n").encode()
    done = cli(project, "fix", "--unsafe-fixes", "-", stdin=data)
    assert done.stdout.startswith(b"\xef\xbb\xbfimport os\r\n")
    assert b"\n" not in done.stdout.replace(b"\r\n", b"") and b"from openai import OpenAI\r\n" in done.stdout


def test_nothing_to_fix_echoes_the_input(project):
    data = b"# caf\xc3\xa9\nfrom openai import OpenAI\nclient = OpenAI()\n"
    done = cli(project, "fix", "-", stdin=data)
    assert (done.returncode, done.stdout) == (0, data)


def test_unparsable_input_is_echoed_unchanged_with_an_error(project):
    data = b"from azure.ai.inference import ChatCompletionsClient\nc = ChatCompletionsClient(\n"
    done = cli(project, "fix", "--stdin-filename", "src/app.py", "-", stdin=data)
    assert done.returncode == 2 and done.stdout == data
    assert b"src/app.py: error: syntax error" in done.stderr


def test_diff_of_stdin(project):
    done = cli(project, "fix", "--diff", "--unsafe-fixes", "--stdin-filename", "app.py", "-", stdin=APP.encode())
    assert done.returncode == 1
    assert done.stdout.startswith(b"--- a/app.py\n+++ b/app.py\n") and b"+from openai import OpenAI\n" in done.stdout


def test_diff_of_stdin_without_a_file_name_has_no_file_header(project):
    """As ``ruff check --diff -`` and ``ruff format --diff -``: no ``---``/``+++`` lines naming a
    file called ``-``, only the hunks (``patch app.py`` applies them)."""
    done = cli(project, "fix", "--diff", "--unsafe-fixes", "-", stdin=APP.encode())
    assert done.returncode == 1
    assert done.stdout.startswith(b"@@ -1,"), done.stdout[:80]
    assert b"\n--- " not in done.stdout and b"\n+++ " not in done.stdout and b"a/-" not in done.stdout
    assert b"+from openai import OpenAI\n" in done.stdout
    named = cli(project, "fix", "--diff", "--unsafe-fixes", "--stdin-filename", "app.py", "-", stdin=APP.encode())
    assert named.stdout == b"--- a/app.py\n+++ b/app.py\n" + done.stdout  # the same hunks
    assert b"Would fix 2 findings in 1 file" in done.stderr
    if shutil.which("patch") is None:
        return
    # the hunks apply to the input
    (project / "app.py").write_text(APP)
    (project / "app.diff").write_bytes(done.stdout)
    fixed = cli(project, "fix", "--unsafe-fixes", "-", stdin=APP.encode()).stdout
    patched = subprocess.run(["patch", "-s", "app.py", "app.diff"], cwd=project, capture_output=True, check=False)
    assert patched.returncode == 0, patched.stderr
    assert (project / "app.py").read_bytes() == fixed


def test_stdin_filename_applies_per_file_ignores(project):
    done = cli(project, "fix", "--unsafe-fixes", "--stdin-filename", "legacy/old.py", "-", stdin=APP.encode())
    assert b"ChatCompletionsClient(" in done.stdout and b"client.complete(" in done.stdout  # AOM1 ignored there
    checked = cli(project, "check", "--format", "json", "--stdin-filename", "legacy/old.py", "-", stdin=APP.encode())
    assert checked.returncode == 1
    findings = json.loads(checked.stdout)
    assert findings and {f["path"] for f in findings} == {"legacy/old.py"}
    assert not any(f["code"].startswith("AOM1") for f in findings)
    plain = json.loads(cli(project, "check", "--format", "json", "-", stdin=APP.encode()).stdout)
    assert {f["path"] for f in plain} == {"<stdin>"} and any(f["code"] == "AOM102" for f in plain)


def test_stdin_filename_ipynb_reads_and_writes_a_notebook(project):
    node = new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    node.cells = [new_code_cell("%pip install openai\n" + APP.rstrip("\n"), execution_count=1)]
    data = (nbformat.writes(node) + "\n").encode()
    done = cli(project, "fix", "--unsafe-fixes", "--stdin-filename", "demo.ipynb", "-", stdin=data)
    assert done.returncode == 0, done.stderr
    fixed = json.loads(done.stdout)
    source = "".join(fixed["cells"][0]["source"])
    assert source.startswith("%pip install openai\n") and "OpenAI(" in source and fixed["cells"][0]["execution_count"] == 1
    checked = cli(project, "check", "--format", "json", "--stdin-filename", "demo.ipynb", "-", stdin=data)
    assert {f["cell"] for f in json.loads(checked.stdout)} == {1}


def test_stdin_cannot_be_mixed_with_paths(project):
    (project / "app.py").write_text(APP)
    done = cli(project, "fix", "-", "app.py", stdin=APP.encode())
    assert done.returncode == 2 and b"cannot be fixed together with other paths" in done.stderr
    assert (project / "app.py").read_text() == APP
