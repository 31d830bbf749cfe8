"""Streaming rules (AOM801-AOM805): loops over Azure chat streams, their guards and snippets."""

import ast
import textwrap

import pytest

from conftest import run

GUARD_COMMENT = "# Azure: prompt-filter chunk, usage chunk, async content-filter annotation"

OPENAI_CLIENT = """\
from openai import OpenAI
client = OpenAI(api_key=KEY, base_url="https://<resource>.openai.azure.com/openai/v1/")
"""
INFERENCE_CLIENT = """\
from azure.ai.inference import ChatCompletionsClient
client = ChatCompletionsClient(endpoint=ENDPOINT, credential=CREDENTIAL)
"""


def found(source, code):
    return [f for f in run(source) if f.code == code]


def only(source, code):
    findings = found(source, code)
    assert len(findings) == 1, findings
    return findings[0]


def apply(source, replacement):
    """The source with one Replacement applied (ASCII sources: byte columns are characters)."""
    lines = textwrap.dedent(source).splitlines(keepends=True)
    start = sum(map(len, lines[: replacement.line - 1])) + replacement.col
    end = sum(map(len, lines[: replacement.end_line - 1])) + replacement.end_col
    text = "".join(lines)
    return text[:start] + replacement.text + text[end:]


# -- AOM801 ------------------------------------------------------------------------------------

GUIDE_OPENAI = OPENAI_CLIENT + """\
stream = client.chat.completions.create(
    model="gpt-4o-mini",
    messages=[
        {"role": "system", "content": "You are a helpful assistant."},
        {"role": "user", "content": "Write a poem about Azure."}
    ],
    stream=True
)

for chunk in stream:
    if chunk.choices[0].delta.content:
        print(chunk.choices[0].delta.content, end="")
"""


def test_guide_openai_streaming_example_is_flagged_with_the_guard():
    finding = only(GUIDE_OPENAI, "AOM801")
    assert finding.line == 12 and finding.end_line == 14
    assert finding.message == (
        "`chunk.choices[0]` in a loop over an Azure chat stream does not check `chunk.choices`: "
        "openai yields Azure's chunks without choices (prompt_filter_results first, usage last), "
        "so it raises IndexError (async content-filter chunks also have `delta=None`)"
    )
    assert finding.snippet == (
        "for chunk in stream:\n"
        "    if not chunk.choices or chunk.choices[0].delta is None:\n"
        f"        continue  {GUARD_COMMENT}\n"
        "    if chunk.choices[0].delta.content:\n"
        "        print(chunk.choices[0].delta.content, end=\"\")\n"
    )
    assert finding.compact == "if not chunk.choices or chunk.choices[0].delta is None: continue"
    assert not found(GUIDE_OPENAI, "AOM804")


def test_guard_is_inserted_before_the_first_body_statement():
    finding = only(GUIDE_OPENAI, "AOM801")
    migrated = apply(GUIDE_OPENAI, finding.replacement)
    assert (
        "for chunk in stream:\n"
        "    if not chunk.choices or chunk.choices[0].delta is None:\n"
        f"        continue  {GUARD_COMMENT}\n"
        "    if chunk.choices[0].delta.content:\n"
    ) in migrated
    assert not found(migrated, "AOM801") and not found(migrated, "AOM804")


def test_nested_loop_gets_the_guard_at_its_own_indentation():
    source = INFERENCE_CLIENT + """\
class Bot:
    def reply(self, messages):
        for update in client.complete(stream=True, messages=messages, model="m"):
            # each update
            yield update.choices[0].delta.content
"""
    finding = only(source, "AOM801")
    assert finding.snippet == (
        'for update in client.chat.completions.create(model="m", messages=messages, stream=True):\n'
        "    if not update.choices or update.choices[0].delta is None:\n"
        f"        continue  {GUARD_COMMENT}\n"
        "    # each update\n"
        "    yield update.choices[0].delta.content\n"
    )
    migrated = apply(source, finding.replacement)
    assert (
        "            # each update\n"
        "            if not update.choices or update.choices[0].delta is None:\n"
        f"                continue  {GUARD_COMMENT}\n"
        "            yield update.choices[0].delta.content\n"
    ) in migrated
    ast.parse(migrated)


