"""Proof by execution that the stream guard added by ``fix`` keeps a loop's own branch for
chunks without choices reachable: the fixed ``stream_guard_usage_branch`` fixture runs with the
real ``openai`` package against the local stub, whose stream ends with Azure's usage chunk
(``choices: []``) when ``stream_options.include_usage`` is set."""

from __future__ import annotations

import contextlib
import io
import pathlib
import shutil

from fixing import fix_file
from http_stub import AzureV1Stub

FIXTURE = pathlib.Path(__file__).resolve().parent / "fix_fixtures" / "stream_guard_usage_branch" / "before.py"


def test_usage_branch_still_runs_after_the_fix(tmp_path):
    from openai import OpenAI

    work = tmp_path / "usage.py"
    shutil.copy(FIXTURE, work)
    fix_file(work, unsafe=True)
    namespace: dict = {}
    exec(compile(work.read_text(encoding="utf-8"), str(work), "exec"), namespace)
    out = io.StringIO()
    with AzureV1Stub() as stub, contextlib.redirect_stdout(out):
        namespace["stream"](OpenAI(base_url=stub.base_url, api_key="test-api-key", max_retries=0))
    printed = out.getvalue()
    assert "usage 17" in printed  # the stub's final chunk: no choices, total_tokens 17
    assert printed.replace("usage 17", "").strip()  # and the text chunks before it


def test_the_fix_message_says_when_an_else_of_the_choices_check_can_no_longer_run():
    from aoai_migrate.engine import analyze_source

    loop = (
        "from openai import OpenAI\n"
        "client = OpenAI(base_url='https://x.openai.azure.com/openai/v1/', api_key='k')\n"
        "for chunk in client.chat.completions.create(model='m', messages=[], stream=True):\n"
        "    print(chunk.choices[0].index)\n"
        "    if chunk.choices:\n"
        "        print(chunk.choices[0].delta.content)\n"
        "{tail}"
    )
    with_else = loop.format(tail="    else:\n        print('no choices')\n")
    [finding] = [f for f in analyze_source(with_else, "s.py") if f.code == "AOM801"]
    assert "the `else` of the `choices` check on line 5 can no longer run" in finding.fix.message
    [plain] = [f for f in analyze_source(loop.format(tail=""), "s.py") if f.code == "AOM801"]
    assert "else" not in plain.fix.message


def test_a_usage_branch_with_an_else_after_a_read_gets_no_automatic_guard_and_says_why():
    from aoai_migrate.engine import analyze_source

    source = (
        "from azure.ai.inference import ChatCompletionsClient\n"
        "def f(client: ChatCompletionsClient):\n"
        "    for chunk in client.complete(stream=True, messages=[], model='m'):\n"
        "        text = chunk.choices[0].delta.content or ''\n"
        "        if not chunk.choices:\n"
        "            print('usage', chunk.usage.total_tokens)\n"
        "        else:\n"
        "            print(text)\n"
    )
    [finding] = [f for f in analyze_source(source, "s.py") if f.code == "AOM801"]
    assert finding.fix is None
    assert "no automatic guard: the branch for chunks without choices on line 5 handles the usage chunk" in finding.message
    assert "if not chunk.choices or chunk.choices[0].delta is None" in finding.snippet  # still shown
    # without the usage read the branch is not the usage chunk's: the guard goes on top as before
    plain = source.replace("print('usage', chunk.usage.total_tokens)", "print('none')")
    [other] = [f for f in analyze_source(plain, "s.py") if f.code == "AOM801"]
    assert other.fix is not None and "no automatic guard" not in other.message


def test_an_else_for_chunks_without_choices_keeps_the_inference_sdk_filter():
    from aoai_migrate.engine import analyze_source

    source = (
        "from azure.ai.inference import ChatCompletionsClient\n"
        "def f(client: ChatCompletionsClient):\n"
        "    for chunk in client.complete(stream=True, messages=[], model='m'):\n"
        "        def text():\n"
        "            return chunk.choices[0].delta.content\n"
        "        if chunk.choices:\n"
        "            print(text())\n"
        "        else:\n"
        "            print('usage', chunk.usage)\n"
    )
    [finding] = [f for f in analyze_source(source, "s.py") if f.code == "AOM801"]
    [edit] = finding.fix.edits
    assert "(not chunk.choices and not chunk.usage) or (chunk.choices and chunk.choices[0].delta is None)" in edit.text
    assert "a chunk without choices that carries usage still reaches the branch for it on line 6" in finding.fix.message
    # the function is called outside the checked branch as well: not provable, the usual guard
    called_twice = source.replace("            print('usage', chunk.usage)\n", "            print('usage', chunk.usage, text())\n")
    [other] = [f for f in analyze_source(called_twice, "s.py") if f.code == "AOM801"]
    assert other.fix is None or "(not chunk.choices and not chunk.usage)" not in other.fix.edits[0].text


def test_a_branch_moved_above_the_guard_keeps_crlf_line_endings(tmp_path):
    for case in ("stream_guard_usage_branch", "stream_guard_nested_usage"):
        before = (FIXTURE.parent.parent / case / "before.py").read_bytes()
        after = (FIXTURE.parent.parent / case / "after.py").read_bytes()
        work = tmp_path / f"{case}.py"
        work.write_bytes(before.replace(b"\n", b"\r\n"))
        fix_file(work, unsafe=True)
        assert work.read_bytes() == after.replace(b"\n", b"\r\n")
