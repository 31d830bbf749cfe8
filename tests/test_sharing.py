"""One snippet per site: findings on one site that render the same migrated code show it once,
the others point to it; the same in flake8, pylint and the CLI, after noqa and selection."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from contextlib import redirect_stdout

import pytest
from pylint.lint import Run
from pylint.reporters import CollectingReporter

from aoai_migrate import registry
from aoai_migrate.cli import main
from aoai_migrate.config import Config
from aoai_migrate.engine import analyze_source
from aoai_migrate.model import Category, Finding
from aoai_migrate.runner import check_paths
from aoai_migrate.sharing import share

SOURCE = (
    "import os\n"
    "from azure.ai.inference import ChatCompletionsClient\n"
    "from azure.core.credentials import AzureKeyCredential\n"
    "\n"
    "client = ChatCompletionsClient({noqa_client}\n"
    '    endpoint="https://r.services.ai.azure.com/models",\n'
    '    credential=AzureKeyCredential(os.environ["KEY"]),{noqa}\n'
    ")\n"
)
SYMBOLS = {rule.symbol: code for code, rule in registry.load().items()}
POINTER = "; migrated code: see AOM102 (inference-sdk-client) on line 5"


def _write(tmp_path, noqa: str = "", noqa_client: str = "") -> str:
    path = tmp_path / "app.py"
    path.write_text(SOURCE.format(noqa=noqa, noqa_client=noqa_client))
    return str(path)


def _cli(path: str, *args: str) -> dict[str, dict]:
    out = io.StringIO()
    with redirect_stdout(out):
        main(["check", "--format", "json", *args, path])
    return {f["code"]: f for f in json.loads(out.getvalue())}


def _flake8(path: str, *args: str) -> dict[str, str]:
    done = subprocess.run(
        [sys.executable, "-m", "flake8", "--isolated", "--format", "%(code)s\t%(text)s", *args, path],
        capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"},
    )
    assert "Traceback" not in done.stderr, done.stderr
    return dict(line.split("\t", 1) for line in done.stdout.splitlines())


def _pylint(path: str, *args: str) -> dict[str, str]:
    reporter = CollectingReporter()
    with redirect_stdout(io.StringIO()):
        Run(["--load-plugins=aoai_migrate.pylint_plugin", "--disable=all", "--persistent=n", "--score=n", *args, path],
            reporter=reporter, exit=False)
    return {SYMBOLS[m.symbol]: m.msg for m in reporter.messages}


ALL_PYLINT = "--enable=" + ",".join(SYMBOLS)


def test_client_and_credential_show_the_client_once(tmp_path):
    path = _write(tmp_path)
    cli = _cli(path)
    assert "OpenAI(" in cli["AOM102"]["snippet"]
    assert cli["AOM102"]["snippet_shown_by"] is None
    assert cli["AOM201"]["snippet"] is None
    assert cli["AOM201"]["snippet_shown_by"] == {"code": "AOM102", "line": 5, "col": 10}
    flake8 = _flake8(path, "--select", "AOM")
    pylint = _pylint(path, ALL_PYLINT)
    assert flake8["AOM201"].endswith(POINTER)
    assert pylint["AOM201"].endswith(POINTER)
    assert "; migrated: `OpenAI(" in flake8["AOM102"] and "; migrated: `OpenAI(" in pylint["AOM102"]
    assert flake8["AOM102"] == pylint["AOM102"]


def test_the_edit_of_every_finding_is_kept(tmp_path):
    path = _write(tmp_path)
    report = check_paths([path], Config(root=tmp_path))
    unshared = analyze_source(open(path).read(), path)
    before = {f.code: f.replacement for f in unshared}
    after = {f.code: f.replacement for f in report.findings}
    assert after == before


@pytest.mark.parametrize("how", ["noqa", "select"])
def test_the_snippet_moves_when_the_finding_showing_it_is_not_reported(tmp_path, how):
    if how == "noqa":
        path = _write(tmp_path, noqa_client="  # noqa: AOM102")
        cli, flake8 = _cli(path), _flake8(path, "--select", "AOM")
        pylint = _pylint(path, ALL_PYLINT)
    else:
        path = _write(tmp_path)
        cli, flake8 = _cli(path, "--select", "AOM201"), _flake8(path, "--select", "AOM201")
        pylint = _pylint(path, "--enable=auth-azure-key-credential")
    for report in (cli, flake8, pylint):
        assert "AOM102" not in report
    assert "OpenAI(" in cli["AOM201"]["snippet"]
    assert cli["AOM201"]["snippet_shown_by"] is None
    assert "; migrated: `OpenAI(" in flake8["AOM201"]
    assert flake8["AOM201"] == pylint["AOM201"]


def test_flake8_per_file_ignores_move_the_snippet(tmp_path):
    path = _write(tmp_path)
    flake8 = _flake8(path, "--select", "AOM", "--per-file-ignores", "app.py:AOM102")
    assert "AOM102" not in flake8
    assert "; migrated: `OpenAI(" in flake8["AOM201"]


def test_flake8_disable_noqa_keeps_the_pointer(tmp_path):
    path = _write(tmp_path, noqa_client="  # noqa: AOM102")
    flake8 = _flake8(path, "--select", "AOM", "--disable-noqa")
    assert "AOM102" in flake8
    assert flake8["AOM201"].endswith(POINTER)


def _finding(code: str, line: int, col: int, end_line: int, end_col: int, snippet: str | None) -> Finding:
    return Finding(code, registry.get(code).symbol, Category.AUTH, "m.py", line, col, end_line, end_col, "msg",
                   snippet, snippet)


def test_same_snippet_on_separate_sites_is_shown_on_each():
    a = _finding("AOM102", 1, 1, 1, 30, "OpenAI()")
    b = _finding("AOM102", 3, 1, 3, 30, "OpenAI()")
    assert share([a, b]) == [a, b]


def test_widest_span_shows_the_snippet_and_different_snippets_are_left_alone():
    inner = _finding("AOM201", 2, 5, 2, 20, "OpenAI(api_key=k)")
    outer = _finding("AOM102", 1, 1, 3, 2, "OpenAI(api_key=k)")
    other = _finding("AOM401", 2, 22, 2, 30, "something else")
    shared = share([outer, inner, other])
    assert shared[0] == outer and shared[2] == other
    assert shared[1].snippet is None and shared[1].compact is None
    assert (shared[1].see.code, shared[1].see.line) == ("AOM102", 1)
    assert shared[1].replacement == inner.replacement


LOADED_IN_WITH = (
    "import os\n"
    "from azure.ai.inference.aio import load_client\n"
    "from azure.core.credentials import AzureKeyCredential\n\n"
    "async def describe(url):\n"
    "    async with await load_client(url, AzureKeyCredential(os.environ['SECRET'])) as llm:\n"
    "        return type(llm).__name__\n"
)


def test_a_client_loaded_in_async_with_shows_one_client_and_drops_the_await():
    found = {f.code: f for f in share(analyze_source(LOADED_IN_WITH, "m.py"))}
    assert found["AOM201"].snippet is None and found["AOM201"].see.code == "AOM604"
    snippet = found["AOM604"].snippet
    assert snippet.startswith("async with AsyncOpenAI(") and ") as llm:\n" in snippet
    assert "await" not in snippet
    compile(snippet, "snippet", "exec", flags=0x2000)  # PyCF_ALLOW_TOP_LEVEL_AWAIT
    sync = LOADED_IN_WITH.replace(".aio", "").replace("async with await", "with")
    snippet = {f.code: f for f in share(analyze_source(sync, "m.py"))}["AOM604"].snippet
    assert snippet.startswith("with OpenAI(") and ") as llm:\n" in snippet
    assigned = LOADED_IN_WITH.replace("async with await load_client", "llm = await load_client").replace(" as llm:", "")
    assigned = assigned.replace("        return", "    return")
    snippet = {f.code: f for f in share(analyze_source(assigned, "m.py"))}["AOM604"].snippet
    assert snippet.startswith("llm = AsyncOpenAI(")