def test_inference_message_explains_the_dropped_chunks():
    source = INFERENCE_CLIENT + """\
response = client.complete(stream=True, messages=m, model="x")
for update in response:
    print(update.choices[0].delta.content or "", end="")
"""
    finding = only(source, "AOM801")
    assert "Azure AI Inference dropped Azure's chunks without choices" in finding.message
    assert "an Azure AI Inference stream" in finding.message
    assert finding.snippet.startswith("for update in response:\n")


def test_async_stream_iterated_directly_gets_the_migrated_iterable():
    source = """\
from azure.ai.inference.aio import ChatCompletionsClient
async def main(client: ChatCompletionsClient, messages):
    async for update in await client.complete(
        stream=True,
        messages=messages,
        model="gpt-4o-mini",
    ):
        print(update.choices[0].delta.content or "", end="")
"""
    finding = only(source, "AOM801")
    assert finding.snippet == (
        'async for update in await client.chat.completions.create(model="gpt-4o-mini", '
        "messages=messages, stream=True):\n"
        "    if not update.choices or update.choices[0].delta is None:\n"
        f"        continue  {GUARD_COMMENT}\n"
        '    print(update.choices[0].delta.content or "", end="")\n'
    )


def test_usage_statements_move_under_the_guard():
    source = OPENAI_CLIENT + """\
def run(messages):
    stream = client.chat.completions.create(
        model="m", messages=messages, stream=True, stream_options={"include_usage": True}
    )
    for chunk in stream:
        print(chunk.choices[0].delta.content, end="")
        if chunk.usage:
            total = chunk.usage.total_tokens
    return total
"""
    finding = only(source, "AOM801")
    assert finding.snippet == (
        "for chunk in stream:\n"
        "    if not chunk.choices or chunk.choices[0].delta is None:\n"
        "        if chunk.usage:\n"
        "            total = chunk.usage.total_tokens\n"
        f"        continue  {GUARD_COMMENT}\n"
        '    print(chunk.choices[0].delta.content, end="")\n'
    )
    assert finding.replacement is None  # a move is not one insertion
    assert not found(source, "AOM805")


def test_comprehension_gets_the_guard_condition():
    source = OPENAI_CLIENT + """\
stream = client.chat.completions.create(model="m", messages=m, stream=True)
text = "".join(c.choices[0].delta.content or "" for c in stream)
"""
    finding = only(source, "AOM801")
    assert finding.snippet == (
        '(c.choices[0].delta.content or "" for c in stream if c.choices and c.choices[0].delta is not None)'
    )
    migrated = apply(source, finding.replacement)
    assert migrated.endswith(
        'text = "".join(c.choices[0].delta.content or "" for c in stream '
        "if c.choices and c.choices[0].delta is not None)\n"
    )


def test_parenthesized_iterable_of_a_comprehension():
    source = OPENAI_CLIENT + """\
stream = client.chat.completions.create(model="m", messages=m, stream=True)
text = [c.choices[0].delta.content for c in ( stream ) if c.id]
"""
    finding = only(source, "AOM801")
    assert finding.snippet == (
        "[c.choices[0].delta.content for c in ( stream ) if c.choices and c.choices[0].delta is not None if c.id]"
    )
    ast.parse(apply(source, finding.replacement))


def test_comprehension_with_a_comment_after_the_iterable_is_rebuilt():
    source = OPENAI_CLIENT + """\
stream = client.chat.completions.create(model="m", messages=m, stream=True)
text = [c.choices[0].delta.content for c in (
    stream  # the stream
)]
"""
    finding = only(source, "AOM801")
    assert finding.snippet == (
        "[c.choices[0].delta.content for c in stream if c.choices and c.choices[0].delta is not None]"
    )
    assert finding.replacement is None


