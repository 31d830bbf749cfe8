"""Rules of the `streaming` category: loops over Azure chat streams (api-map §8).

The loop analysis lives in :mod:`aoai_migrate.analysis.stream_loops`, the snippets in
:mod:`aoai_migrate.render.streams`; the rules here only report.
"""

from __future__ import annotations

import ast

from .. import known
from ..engine import Context
from ..model import Applicability, Category
from ..registry import Rule, register
from ..analysis.stream_loops import StreamLoop, analyze_comprehension, analyze_loop, github_models
from ..render.streams import call_with_include_usage, guarded, tool_calls_by_index
from .references import MIGRATION_GUIDE

_LOOPS = (ast.For, ast.AsyncFor)
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)

_REFERENCES = (
    f"{MIGRATION_GUIDE}#streaming",
    "https://learn.microsoft.com/azure/ai-foundry/openai/concepts/content-filter#streaming-content-filtering",
    "https://github.com/openai/openai-python/issues/1677",
    "https://github.com/pydantic/pydantic-ai/issues/797",
)

_INFERENCE_STREAM = (
    "from azure.ai.inference import ChatCompletionsClient\n"
    "client = ChatCompletionsClient(endpoint=ENDPOINT, credential=CREDENTIAL)\n"
)
_OPENAI_STREAM = (
    "from openai import OpenAI\n"
    "client = OpenAI(base_url=\"https://<resource>.openai.azure.com/openai/v1/\", api_key=KEY)\n"
)


def _loop(node: ast.AST, ctx: Context) -> StreamLoop | None:
    if isinstance(node, _LOOPS):
        return analyze_loop(node, ctx)
    return analyze_comprehension(node, ctx)


def _kind(loop: StreamLoop) -> str:
    return "Azure AI Inference stream" if loop.inference else "Azure chat stream"


_GUARD_FIX_SAFETY = (
    "Safe: the guard skips exactly the chunks that the Azure AI Inference SDK never passed on "
    "(Azure's prompt-filter chunk and usage chunk, which have no choices) and the content-filter "
    "annotations without a delta, which would raise on the first read; every chunk that carried "
    "text is handled as before. The user's own check of `choices` becomes the guard, so no "
    "redundant check stays: a loop ending in `if chunk.choices:` gets the guard in place of "
    "that check, its body one level out; an `if chunk.choices:` (or `len(chunk.choices) > 0`, "
    "or `if chunk.choices and ...:`) with statements after it or an `else` holding every read "
    "gains `and "
    "chunk.choices[0].delta is not None`, the other statements running for every chunk as "
    "before (the `else` also for a chunk without a delta); `if not chunk.choices: continue` "
    "gains `or chunk.choices[0].delta is None`, and a delta check follows it when its body "
    "does more than `continue`. When a read lies outside the loop's own check (before or after "
    "it, in a function the loop defines and calls), the guard goes on top of the loop and the "
    "checks it makes redundant go: `if chunk.choices:` without `else` is unwrapped (its body "
    "and comments one level out), `if chunk.choices and <more>:` becomes `if <more>:`, `if not "
    "chunk.choices: continue` is dropped (its comments kept), and an `if not chunk.choices:` "
    "whose body does more (it handles Azure's usage chunk, which has no choices) moves above "
    "the guard, so that it still runs (the statements it moves past do not assign the chunk); "
    "a branch for chunks without choices nested in `if` statements that do nothing for a "
    "chunk with choices (`if chunk.usage: if not chunk.choices: ...`) moves the same way, "
    "with the statement that holds it. A choices check with an `else` whose branch for "
    "chunks without choices does something (`if chunk.choices: ... else: <usage>`, or `if "
    "not chunk.choices: <usage> else: ...`) and whose other branch holds every read (or a "
    "function the loop defines and calls only there) gets the Inference SDK's own filter on "
    "top instead: `if (not chunk.choices and not chunk.usage) or (chunk.choices and "
    "chunk.choices[0].delta is None): continue`, so that branch still runs for exactly the "
    "chunks it ran for (the usage chunk). Any other `if chunk.choices:` with an `else` stays "
    "as written under the guard (the `else` can no longer run, nor could it: a read before it "
    "raised IndexError; the fix message says so); a branch that handles the usage chunk and "
    "cannot move gets no automatic guard (the message says why). "
    "No edit when statements "
    "that read `usage` must move under the guard (the snippet shows how) or the loop's layout "
    "cannot be edited line by line."
)


