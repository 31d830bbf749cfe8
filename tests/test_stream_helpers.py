"""AOM801 follows a chunk handed to a function or method of the module (one level): the
helper's unguarded ``choices[0]`` read is reported at the loop that calls it, and the guard the
fix puts on the loop makes the code run against the local stub's Azure stream (a first chunk
with ``choices: []``), where the unfixed code raises IndexError."""

from __future__ import annotations

import pathlib

import pytest
from fixing import fix_file
from http_stub import AzureV1Stub

from aoai_migrate.engine import analyze_source

USER_CODE = '''\
from openai import OpenAI


class Collector:
    def __init__(self, key):
        self.client = OpenAI(base_url="https://res.openai.azure.com/openai/v1/", api_key=key)
        self.parts = []

    def run(self, messages):
        stream = self.client.chat.completions.create(model="gpt-4o-mini", messages=messages, stream=True)
        for chunk in stream:
            self._collect(chunk)
        return "".join(self.parts)

    def _collect(self, chunk):
        self.parts.append(chunk.choices[0].delta.content or "")
'''


def _findings(source: str):
    return [f for f in analyze_source(source, "m.py") if f.code == "AOM801"]


def test_the_loop_is_reported_and_names_the_helper_read():
    [finding] = _findings(USER_CODE)
    assert finding.line == 11
    assert "`self._collect(chunk)` (`_collect()` reads `chunk.choices[0]` on line 16" in finding.message


def _run(source: str, base_url: str):
    from openai import OpenAI

    namespace: dict = {}
    exec(compile(source, "collector.py", "exec"), namespace)
    collector = namespace["Collector"]("test-api-key")
    collector.client = OpenAI(base_url=base_url, api_key="test-api-key", max_retries=0)
    return collector.run([{"role": "user", "content": "hi"}])


def test_the_fixed_loop_runs_on_azure_chunks_without_choices(tmp_path: pathlib.Path):
    work = tmp_path / "collector.py"
    work.write_text(USER_CODE, encoding="utf-8")
    fix_file(work)
    fixed = work.read_text(encoding="utf-8")
    assert "if not chunk.choices or chunk.choices[0].delta is None:" in fixed
    with AzureV1Stub() as stub:
        with pytest.raises(IndexError):
            _run(USER_CODE, stub.base_url)
        assert _run(fixed, stub.base_url).strip()


HELPERS = (
    "from azure.ai.inference import ChatCompletionsClient\n"
    "client = ChatCompletionsClient(endpoint=e, credential=c)\n"
    "def show(update, prefix=''):\n"
    "    print(prefix, update.choices[0].delta.content)\n"
    "def guarded(update):\n"
    "    if not update.choices:\n"
    "        return\n"
    "    print(update.choices[0].delta.content)\n"
    "def other(update):\n"
    "    print(update.id)\n"
    "{loop}"
)


@pytest.mark.parametrize("loop, lines", [
    ("for u in client.complete(stream=True, messages=m, model='x'):\n    show(u)\n", [11]),
    ("for u in client.complete(stream=True, messages=m, model='x'):\n    show(prefix='>', update=u)\n", [11]),
    # the loop checks first, the helper checks itself, the helper reads no choices
    ("for u in client.complete(stream=True, messages=m, model='x'):\n    if u.choices:\n        show(u)\n", []),
    ("for u in client.complete(stream=True, messages=m, model='x'):\n    guarded(u)\n    other(u)\n", []),
    # the chunk is not what the helper reads (another argument), a list is not a stream
    ("for u in client.complete(stream=True, messages=m, model='x'):\n    show(last, u)\n", []),
    ("for u in updates:\n    show(u)\n", []),
])
def test_helpers_of_the_module(loop, lines):
    assert [f.line for f in _findings(HELPERS.format(loop=loop))] == lines


def test_one_finding_when_the_loop_reads_itself_and_calls_the_helper():
    loop = ("for u in client.complete(stream=True, messages=m, model='x'):\n"
            "    print(u.choices[0].index)\n    show(u)\n")
    [finding] = _findings(HELPERS.format(loop=loop))
    assert "show()" not in finding.message