def test_enumerate_and_with_as():
    source = OPENAI_CLIENT + """\
with client.chat.completions.create(model="m", messages=m, stream=True) as s:
    for i, chunk in enumerate(s):
        first = next(iter(chunk.choices))
"""
    finding = only(source, "AOM801")
    assert finding.snippet.startswith("for i, chunk in enumerate(s):\n    if not chunk.choices")
    assert "next(iter(chunk.choices))" in finding.message


def test_local_function_returning_the_stream_and_self_attribute():
    source = INFERENCE_CLIENT + """\
def open_stream(messages):
    return client.complete(stream=True, messages=messages, model="m")

class Session:
    def __init__(self, messages):
        self.updates = open_stream(messages)

    def text(self):
        out = ""
        for u in self.updates:
            out += u.choices[0].delta.content
        return out
"""
    assert only(source, "AOM801").line == 12


@pytest.mark.parametrize(
    "body",
    [
        "    if not chunk.choices:\n        continue\n    print(chunk.choices[0].delta and chunk.choices[0].delta.content)\n",
        "    if chunk.choices and chunk.choices[0].delta:\n        print(chunk.choices[0].delta.content)\n",
        "    if (choices := chunk.choices) and choices[0].delta is not None:\n        print(choices[0].delta.content)\n",
        "    if len(chunk.choices) > 0 and chunk.choices[0].delta:\n        print(chunk.choices[0].delta.content)\n",
        "    text = chunk.choices[0].delta.content if chunk.choices and chunk.choices[0].delta else ''\n",
        "    for choice in chunk.choices:\n        if choice.delta is None:\n            continue\n        print(choice.delta.content)\n",
        "    if not getattr(chunk, 'choices', None):\n        continue\n    d = chunk.choices[0].delta\n    if d:\n        print(d.content)\n",
        "    try:\n        print(chunk.choices[0].delta.content)\n    except (IndexError, AttributeError):\n        pass\n",
        "    try:\n        print(chunk.choices[0].delta.content)\n    except Exception:\n        pass\n",
        "    chunk = chunk.model_dump()\n    print(chunk.choices[0])\n",  # rebound: not the chunk any more
        "    def later():\n        return chunk.choices[0].delta.content\n    callbacks.append(later)\n",
    ],
    ids=["continue", "and", "walrus", "len", "ifexp", "iterate", "getattr", "try", "try-exception",
         "rebound", "nested-function"],
)
def test_guarded_loops_are_not_flagged(body):
    source = OPENAI_CLIENT + "for chunk in client.chat.completions.create(model='m', messages=m, stream=True):\n" + body
    findings = [f for f in run(source) if f.code in ("AOM801", "AOM804")]
    assert not findings, findings


def test_guard_after_the_read_does_not_count():
    source = OPENAI_CLIENT + """\
for chunk in client.chat.completions.create(model='m', messages=m, stream=True):
    text = chunk.choices[0].delta.content
    if chunk.choices:
        print(text)
"""
    assert only(source, "AOM801")


@pytest.mark.parametrize(
    "source",
    [
        # not streamed
        OPENAI_CLIENT + "for c in [client.chat.completions.create(model='m', messages=m)]:\n    print(c.choices[0].message)\n",
        # stream=False literal
        INFERENCE_CLIENT + "r = client.complete(stream=False, messages=m, model='x')\nfor u in r:\n    print(u.choices[0])\n",
        # a list named like a stream
        "import openai\nfor chunk in stream:\n    print(chunk.choices[0].delta.content)\n",
        # a parameter without annotation
        "import openai\ndef f(stream):\n    for chunk in stream:\n        print(chunk.choices[0].delta.content)\n",
        # OpenAI.com / a local server given as a literal base_url
        "from openai import OpenAI\nc = OpenAI(base_url='https://api.openai.com/v1')\n"
        "for chunk in c.chat.completions.create(model='gpt-4o', messages=m, stream=True):\n"
        "    print(chunk.choices[0].delta.content)\n",
        # a local `enumerate`
        OPENAI_CLIENT + "def enumerate(x):\n    return [(0, y) for y in x]\n"
        "for i, chunk in enumerate(client.chat.completions.create(model='m', messages=m, stream=True)):\n"
        "    pass\n",
        # the stream object itself, not its chunks
        OPENAI_CLIENT + "s = client.chat.completions.create(model='m', messages=m, stream=True)\n"
        "for i in range(3):\n    print(s.choices[0])\n",
    ],
    ids=["not-streamed", "stream-false", "bare-name", "parameter", "non-azure", "local-enumerate", "not-a-loop"],
)
def test_look_alikes_are_not_flagged(source):
    codes = [f.code for f in run(source) if f.code.startswith("AOM8")]
    assert not codes