@register
class UnguardedStreamChoices(Rule):
    code = "AOM801"
    symbol = "stream-choices-unguarded"
    fix_title = "Guard the loop against chunks without choices{note}"
    category = Category.STREAMING
    severity = "error"
    message = (
        "`{read}`{via} in a loop over an {kind} does not check `{target}.choices`: {origin}, so it "
        "raises IndexError (async content-filter chunks also have `delta=None`){manual}"
    )
    summary = (
        "Flags loops and comprehensions over an Azure chat stream (Inference "
        "`complete(stream=True)` or openai `chat.completions.create(stream=True)`, iterated "
        "directly, through a variable, `with ... as`, `self.<attr>`, a local function or "
        "`enumerate`) that read `chunk.choices[0]` (also `[-1]`, `next(iter(chunk.choices))`) "
        "with no check that `choices` is non-empty."
    )
    why = (
        "Azure sends a first chunk with `choices: []` carrying `prompt_filter_results`, and with "
        "`stream_options={\"include_usage\": True}` a last usage chunk with `choices: []`. The "
        "Azure AI Inference SDK silently dropped chunks without choices (and without usage), so "
        "unguarded loops worked; openai's `Stream` yields every chunk, so the migrated loop "
        "raises `IndexError` on the first one. Azure's asynchronous content filter also sends "
        "annotation chunks whose choice has no `delta`. The migration guide's own OpenAI "
        "streaming example has this bug."
    )
    example = (
        _OPENAI_STREAM
        + "stream = client.chat.completions.create(model=\"gpt-4o-mini\", messages=messages, stream=True)\n"
        "for chunk in stream:\n"
        "    if chunk.choices[0].delta.content:\n"
        "        print(chunk.choices[0].delta.content, end=\"\")\n"
    )
    use_instead = (
        "for chunk in stream:\n"
        "    if not chunk.choices or chunk.choices[0].delta is None:\n"
        "        continue  # Azure: prompt-filter chunk, usage chunk, async content-filter annotation\n"
        "    if chunk.choices[0].delta.content:\n"
        "        print(chunk.choices[0].delta.content, end=\"\")\n"
    )
    known_problems = (
        "A guard counts for the reads written after it up to the end of what it tests (an `if`'s "
        "body and `else`, a `while`, the later operands of `and`, a conditional expression, a "
        "comprehension), for the rest of the loop body when the `if` ends the iteration (`if not "
        "chunk.choices: continue`) or is an `assert`, and a `try` catching IndexError protects "
        "its body; the `else` of a positive check counts as guarded. Reads in a function the loop "
        "defines count when the loop body only calls it (one handed on may run after the loop). "
        "A chunk handed to a function of the module (`handle(chunk)`, `self._handle(chunk)`) is "
        "followed one level: that function's unguarded reads count as reads of the loop at the "
        "call, and the guard goes on the loop. "
        "Reads through a list that is not the chunk's own `choices` (a copy) are not followed. Statements before the guard that must see every chunk "
        "(counting chunks, forwarding them) are skipped for the filtered chunks, as the "
        "Inference SDK did. An openai stream counts as Azure when its client is an AzureOpenAI or "
        "has an Azure `base_url` literal; a client with no `base_url` (OPENAI_BASE_URL may point "
        "at Azure), a non-literal one or one built elsewhere counts only in a module that mentions "
        "Azure. A `StreamingChatCompletions(response=...)` the code builds itself (the SDK's own "
        "parser on a response it was handed) is not a stream `complete(stream=True)` returned: no "
        "openai stream replaces it, and its loops are not flagged."
    )
    references = _REFERENCES
    fixable = True
    fix_applicability = Applicability.SAFE
    fix_safety = _GUARD_FIX_SAFETY
    invalid = (
        example,
        # the official Inference tools sample: indexes choices[0] with no guard
        _INFERENCE_STREAM
        + "response = client.complete(stream=True, messages=messages, tools=[tool], model='m')\n"
        "for update in response:\n"
        "    if update.choices[0].delta.tool_calls:\n"
        "        args += update.choices[0].delta.tool_calls[0].function.arguments or ''\n",
        # async, iterated directly
        "from azure.ai.inference.aio import ChatCompletionsClient\n"
        "async def main(client: ChatCompletionsClient):\n"
        "    async for update in await client.complete(stream=True, messages=m, model='x'):\n"
        "        print(update.choices[0].delta.content or '', end='')\n",
        # `with ... as`, a self attribute, a local function returning the stream
        _INFERENCE_STREAM
        + "class Chat:\n"
        "    def __init__(self):\n"
        "        self.stream = client.complete(stream=True, messages=[], model='m')\n"
        "    def text(self):\n"
        "        return ''.join(u.choices[0].delta.content or '' for u in self.stream)\n",
        _OPENAI_STREAM
        + "def open_stream(messages):\n"
        "    return client.chat.completions.create(model='m', messages=messages, stream=True)\n"
        "with open_stream(m) as s:\n"
        "    for i, chunk in enumerate(s):\n"
        "        choice = chunk.choices[-1]\n"
        "        print(i, choice.delta.content)\n",
        # the chunk handed to a method of the class that reads it
        _INFERENCE_STREAM
        + "class Printer:\n"
        "    def run(self, m):\n"
        "        for update in client.complete(stream=True, messages=m, model='x'):\n"
        "            self._show(update)\n"
        "    def _show(self, chunk):\n"
        "        print(chunk.choices[0].delta.content or '', end='')\n",
    )
    valid = (
        # guarded (choices and delta)
        _OPENAI_STREAM
        + "stream = client.chat.completions.create(model='m', messages=m, stream=True)\n"
        "for chunk in stream:\n"
        "    if chunk.choices and chunk.choices[0].delta:\n"
        "        print(chunk.choices[0].delta.content or '', end='')\n",
        # early `continue`, walrus, len(), iteration over choices
        _OPENAI_STREAM
        + "stream = client.chat.completions.create(model='m', messages=m, stream=True)\n"
        "for chunk in stream:\n"
        "    if len(chunk.choices) == 0:\n"
        "        continue\n"
        "    delta = chunk.choices[0].delta\n"
        "    if delta is not None and delta.content:\n"
        "        print(delta.content)\n",
        _OPENAI_STREAM
        + "stream = client.chat.completions.create(model='m', messages=m, stream=True)\n"
        "for chunk in stream:\n"
        "    for choice in chunk.choices:\n"
        "        if choice.delta:\n"
        "            print(choice.delta.content)\n",
        # not a stream: a plain list that happens to hold completions
        "import openai\n"
        "for completion in results:\n"
        "    print(completion.choices[0].message.content)\n",
        # a non-streaming completion
        _INFERENCE_STREAM
        + "response = client.complete(messages=m, model='x')\n"
        "for choice in response.choices:\n"
        "    print(response.choices[0].message.content)\n",
        # stream=False
        _OPENAI_STREAM
        + "for c in [client.chat.completions.create(model='m', messages=m, stream=False)]:\n"
        "    print(c.choices[0].message.content)\n",
        # an openai client on a non-Azure endpoint
        "from openai import OpenAI\n"
        "local = OpenAI(base_url='http://localhost:11434/v1', api_key='ollama')\n"
        "for chunk in local.chat.completions.create(model='llama3', messages=m, stream=True):\n"
        "    print(chunk.choices[0].delta.content)\n",
        # the SDK's own stream class built on a response it was handed (a test of its SSE
        # parser): no complete(stream=True) behind it, no openai stream ever replaces it
        "import azure.ai.inference as sdk\n"
        "def parse(http_response):\n"
        "    for update in sdk.models.StreamingChatCompletions(response=http_response):\n"
        "        print(update.choices[0].delta.content)\n",
        "from azure.ai.inference.models import AsyncStreamingChatCompletions\n"
        "async def parse(http_response):\n"
        "    stream = AsyncStreamingChatCompletions(http_response)\n"
        "    async for update in stream:\n"
        "        print(update.choices[0].delta.content)\n",
        # try/except IndexError around the read
        _OPENAI_STREAM
        + "for chunk in client.chat.completions.create(model='m', messages=m, stream=True):\n"
        "    try:\n"
        "        text = chunk.choices[0].delta.content\n"
        "    except (IndexError, AttributeError):\n"
        "        continue\n",
        # the loop checks before it hands the chunk on; a helper that checks itself
        _INFERENCE_STREAM
        + "def show(chunk):\n"
        "    print(chunk.choices[0].delta.content or '')\n"
        "def safe(chunk):\n"
        "    if chunk.choices:\n"
        "        print(chunk.choices[0].delta.content or '')\n"
        "for update in client.complete(stream=True, messages=m, model='x'):\n"
        "    safe(update)\n"
        "    if update.choices:\n"
        "        show(update)\n",
    )
    node_types = _LOOPS + _COMPREHENSIONS

    def visit(self, node: ast.AST, ctx: Context) -> None:
        loop = _loop(node, ctx)
        if loop is None or not loop.choice_reads:
            return
        rendered = guarded(loop, ctx)
        origin = (
            "Azure AI Inference dropped Azure's chunks without choices (prompt_filter_results, "
            "usage) but openai yields them"
            if loop.inference
            else "openai yields Azure's chunks without choices (prompt_filter_results first, usage last)"
        )
        ctx.report(
            self,
            node,
            snippet=rendered.snippet,
            compact=rendered.compact,
            replace=rendered.at,
            edit=rendered.edit,
            edits=tuple(ctx.edit(at, text) for at, text in rendered.more),
            read=ctx.segment(loop.choice_reads[0]),
            via=_via(loop, ctx),
            kind=_kind(loop),
            target=loop.target,
            origin=origin,
            note=getattr(rendered, "note", ""),
            manual=getattr(rendered, "manual", ""),
        )


