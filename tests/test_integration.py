"""Integration with the tools people run the linter from: pre-commit (the hook in
``.pre-commit-hooks.yaml``, installed by pre-commit itself) and an editor (python-lsp-server
over stdio with its flake8 plugin, driven by real LSP JSON-RPC messages)."""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

INFERENCE = (
    "import os\n"
    "from azure.ai.inference import ChatCompletionsClient\n"
    "from azure.core.credentials import AzureKeyCredential\n"
    "\n"
    'client = ChatCompletionsClient(endpoint=os.environ["AZURE_INFERENCE_ENDPOINT"],\n'
    '                               credential=AzureKeyCredential(os.environ["AZURE_INFERENCE_CREDENTIAL"]))\n'
    'response = client.complete(messages=[{"role": "user", "content": "hi"}], model="gpt-4o-mini")\n'
)


# -- pre-commit -----------------------------------------------------------------------------------


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_pre_commit_hook(tmp_path):
    """``pre-commit try-repo`` builds the hook's environment from this repository (pip install
    from the working tree, uncommitted changes included) and runs it on a temporary repository:
    the hook fails on Inference code, with the finding in its output, and passes on clean code."""
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    (repo / "app.py").write_text(INFERENCE)
    (repo / "clean.py").write_text("print('hello')\n")
    shutil.copy(ROOT / "examples" / "audit-repo" / "notebooks" / "demo.ipynb", repo / "demo.ipynb")
    _git(repo, "add", ".")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "NO_COLOR": "1",
           "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    env.pop("PRE_COMMIT", None)
    cmd = [str(BIN / "pre-commit"), "try-repo", str(ROOT), "aoai-migrate", "--all-files", "--verbose", "--color=never"]
    proc = subprocess.run(cmd, cwd=repo, env=env, capture_output=True, text=True, timeout=600)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert "aoai-migrate" in out and "Failed" in out
    assert "app.py:2:1: AOM101" in out
    assert "app.py:5:10: AOM102" in out and "OpenAI(" in out  # the migrated code comes with it
    assert "clean.py:" not in out
    assert "demo.ipynb:cell 3:" in out  # notebooks are hooked too

    (repo / "app.py").write_text("print('migrated')\n")
    _git(repo, "rm", "-q", "-f", "demo.ipynb")
    _git(repo, "add", ".")
    proc = subprocess.run(cmd, cwd=repo, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Passed" in proc.stdout


def test_pre_commit_hooks_file():
    yaml = pytest.importorskip("yaml")
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    check = next(h for h in hooks if h["id"] == "aoai-migrate")
    assert check["language"] == "python" and check["entry"].split()[:2] == ["aoai-migrate", "check"]
    assert {"python", "jupyter"} <= set(check.get("types", []) + check.get("types_or", []))


# -- python-lsp-server ----------------------------------------------------------------------------


class LspClient:
    """A minimal LSP client over a child's stdio: Content-Length framed JSON-RPC."""

    def __init__(self, cmd: list[str], cwd: Path) -> None:
        self.proc = subprocess.Popen(cmd, cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE)
        self.messages: queue.Queue = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream = self.proc.stdout
        while True:
            headers = {}
            while True:
                line = stream.readline()
                if not line:
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.decode("ascii").partition(":")
                headers[name.strip().lower()] = value.strip()
            body = stream.read(int(headers["content-length"]))
            self.messages.put(json.loads(body))

    def send(self, message: dict) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        self.proc.stdin.write(f"Content-Length: {len(body)}\r\n\r\n".encode("ascii") + body)
        self.proc.stdin.flush()

    def request(self, method: str, params: dict, timeout: float = 60) -> dict:
        self.next_id += 1
        ident = self.next_id
        self.send({"id": ident, "method": method, "params": params})
        return self.wait(lambda m: m.get("id") == ident and "method" not in m, timeout)

    def notify(self, method: str, params: dict) -> None:
        self.send({"method": method, "params": params})

    def wait(self, predicate, timeout: float = 60) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError("no matching LSP message in time; stderr: "
                                     + self.proc.stderr.read1(65536).decode(errors="replace"))
            try:
                message = self.messages.get(timeout=remaining)
            except queue.Empty:
                continue
            if predicate(message):
                return message

    def close(self) -> None:
        try:
            self.request("shutdown", {}, timeout=10)
            self.notify("exit", {})
            self.proc.wait(timeout=10)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()


def test_python_lsp_server_shows_aom_diagnostics(tmp_path):
    pytest.importorskip("pylsp")
    (tmp_path / "setup.cfg").write_text("[flake8]\nextend-select = AOM\n")
    document = tmp_path / "chat.py"
    document.write_text(INFERENCE)
    uri = document.as_uri()
    client = LspClient([sys.executable, "-m", "pylsp"], cwd=tmp_path)
    try:
        result = client.request("initialize", {
            "processId": os.getpid(), "rootUri": tmp_path.as_uri(), "capabilities": {},
            "workspaceFolders": [{"uri": tmp_path.as_uri(), "name": "demo"}],
        })
        assert "capabilities" in result["result"]
        client.notify("initialized", {})
        client.notify("workspace/didChangeConfiguration", {"settings": {"pylsp": {"plugins": {
            "flake8": {"enabled": True, "executable": str(BIN / "flake8")},
            "pycodestyle": {"enabled": False}, "pyflakes": {"enabled": False}, "mccabe": {"enabled": False},
            "pylint": {"enabled": False},
        }}}})
        client.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "python", "version": 1, "text": INFERENCE,
        }})
        published = client.wait(
            lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri
            and any(str(d.get("code", "")).startswith("AOM") for d in m["params"]["diagnostics"])
        )
    finally:
        client.close()
    diagnostics = [d for d in published["params"]["diagnostics"] if str(d.get("code", "")).startswith("AOM")]
    by_code = {d["code"]: d for d in diagnostics}
    assert {"AOM101", "AOM102", "AOM103"} <= set(by_code)
    assert all(d["source"] == "flake8" for d in diagnostics)
    client_diag = by_code["AOM102"]
    assert client_diag["range"]["start"] == {"line": 4, "character": 9}  # 0-based: line 5, col 10
    # one line, with the migrated code built from the document's own arguments
    assert "\n" not in client_diag["message"]
    assert "migrated: `" in client_diag["message"]
    assert "OpenAI(" in client_diag["message"] and "AZURE_INFERENCE_ENDPOINT" in client_diag["message"]
    assert "chat.completions.create(" in by_code["AOM103"]["message"]