def test_azure_openai_client_stream_is_azure():
    source = """\
from openai import AzureOpenAI
client = AzureOpenAI(azure_endpoint=E, api_version="2024-10-21", api_key=K)
for chunk in client.chat.completions.create(model="m", messages=m, stream=True):
    print(chunk.choices[0].delta.content)
"""
    assert only(source, "AOM801").line == 3


def test_openai_client_with_an_azure_base_url_from_a_constant():
    source = """\
from openai import OpenAI
BASE = "https://contoso.openai.azure.com/openai/v1/"
client = OpenAI(base_url=BASE, api_key=K)
for chunk in client.chat.completions.create(model="m", messages=m, stream=True):
    print(chunk.choices[-1].delta.content)
"""
    assert only(source, "AOM801")


def test_for_else_and_one_line_body_render():
    source = OPENAI_CLIENT + """\
def f():
    for chunk in client.chat.completions.create(model="m", messages=m, stream=True): print(chunk.choices[0].delta.content)
    else:
        print("done")
"""
    finding = only(source, "AOM801")
    assert finding.snippet == (
        'for chunk in client.chat.completions.create(model="m", messages=m, stream=True):\n'
        "    if not chunk.choices or chunk.choices[0].delta is None:\n"
        f"        continue  {GUARD_COMMENT}\n"
        "    print(chunk.choices[0].delta.content)\n"
        "else:\n"
        '    print("done")\n'
    )
    assert finding.replacement is None  # the body shares the header's line


# -- AOM804 ------------------------------------------------------------------------------------

GUIDE_INFERENCE = INFERENCE_CLIENT + """\
from azure.ai.inference.models import SystemMessage, UserMessage

response = client.complete(
    stream=True,
    messages=[
        SystemMessage(content="You are a helpful assistant."),
        UserMessage(content="Write a poem about Azure."),
    ],
    model="gpt-4o-mini"
)

for update in response:
    if update.choices:
        print(update.choices[0].delta.content or "", end="")
"""


def test_guide_inference_streaming_block_lacks_the_delta_guard():
    finding = only(GUIDE_INFERENCE, "AOM804")
    assert not found(GUIDE_INFERENCE, "AOM801")
    assert finding.line == 14
    assert finding.message == (
        "`update.choices[0].delta.content` in a loop over an Azure AI Inference stream does not "
        "check for a None `delta`: Azure's asynchronous content filter sends chunks whose choice "
        "has no delta, so it raises AttributeError"
    )
    assert finding.snippet == (
        "for update in response:\n"
        "    if not update.choices or update.choices[0].delta is None:\n"
        f"        continue  {GUARD_COMMENT}\n"
        '    print(update.choices[0].delta.content or "", end="")\n'
    )
    # the guard takes the place of the now redundant `if update.choices:`
    assert finding.replacement.text == (
        "    if not update.choices or update.choices[0].delta is None:\n"
        f"        continue  {GUARD_COMMENT}\n"
        '    print(update.choices[0].delta.content or "", end="")'
    )


def test_delta_alias_without_a_check():
    source = OPENAI_CLIENT + """\
for chunk in client.chat.completions.create(model="m", messages=m, stream=True):
    for choice in chunk.choices:
        delta = choice.delta
        print(delta.content)
"""
    finding = only(source, "AOM804")
    assert "`delta.content`" in finding.message


# -- AOM802 ------------------------------------------------------------------------------------