def _via(loop, ctx: Context) -> str:
    """For a call that hands the chunk to a function of the module: where that function reads
    ``choices[0]``."""
    found = loop.helper_reads.get(loop.choice_reads[0])
    if found is None:
        return ""
    fn, read = found
    return (f" (`{fn.name}()` reads `{ctx.segment(read)}` on line {read.lineno}; the guard goes on "
            f"the loop, which skips such chunks as the Inference SDK did)")


@register
class StreamToolCallByPosition(Rule):
    code = "AOM802"
    symbol = "stream-tool-call-by-position"
    category = Category.STREAMING
    message = (
        "`{read}` takes each chunk's first tool-call delta; key streamed tool calls by "
        "`.index` (openai's `ChoiceDeltaToolCall.index` says which call a delta extends)"
    )
    summary = (
        "Flags `<delta>.tool_calls[0]` read in a loop over an Azure chat stream, the way the "
        "Azure AI Inference tools sample accumulates streamed tool calls."
    )
    why = (
        "Inference's `StreamingChatResponseToolCallUpdate` had no `index`, so code could only "
        "take the first delta and assume a single tool call. With parallel tool calls the "
        "deltas of several calls arrive one after another, each `ChoiceDeltaToolCall` carrying "
        "the `index` of its call (its `id` and `function.name` only in the first delta): "
        "accumulating `tool_calls[0]` into one buffer mixes the calls' arguments."
    )
    example = (
        _INFERENCE_STREAM
        + "response = client.complete(stream=True, messages=messages, tools=tools, model='m')\n"
        "for update in response:\n"
        "    if update.choices and update.choices[0].delta and update.choices[0].delta.tool_calls:\n"
        "        function_args += update.choices[0].delta.tool_calls[0].function.arguments or ''\n"
    )
    use_instead = (
        "calls = {}\n"
        "for chunk in stream:\n"
        "    if not chunk.choices or chunk.choices[0].delta is None:\n"
        "        continue\n"
        "    for tool_call in chunk.choices[0].delta.tool_calls or []:\n"
        "        call = calls.setdefault(tool_call.index, {'id': '', 'name': '', 'arguments': ''})\n"
        "        call['id'] = tool_call.id or call['id']\n"
        "        if tool_call.function:\n"
        "            call['name'] += tool_call.function.name or ''\n"
        "            call['arguments'] += tool_call.function.arguments or ''\n"
    )
    known_problems = (
        "The snippet loops over every tool-call delta of the chunk but keeps the user's "
        "accumulators: turning them into per-`index` buffers is left to the user (a comment "
        "says so). Only reads inside a resolved stream loop are flagged."
    )
    references = _REFERENCES + ("https://platform.openai.com/docs/guides/function-calling#streaming",)
    invalid = (
        example,
        _OPENAI_STREAM
        + "for chunk in client.chat.completions.create(model='m', messages=m, tools=t, stream=True):\n"
        "    if not chunk.choices:\n"
        "        continue\n"
        "    delta = chunk.choices[0].delta\n"
        "    if delta and delta.tool_calls:\n"
        "        call = delta.tool_calls[0]\n"
        "        name = call.function.name or name\n",
    )
    valid = (
        # keyed by index already
        _OPENAI_STREAM
        + "for chunk in client.chat.completions.create(model='m', messages=m, tools=t, stream=True):\n"
        "    if chunk.choices and chunk.choices[0].delta:\n"
        "        for tc in chunk.choices[0].delta.tool_calls or []:\n"
        "            calls[tc.index] += tc.function.arguments or ''\n",
        # a complete (non-streamed) response's tool calls
        _OPENAI_STREAM
        + "completion = client.chat.completions.create(model='m', messages=m, tools=t)\n"
        "call = completion.choices[0].message.tool_calls[0]\n",
    )
    node_types = _LOOPS

    def visit(self, node: ast.AST, ctx: Context) -> None:
        loop = _loop(node, ctx)
        if loop is None or not loop.tool_call_reads:
            return
        read = loop.tool_call_reads[0]
        rendered = tool_calls_by_index(loop, read, ctx)
        snippet, compact = rendered if rendered is not None else (None, None)
        ctx.report(self, read, snippet=snippet, compact=compact, read=ctx.segment(read))