def test_tool_call_accumulation_by_position():
    source = INFERENCE_CLIENT + """\
def collect(messages, tools):
    args = ""
    for update in client.complete(stream=True, messages=messages, tools=tools, model="m"):
        if update.choices and update.choices[0].delta and update.choices[0].delta.tool_calls:
            args += update.choices[0].delta.tool_calls[0].function.arguments or ""
    return args
"""
    finding = only(source, "AOM802")
    assert finding.line == 7
    assert finding.snippet == (
        "if update.choices and update.choices[0].delta and update.choices[0].delta.tool_calls:\n"
        "    for tool_call_delta in update.choices[0].delta.tool_calls:\n"
        "        # tool_call_delta.index says which tool call this delta extends: accumulate per index\n"
        '        args += tool_call_delta.function.arguments or ""\n'
    )
    assert finding.compact == "for tool_call_delta in update.choices[0].delta.tool_calls: ..."


def test_tool_call_alias_without_an_if_wraps_the_rest_of_the_suite():
    source = OPENAI_CLIENT + """\
for chunk in client.chat.completions.create(model="m", messages=m, tools=t, stream=True):
    if not chunk.choices or not chunk.choices[0].delta:
        continue
    call = chunk.choices[0].delta.tool_calls[0]
    name = call.function.name or name
"""
    finding = only(source, "AOM802")
    assert finding.snippet == (
        "for tool_call_delta in chunk.choices[0].delta.tool_calls or []:\n"
        "    # tool_call_delta.index says which tool call this delta extends: accumulate per index\n"
        "    call = tool_call_delta\n"
        "    name = call.function.name or name\n"
    )


def test_tool_calls_outside_a_stream_loop_are_not_flagged():
    source = OPENAI_CLIENT + """\
completion = client.chat.completions.create(model="m", messages=m, tools=t)
for call in [completion.choices[0].message.tool_calls[0]]:
    print(call)
"""
    assert not found(source, "AOM802")


# -- AOM803 ------------------------------------------------------------------------------------


def test_aclose_on_an_inference_async_stream():
    source = """\
from azure.ai.inference.aio import ChatCompletionsClient
async def main(client: ChatCompletionsClient):
    response = await client.complete(stream=True, messages=m, model="x")
    await response.aclose()
"""
    finding = only(source, "AOM803")
    assert finding.snippet == "response.close()"
    assert apply(source, finding.replacement).endswith("    await response.close()\n")


def test_aclose_on_an_openai_async_stream_is_not_flagged():
    source = """\
from openai import AsyncOpenAI
async def main():
    client = AsyncOpenAI(base_url=U, api_key=K)
    stream = await client.chat.completions.create(model="m", messages=m, stream=True)
    await stream.aclose()
"""
    assert not found(source, "AOM803")


# -- AOM805 ------------------------------------------------------------------------------------


def test_usage_without_include_usage_on_an_openai_stream():
    source = OPENAI_CLIENT + """\
stream = client.chat.completions.create(model="m", messages=m, stream=True)
for chunk in stream:
    if chunk.usage:
        print(chunk.usage.total_tokens)
"""
    finding = only(source, "AOM805")
    assert finding.line == 5
    assert finding.message == (
        "`chunk.usage` is read but the stream is created without "
        '`stream_options={"include_usage": True}`: openai streams carry no usage without it'
    )
    assert finding.snippet == (
        "client.chat.completions.create(\n"
        '    model="m",\n'
        "    messages=m,\n"
        "    stream=True,\n"
        '    stream_options={"include_usage": True},\n'
        ")"
    )
    migrated = apply(source, finding.replacement)
    assert 'stream=True, stream_options={"include_usage": True})\n' in migrated
    assert not found(migrated, "AOM805")


def test_usage_on_an_inference_stream_shows_the_migrated_call():
    source = INFERENCE_CLIENT + """\
response = client.complete(stream=True, messages=m, model="x")
for update in response:
    if update.usage:
        tokens = update.usage.total_tokens
"""
    finding = only(source, "AOM805")
    assert finding.snippet == (
        'client.chat.completions.create(model="x", messages=m, stream=True, '
        'stream_options={"include_usage": True})'
    )
    assert finding.replacement is None  # the call itself is rewritten by AOM103