@register
class InferenceStreamAclose(Rule):
    code = "AOM803"
    symbol = "stream-aclose"
    category = Category.STREAMING
    message = (
        "`{call}` closes an Azure AI Inference async stream; openai's `AsyncStream` is closed "
        "with `await {receiver}.close()` (`aclose()` is missing before openai 3.x)"
    )
    summary = "Flags `aclose()` on an `AsyncStreamingChatCompletions` (Inference async stream)."
    why = (
        "`AsyncStreamingChatCompletions.aclose()` becomes `AsyncStream.close()` (a coroutine). "
        "`AsyncStream.aclose()` exists in recent openai releases but not in 1.106.0 or 2.0.0, "
        "the versions migrated code most often pins; `close()` works in all of them. "
        "`async with stream:` works in both SDKs. The sync `StreamingChatCompletions.close()` "
        "keeps its name on `openai.Stream` and is not flagged."
    )
    example = (
        "from azure.ai.inference.aio import ChatCompletionsClient\n"
        "async def main(client: ChatCompletionsClient):\n"
        "    response = await client.complete(stream=True, messages=messages, model='m')\n"
        "    await response.aclose()\n"
    )
    use_instead = (
        "async def main(client):\n"
        "    stream = await client.chat.completions.create(stream=True, messages=messages, model='m')\n"
        "    await stream.close()\n"
    )
    references = ("https://github.com/openai/openai-python/blob/main/src/openai/_streaming.py",)
    fixable = True
    fix_applicability = Applicability.SAFE
    fix_safety = (
        "Safe: `await stream.close()` releases the response as `aclose()` did on the Inference "
        "stream."
    )
    invalid = (
        example,
        "from azure.ai.inference.aio import load_client\n"
        "async def main():\n"
        "    client = await load_client(endpoint=E, credential=C)\n"
        "    stream = await client.complete(stream=True, messages=m)\n"
        "    try:\n"
        "        pass\n"
        "    finally:\n"
        "        await stream.aclose()\n",
    )
    valid = (
        # an async generator's aclose
        "import openai\n"
        "async def main(gen):\n"
        "    await gen.aclose()\n",
        # the sync stream keeps close()
        _INFERENCE_STREAM + "response = client.complete(stream=True, messages=m, model='x')\nresponse.close()\n",
        # the Inference client's own close
        "from azure.ai.inference.aio import ChatCompletionsClient\n"
        "async def main(client: ChatCompletionsClient):\n"
        "    await client.close()\n",
    )
    node_types = (ast.Call,)
    call_methods = frozenset({"aclose"})

    def visit(self, node: ast.AST, ctx: Context) -> None:
        func = node.func
        if not isinstance(func, ast.Attribute) or func.attr != "aclose" or node.args or node.keywords:
            return
        if not any(v.name == known.ASYNC_STREAMING_CHAT for v in ctx.instances(func.value)):
            return
        receiver = ctx.segment(func.value)
        ctx.report(self, node, snippet=f"{receiver}.close()", replace=node, call=ctx.segment(node), receiver=receiver)