def test_usage_goes_on_the_call_whose_stream_the_loop_reads_when_the_name_is_reused():
    """`stream` is assigned twice; only the second loop reads usage: that call gets
    include_usage, the first request is left as it was."""
    source = OPENAI_CLIENT + """\
stream = client.chat.completions.create(model="m", messages=first, stream=True)
for chunk in stream:
    print(chunk)
stream = client.chat.completions.create(model="m", messages=second, stream=True)
for chunk in stream:
    if chunk.usage:
        print(chunk.usage.total_tokens)
"""
    finding = only(source, "AOM805")
    assert "messages=second" in finding.snippet and "messages=first" not in finding.snippet
    migrated = apply(source, finding.replacement)
    assert 'messages=first, stream=True)\n' in migrated
    assert 'messages=second, stream=True, stream_options={"include_usage": True})\n' in migrated


# -- robustness --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        OPENAI_CLIENT + "for (a, *b) in client.chat.completions.create(model='m', messages=m, stream=True):\n    a.choices[0]\n",
        OPENAI_CLIENT + "for x.y in client.chat.completions.create(model='m', messages=m, stream=True):\n    x.y.choices[0]\n",
        OPENAI_CLIENT + "s = client.chat.completions.create(model='m', messages=m, stream=True)\n"
        "x = {c.id: c.choices[0] for c in s}\ny = [c for c in s for d in c.choices if d.delta]\n",
        OPENAI_CLIENT + "async def f():\n    s = client.chat.completions.create(model='m', messages=m, stream=True)\n"
        "    return [c.choices[0] async for c in s]\n",
        "from azure.ai.inference.aio import ChatCompletionsClient as C\nasync def f(c: C):\n    r = await c.complete(stream=True)\n"
        "    await r.aclose(1)\n    r.aclose\n",
    ],
)
def test_odd_code_does_not_crash(source):
    run(source)


def test_tabs_crlf_and_non_ascii_sources_render():
    source = (
        OPENAI_CLIENT.replace("\n", "\r\n")
        + "def f():\r\n"
        + "\tfor chunk in client.chat.completions.create(model='m', messages=m, stream=True):\r\n"
        + "\t\tprint('héllo → ', chunk.choices[0].delta.content)\r\n"
    )
    finding = only(source, "AOM801")
    assert finding.snippet == (
        "for chunk in client.chat.completions.create(model='m', messages=m, stream=True):\n"
        "    if not chunk.choices or chunk.choices[0].delta is None:\n"
        f"        continue  {GUARD_COMMENT}\n"
        "    print('héllo → ', chunk.choices[0].delta.content)\n"
    )
    assert finding.replacement.text.startswith("\t\tif not chunk.choices")


def test_multi_line_statements_keep_their_relative_indentation():
    source = OPENAI_CLIENT + """\
def f(log):
    for chunk in client.chat.completions.create(model='m', messages=m, stream=True):
        log.info(
            "delta %s",
            chunk.choices[0].delta.content,
        )
        text = '''a
  multi-line string'''
"""
    finding = only(source, "AOM801")
    assert finding.snippet.endswith(
        "    log.info(\n"
        '        "delta %s",\n'
        "        chunk.choices[0].delta.content,\n"
        "    )\n"
        "    text = '''a\n"
        "  multi-line string'''\n"
    )


def test_generic_and_annotated_stream_annotations_resolve():
    """Core (semantics.annotation): ``Stream[ChatCompletionChunk]`` is an ``openai.Stream``,
    ``Annotated[X, ...]`` is an ``X``."""
    source = """\
# streams from Azure OpenAI's /openai/v1/ endpoint (OPENAI_BASE_URL)
from typing import Annotated
from openai import AsyncStream, Stream
from openai.types.chat import ChatCompletionChunk

def consume(stream: Stream[ChatCompletionChunk]):
    for chunk in stream:
        print(chunk.choices[0].delta.content)

async def aconsume(stream: "Annotated[AsyncStream[ChatCompletionChunk], 'doc']"):
    async for chunk in stream:
        print(chunk.choices[0].delta.content)

def not_a_stream(rows: list[ChatCompletionChunk]):
    for chunk in rows:
        print(chunk.choices[0].delta.content)
"""
    assert [f.line for f in found(source, "AOM801")] == [7, 11]


def test_plain_openai_streams_are_left_alone():
    """Without a sign of Azure (an AzureOpenAI client, an Azure base_url, or any mention of Azure
    in the module), an OpenAI stream is OpenAI's, which sends no chunk without choices."""
    source = """\
from openai import OpenAI

client = OpenAI()
local = OpenAI(base_url="http://localhost:8000/v1")
for chunk in client.chat.completions.create(model="gpt-4o", messages=[], stream=True):
    print(chunk.choices[0].delta.content)
for chunk in local.chat.completions.create(model="m", messages=[], stream=True):
    print(chunk.choices[0].delta.content)
"""
    assert found(source, "AOM801") == []
    assert [f.line for f in found("import os  # AZURE_OPENAI_ENDPOINT below\n" + source, "AOM801")] == [6]


# -- the user's own `choices` check merged with the guard ----------------------------------------

_MERGE_CASES = {
    "statements-before": (
        "for chunk in client.chat.completions.create(model='m', messages=m, stream=True):\n"
        "    print('chunk')\n"
        "    if chunk.choices:\n"
        "        # the text\n"
        "        print(chunk.choices[0].delta.content or '', end='')\n",
        "for chunk in client.chat.completions.create(model='m', messages=m, stream=True):\n"
        "    print('chunk')\n"
        "    if not chunk.choices or chunk.choices[0].delta is None:\n"
        f"        continue  {GUARD_COMMENT}\n"
        "    # the text\n"
        "    print(chunk.choices[0].delta.content or '', end='')\n",
    ),
    "statements-after": (
        "for chunk in client.chat.completions.create(model='m', messages=m, stream=True):\n"
        "    if chunk.choices:\n"
        "        print(chunk.choices[0].delta.content or '', end='')\n"
        "    count += 1\n",
        "for chunk in client.chat.completions.create(model='m', messages=m, stream=True):\n"
        "    if chunk.choices and chunk.choices[0].delta is not None:\n"
        "        print(chunk.choices[0].delta.content or '', end='')\n"
        "    count += 1\n",
    ),
    "else": (
        "for chunk in client.chat.completions.create(model='m', messages=m, stream=True):\n"
        "    if len(chunk.choices) != 0:\n"
        "        print(chunk.choices[0].delta.content or '', end='')\n"
        "    else:\n"
        "        print('empty')\n",
        # the `else` still runs for every chunk without choices (and only for them: a choice
        # without a delta is skipped, not handed to it)
        "for chunk in client.chat.completions.create(model='m', messages=m, stream=True):\n"
        "    if chunk.choices and chunk.choices[0].delta is None:\n"
        "        continue  # Azure: async content-filter annotation\n"
        "    if len(chunk.choices) != 0:\n"
        "        print(chunk.choices[0].delta.content or '', end='')\n"
        "    else:\n"
        "        print('empty')\n",
    ),
    "and": (
        "for chunk in client.chat.completions.create(model='m', messages=m, stream=True):\n"
        "    if chunk.choices and chunk.choices[0].delta.content:  # text only\n"
        "        print(chunk.choices[0].delta.content, end='')\n"
        "    count += 1\n",
        "for chunk in client.chat.completions.create(model='m', messages=m, stream=True):\n"
        "    if chunk.choices and chunk.choices[0].delta is not None and chunk.choices[0].delta.content:  # text only\n"
        "        print(chunk.choices[0].delta.content, end='')\n"
        "    count += 1\n",
    ),
    "continue": (
        "for chunk in client.chat.completions.create(model='m', messages=m, stream=True):\n"
        "    if not chunk.choices: continue\n"
        "    print(chunk.choices[0].delta.content or '', end='')\n",
        "for chunk in client.chat.completions.create(model='m', messages=m, stream=True):\n"
        "    if not chunk.choices or chunk.choices[0].delta is None: continue\n"
        "    print(chunk.choices[0].delta.content or '', end='')\n",
    ),
}