@register
class StreamDeltaUnguarded(Rule):
    code = "AOM804"
    symbol = "stream-delta-unguarded"
    category = Category.STREAMING
    message = (
        "`{read}` in a loop over an {kind} does not check for a None `delta`: Azure's "
        "asynchronous content filter sends chunks whose choice has no delta, so it raises "
        "AttributeError"
    )
    summary = (
        "Flags `<choice>.delta.<field>` reads in a loop over an Azure chat stream whose "
        "`choices` are checked but whose `delta` is not (e.g. the migration guide's Inference "
        "block: `if update.choices: print(update.choices[0].delta.content ...)`)."
    )
    why = (
        "With the asynchronous content filter (an opt-in streaming mode of the content-filter "
        "policy), Azure sends annotation chunks whose choice carries `content_filter_results` "
        "and no `delta`; both SDKs deserialise them with `delta` None (api-map §8.2, "
        "openai/openai-python#1677). The loop then raises AttributeError, in Inference today "
        "and in openai after migration. openai's `chat.completions.stream()` helper skips these "
        "events, plain `create(stream=True)` does not. Loops that also miss the `choices` "
        "check are reported by AOM801 instead, with the same guard."
    )
    example = (
        _INFERENCE_STREAM
        + "response = client.complete(stream=True, messages=messages, model=\"gpt-4o-mini\")\n"
        "for update in response:\n"
        "    if update.choices:\n"
        "        print(update.choices[0].delta.content or \"\", end=\"\")\n"
    )
    use_instead = (
        "stream = client.chat.completions.create(model=\"gpt-4o-mini\", messages=messages, stream=True)\n"
        "for update in stream:\n"
        "    if not update.choices or update.choices[0].delta is None:\n"
        "        continue  # Azure: prompt-filter chunk, usage chunk, async content-filter annotation\n"
        "    print(update.choices[0].delta.content or \"\", end=\"\")\n"
    )
    known_problems = (
        "Only matters where the asynchronous content filter is enabled; it is reported as a "
        "warning for that reason. Guards are recognised as for AOM801 (`if delta`, "
        "`delta is not None`, an `and` operand, `getattr`/`hasattr`, a `try` catching "
        "AttributeError)."
    )
    references = _REFERENCES
    fixable = True
    fix_applicability = Applicability.SAFE
    fix_safety = _GUARD_FIX_SAFETY
    invalid = (
        example,
        _OPENAI_STREAM
        + "stream = client.chat.completions.create(model='m', messages=m, stream=True)\n"
        "for chunk in stream:\n"
        "    if not chunk.choices:\n"
        "        continue\n"
        "    delta = chunk.choices[0].delta\n"
        "    text += delta.content or ''\n",
        _OPENAI_STREAM
        + "stream = client.chat.completions.create(model='m', messages=m, stream=True)\n"
        "parts = [c.choices[0].delta.content for c in stream if c.choices]\n",
    )
    valid = (
        _INFERENCE_STREAM
        + "response = client.complete(stream=True, messages=m, model='x')\n"
        "for update in response:\n"
        "    if update.choices and update.choices[0].delta:\n"
        "        print(update.choices[0].delta.content or '', end='')\n",
        _OPENAI_STREAM
        + "stream = client.chat.completions.create(model='m', messages=m, stream=True)\n"
        "for chunk in stream:\n"
        "    for choice in chunk.choices:\n"
        "        delta = choice.delta\n"
        "        if not delta:\n"
        "            continue\n"
        "        print(delta.content)\n",
        _OPENAI_STREAM
        + "stream = client.chat.completions.create(model='m', messages=m, stream=True)\n"
        "for chunk in stream:\n"
        "    if chunk.choices:\n"
        "        print(getattr(chunk.choices[0].delta, 'content', None))\n",
        # a complete response's message, not a delta
        _OPENAI_STREAM
        + "completion = client.chat.completions.create(model='m', messages=m)\n"
        "print(completion.choices[0].message.content)\n",
        # GitHub Models has no asynchronous content filter
        "from azure.ai.inference import ChatCompletionsClient\n"
        "client = ChatCompletionsClient(endpoint='https://models.github.ai/inference', credential=c)\n"
        "for update in client.complete(stream=True, messages=m, model='openai/gpt-4o'):\n"
        "    if update.choices:\n"
        "        print(update.choices[0].delta.content or '', end='')\n",
    )
    node_types = _LOOPS + _COMPREHENSIONS

    def visit(self, node: ast.AST, ctx: Context) -> None:
        loop = _loop(node, ctx)
        if loop is None or loop.choice_reads or not loop.delta_reads:
            return
        if github_models(loop.stream, ctx):  # no asynchronous content filter on GitHub Models
            return
        rendered = guarded(loop, ctx)
        ctx.report(
            self,
            node,
            snippet=rendered.snippet,
            compact=rendered.compact,
            replace=rendered.at,
            edit=rendered.edit,
            edits=tuple(ctx.edit(at, text) for at, text in rendered.more),
            read=ctx.segment(loop.delta_reads[0]),
            kind=_kind(loop),
        )


@register
class StreamUsageWithoutOption(Rule):
    code = "AOM805"
    symbol = "stream-usage-without-include-usage"
    category = Category.STREAMING
    message = (
        "`{read}` is read but the stream is created without `stream_options={{\"include_usage\": "
        "True}}`: openai streams carry no usage without it"
    )
    summary = (
        "Flags `chunk.usage` read in a loop over an Azure chat stream whose call (visible in "
        "this module) passes neither `stream_options` nor a `**` mapping or request body that "
        "could carry it (Inference: `model_extras`)."
    )
    why = (
        "Chat-completion streams only end with a usage chunk when the request asks for it with "
        "`stream_options={\"include_usage\": True}`; otherwise `chunk.usage` is always None and "
        "the token accounting silently reads nothing. Some models behind the Inference "
        "`/models` endpoint sent usage unasked. The usage chunk has `choices == []`: read it "
        "before the `choices` guard's `continue`."
    )
    example = (
        _OPENAI_STREAM
        + "stream = client.chat.completions.create(model='m', messages=messages, stream=True)\n"
        "for chunk in stream:\n"
        "    if chunk.usage:\n"
        "        tokens = chunk.usage.total_tokens\n"
    )
    use_instead = (
        "stream = client.chat.completions.create(\n"
        "    model='m', messages=messages, stream=True, stream_options={\"include_usage\": True}\n"
        ")\n"
        "for chunk in stream:\n"
        "    if chunk.usage:\n"
        "        tokens = chunk.usage.total_tokens\n"
    )
    known_problems = (
        "Only the call that created the stream, as the semantic model sees it, is checked; "
        "a stream created in another module is not."
    )
    references = ("https://platform.openai.com/docs/api-reference/chat/create#chat-create-stream_options",)
    fixable = True
    fix_applicability = Applicability.UNSAFE
    fix_safety = (
        "Unsafe: `stream_options={\"include_usage\": True}` makes the stream end with one more "
        "chunk, without choices, that carries the usage: right for the code that reads usage, "
        "but a loop that indexes `choices[0]` without a guard (AOM801) then fails on it."
    )
    invalid = (
        example,
        _INFERENCE_STREAM
        + "for update in client.complete(stream=True, messages=m, model='x'):\n"
        "    if update.usage:\n"
        "        print(update.usage.total_tokens)\n",
    )
    valid = (
        _OPENAI_STREAM
        + "stream = client.chat.completions.create(\n"
        "    model='m', messages=m, stream=True, stream_options={'include_usage': True})\n"
        "for chunk in stream:\n"
        "    if chunk.usage:\n"
        "        print(chunk.usage)\n",
        _OPENAI_STREAM
        + "stream = client.chat.completions.create(model='m', stream=True, **options)\n"
        "for chunk in stream:\n"
        "    if chunk.usage:\n"
        "        print(chunk.usage)\n",
        _INFERENCE_STREAM
        + "response = client.complete(stream=True, messages=m, model='x',\n"
        "                           model_extras={'stream_options': {'include_usage': True}})\n"
        "for update in response:\n"
        "    if update.usage:\n"
        "        print(update.usage)\n",
    )
    node_types = _LOOPS + _COMPREHENSIONS

    def visit(self, node: ast.AST, ctx: Context) -> None:
        loop = _loop(node, ctx)
        if loop is None or not loop.usage_reads:
            return
        call = loop.stream.node
        if not isinstance(call, ast.Call) or any(kw.arg is None for kw in call.keywords):
            return
        names = {kw.arg for kw in call.keywords}
        if "stream_options" in names or (loop.inference and ("model_extras" in names or call.args)):
            return
        rendered = call_with_include_usage(loop, ctx)
        if rendered is None:
            return
        snippet, at, inserted = rendered
        ctx.report(
            self,
            loop.usage_reads[0],
            snippet=snippet,
            replace=at,
            edit=inserted if at is not None else None,
            read=ctx.segment(loop.usage_reads[0]),
        )