@pytest.mark.parametrize("case", list(_MERGE_CASES))
def test_user_choices_check_is_merged_with_the_guard(case, tmp_path):
    import snippet_oracle
    from fixing import fix_file

    loop, expected = _MERGE_CASES[case]
    source = OPENAI_CLIENT + loop
    findings = [f for f in run(source) if f.code in ("AOM801", "AOM804")]
    assert [f.code for f in findings] == ["AOM804"]
    # the snippet shown is what fix writes, with one guard and every other statement kept
    assert findings[0].snippet == expected
    assert snippet_oracle.check_findings(findings, source) == []
    path = tmp_path / "m.py"
    path.write_text(source, encoding="utf-8")
    fix_file(path)
    fixed = path.read_text(encoding="utf-8")
    assert fixed == OPENAI_CLIENT + expected
    assert not [f for f in run(fixed) if f.code.startswith("AOM8")]


def test_guard_with_more_than_continue_gets_a_delta_check_after_it():
    source = OPENAI_CLIENT + (
        "for chunk in client.chat.completions.create(model='m', messages=m, stream=True):\n"
        "    if not chunk.choices:\n"
        "        print('empty')\n"
        "        continue\n"
        "    print(chunk.choices[0].delta.content)\n"
    )
    finding = only(source, "AOM804")
    assert finding.snippet == (
        "for chunk in client.chat.completions.create(model='m', messages=m, stream=True):\n"
        "    if not chunk.choices:\n"
        "        print('empty')\n"
        "        continue\n"
        "    if chunk.choices[0].delta is None:\n"
        "        continue  # Azure: async content-filter annotation\n"
        "    print(chunk.choices[0].delta.content)\n"
    )


def test_check_that_does_not_hold_every_read_is_not_merged():
    # the read after the `if` is not guarded by it: the guard goes on top, the `if` (now always
    # true) is unwrapped
    source = OPENAI_CLIENT + (
        "for chunk in client.chat.completions.create(model='m', messages=m, stream=True):\n"
        "    if chunk.choices:\n"
        "        print(chunk.choices[0].delta.content)\n"
        "    print(chunk.choices[0].delta.role)\n"
    )
    finding = only(source, "AOM801")
    assert finding.snippet.count("if not chunk.choices or chunk.choices[0].delta is None:") == 1
    assert "chunk.choices[0].delta is not None" not in finding.snippet
    assert "if chunk.choices:" not in finding.snippet
    assert "    print(chunk.choices[0].delta.content)\n    print(chunk.choices[0].delta.role)\n" in finding.snippet
    assert not found(source, "AOM804")


@pytest.mark.parametrize(
    "body, flagged",
    [
        # called in the iteration: its reads are the loop's
        ("    text = lambda: chunk.choices[0].delta.content\n    if chunk.choices:\n        print(text())\n", True),
        ("    def text():\n        return chunk.choices[0].delta.content\n    print(text())\n", True),
        # handed on: it may run after the loop, with another chunk
        ("    text = lambda: chunk.choices[0].delta.content\n    later.append(text)\n", False),
        ("    def text():\n        return chunk.choices[0].delta.content\n    print(text(), text)\n", False),
        # its parameter is another chunk
        ("    def text(chunk):\n        return chunk.choices[0].delta.content\n    print(text(last))\n", False),
        # the loop's chunk handed to it: a function of the module is followed one level
        ("    def text(chunk):\n        return chunk.choices[0].delta.content\n    print(text(chunk))\n", True),
    ],
    ids=["lambda-called", "def-called", "lambda-handed-on", "def-handed-on", "def-shadowing", "def-handed-chunk"],
)
def test_reads_in_a_function_the_loop_defines(body, flagged):
    source = OPENAI_CLIENT + "for chunk in client.chat.completions.create(model='m', messages=m, stream=True):\n" + body
    assert bool(found(source, "AOM801")) is flagged
