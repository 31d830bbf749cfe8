"""Fixes of a call's result follow that call's fix (``value_dependencies.py``).

An annotation of the value a call produces (``response: ChatCompletions = client.complete(...)``),
the reads of that value (``response.created.isoformat()``, ``response.choices[0].message.get(...)``)
and ``aclose()`` on a stream are right only once the call itself is migrated. When the call's fix
is unsafe, those fixes are unsafe too; when nothing migrates the call (display-only, or an
Inference call on a client nothing in the module resolves), they are display-only, so neither
``fix`` nor ``fix --unsafe-fixes`` leaves a half-migrated program. An annotation naming a client
follows the calls made through the annotated name as well.

Enum comparisons (AOM107) and the stream guards (AOM801/AOM804) are right on Inference values
too, so they follow nothing: the execution proof below applies them to a program whose calls
stay Inference calls and runs it against the Inference routes of the stub.
"""

from __future__ import annotations

import importlib.util
import json
import os
import pathlib
import shutil
import subprocess
import sys
import textwrap

import pytest

from fixing import fix_file
from http_stub import INFERENCE, V1, AzureV1Stub

from conftest import run

FIXTURE = pathlib.Path(__file__).resolve().parent / "fix_fixtures" / "result_annotation_follows_call"


def applicability(source: str) -> dict[tuple[str, int], str]:
    """``(code, line) -> applicability`` of the findings with a fix."""
    return {
        (f.code, f.line): f.fix.applicability.value
        for f in run(source) if f.fix is not None
    }


HEAD = (
    "import os\n"
    "from azure.ai.inference import ChatCompletionsClient\n"
    "from azure.ai.inference.models import ChatCompletions, EmbeddingsResult, UserMessage\n"
    "from azure.core.credentials import AzureKeyCredential\n"
    "client = ChatCompletionsClient(endpoint='https://res.services.ai.azure.com/models', credential=AzureKeyCredential('k'))\n"
)
LINE = HEAD.count("\n") + 1  # the first line after HEAD


# -- annotations -------------------------------------------------------------------------------


@pytest.mark.parametrize("body, want", [
    # the call's fix is unsafe (`**options`): so is the annotation's
    ("def f(options):\n    response: ChatCompletions = client.complete(messages=[], model='m', **options)\n",
     "unsafe"),
    # annotated first, assigned later
    ("def f(options):\n    response: ChatCompletions\n    response = client.complete(messages=[], model='m', **options)\n",
     "unsafe"),
    # annotated first, bound by a loop over the stream of a call whose fix is unsafe
    ("def f(options):\n    update: ChatCompletions | None = None\n"
     "    for update in client.complete(messages=[], model='m', stream=True, **options):\n        pass\n",
     "unsafe"),
    # nothing in the module resolves the receiver: nothing migrates the call
    ("class S:\n    def __init__(self, c):\n        self.c = c\n"
     "    async def f(self):\n        response: ChatCompletions = await self.c.complete(messages=[], model='m')\n",
     "display-only"),
])
def test_a_result_annotation_follows_its_call(body, want):
    found = applicability(HEAD + body)
    annotations = {v for (code, _), v in found.items() if code == "AOM110"}
    assert annotations == {want}, found


def test_a_return_annotation_follows_the_calls_it_returns():
    found = applicability(HEAD + "def f(options) -> ChatCompletions:\n"
                                 "    return client.complete(messages=[], model='m', **options)\n")
    assert found[("AOM110", LINE)] == "unsafe"


@pytest.mark.parametrize("body", [
    # the call's fix is safe: the annotation goes with it
    "response: ChatCompletions = client.complete(messages=[], model='m')\n",
    "def f() -> ChatCompletions:\n    return client.complete(messages=[], model='m')\n",
    # tricky: the parameter's value comes from this module's caller, whose call is safe
    "def f(response: ChatCompletions):\n    return response\n"
    "f(client.complete(messages=[], model='m'))\n",
    # tricky: a `.complete()` of the module's own class is no Inference call
    "class Job:\n    def complete(self):\n        return None\n"
    "def f(job: Job):\n    done: ChatCompletions = job.complete()\n",
    # tricky: a helper's result is not followed
    "def load():\n    return None\n"
    "def f():\n    cached: ChatCompletions = load()\n",
])
def test_an_annotation_whose_value_is_migrated_or_not_followed_stays_safe(body):
    found = applicability(HEAD + body)
    assert {v for (code, _), v in found.items() if code == "AOM110"} == {"safe"}, found


def test_a_result_parameter_no_call_of_the_module_passes_is_unsafe():
    """Its callers are in other modules, whose calls may stay Azure's."""
    found = applicability(HEAD + "def f(response: ChatCompletions):\n    return response.choices\n")
    assert found[("AOM110", LINE)] == "unsafe"


def test_a_parameter_annotation_follows_what_the_module_passes_for_it():
    source = HEAD + (
        "class S:\n"
        "    def __init__(self, c):\n        self.c = c\n"
        "    def ask(self):\n"
        "        response: ChatCompletions = self.c.complete(messages=[], model='m')\n"
        "        return self._text(response) + text(response=response)\n"
        "    def _text(self, response: ChatCompletions) -> str:\n        return ''\n"
        "def text(response: ChatCompletions) -> str:\n    return ''\n"
        "def never_called(response: ChatCompletions) -> str:\n    return ''\n"
    )
    found = applicability(source)
    assert found[("AOM110", LINE + 6)] == "display-only"  # self._text(response): positional, bound
    assert found[("AOM110", LINE + 8)] == "display-only"  # text(response=response): keyword
    # no call in the module: its callers are elsewhere, and may pass what stays Azure's
    assert found[("AOM110", LINE + 10)] == "unsafe"


def test_a_field_annotation_follows_the_constructions_assigned_to_it():
    """``_client: ChatCompletionsClient`` declared in the class, assigned a construction in a
    method: the annotation goes with that construction's fix (here unsafe: the endpoint comes
    from configuration), as with the calls made through ``self._client``."""
    source = (
        "import os\n"
        "from azure.ai.inference import ChatCompletionsClient\n"
        "from azure.core.credentials import AzureKeyCredential\n"
        "class Bot:\n"
        "    _client: ChatCompletionsClient\n"
        "    def __init__(self):\n"
        "        self._client = ChatCompletionsClient(endpoint=os.environ['E'], credential=AzureKeyCredential('k'))\n"
        "class Other:\n"
        "    _client: ChatCompletionsClient\n"
        "    def __init__(self):\n"
        "        self._client = ChatCompletionsClient(endpoint='https://r.services.ai.azure.com/models', credential=AzureKeyCredential('k'))\n"
    )
    found = applicability(source)
    assert found[("AOM102", 7)] == "unsafe" and found[("AOM110", 5)] == "unsafe"
    assert found[("AOM102", 11)] == "safe" and found[("AOM110", 9)] == "safe"


def test_reads_of_a_parameter_follow_what_the_module_passes_for_it():
    source = HEAD + (
        "def ask(options):\n"
        "    response = client.complete(messages=[], model='m', **options)\n"
        "    return text(response)\n"
        "def text(response: ChatCompletions):\n"
        "    return response.choices[0].message.get('content')\n"
    )
    found = applicability(source)
    assert found[("AOM110", LINE + 3)] == "unsafe" and found[("AOM120", LINE + 4)] == "unsafe"


def test_a_client_of_a_base_class_in_another_module_migrates_nothing_here(tmp_path, capsys):
    """``self.client`` declared by a base class of another module (semantic-kernel's services):
    the call has no finding, so the annotation of its result is not rewritten."""
    (tmp_path / "base.py").write_text(
        "class Base:\n    def __init__(self, client):\n        self.client = client\n", encoding="utf-8"
    )
    (tmp_path / "service.py").write_text(
        "from azure.ai.inference.models import EmbeddingsResult\n"
        "from base import Base\n"
        "class Service(Base):\n"
        "    async def vectors(self, texts):\n"
        "        result: EmbeddingsResult = await self.client.embed(input=texts, model='m')\n"
        "        return result.data\n",
        encoding="utf-8",
    )
    from aoai_migrate.cli import main

    capsys.readouterr()
    main(["check", "--format", "json", str(tmp_path)])
    data = json.loads(capsys.readouterr().out)
    found = {(f["code"], f["line"]): (f["fix"] or {}).get("applicability") for f in data}
    assert found[("AOM110", 5)] == "display-only", found


def test_a_client_annotation_follows_the_calls_made_through_the_name():
    source = (
        "from azure.ai.inference import ChatCompletionsClient\n"
        "def ask(client: ChatCompletionsClient, options):\n"
        "    return client.complete(messages=[], model='m', **options)\n"
        "def embed(client: ChatCompletionsClient):\n"
        "    return client.complete(messages=[], model='m')\n"
        "class Bot:\n"
        "    chat: ChatCompletionsClient\n"
        "    def ask(self, options):\n"
        "        return self.chat.complete(messages=[], model='m', **options)\n"
    )
    found = applicability(source)
    assert found[("AOM110", 2)] == "unsafe"  # its call needs a review
    assert found[("AOM110", 4)] == "safe"  # its call is migrated safely
    assert found[("AOM110", 7)] == "unsafe"  # a field declared in the class, called through self


# -- reads of a result and streams ------------------------------------------------------------


READS = textwrap.dedent(
    """\
    import os
    from azure.ai.inference import ChatCompletionsClient
    from azure.ai.inference.aio import ChatCompletionsClient as AsyncClient
    from azure.ai.inference.models import AsyncStreamingChatCompletions, UserMessage
    from azure.core.credentials import AzureKeyCredential

    client = ChatCompletionsClient(endpoint="https://res.services.ai.azure.com/models", credential=AzureKeyCredential("k"))
    other = ChatCompletionsClient(endpoint="https://res.services.ai.azure.com/models", credential=AzureKeyCredential("k"))


    def ask(options):
        response = client.complete(messages=[{"role": "user", "content": "q"}], model="m", **options)
        when = response.created.isoformat()
        return when, response.choices[0].message.get("content"), response["usage"]["total_tokens"]


    def ask_safely():
        response = other.complete(messages=[{"role": "user", "content": "q"}], model="m")
        return response.created.isoformat()


    async def stream(service, options):
        updates: AsyncStreamingChatCompletions = await service.client.complete(messages=[], model="m", stream=True)
        async for update in updates:
            print(update.get("id"))
        await updates.aclose()


    def message_dict(options):
        message = UserMessage("q")
        client.complete(messages=[message], model="m", **options)
        return message.as_dict()
    """
)


def test_reads_follow_the_call_that_produced_the_value():
    found = applicability(READS)
    # the call needs a review: so do the reads of its result (AOM115 is unsafe anyway)
    assert found[("AOM117", 13)] == "unsafe" and found[("AOM120", 14)] == "unsafe"
    assert found[("AOM115", 14)] == "unsafe"
    # the call is migrated safely: the read goes with it
    assert found[("AOM103", 18)] == "safe" and found[("AOM117", 19)] == "safe"
    # a stream from a client nothing resolves: its reads and aclose() are not fixed
    assert found[("AOM120", 25)] == "display-only" and found[("AOM803", 26)] == "display-only"
    # the message becomes a dict only with the call it goes into: `as_dict()` stays with it
    assert found[("AOM105", 30)] == "unsafe" and found[("AOM118", 32)] == "unsafe"


def test_reads_of_a_value_only_other_modules_hand_in_wait_for_unsafe_fixes():
    """A result passed in as a parameter that no call of the module passes: other modules may
    still pass the Inference result (a `datetime` for `created`), so the read's fix and the
    annotation's are applied with --unsafe-fixes only."""
    source = (READS + textwrap.dedent(
        """\


        def when(response: ChatCompletions, options):
            client.complete(messages=[], model="m", **options)
            return response.created.isoformat()
        """
    )).replace("import AsyncStreamingChatCompletions,", "import AsyncStreamingChatCompletions, ChatCompletions,")
    found = applicability(source)
    assert found[("AOM117", 37)] == "unsafe" and found[("AOM110", 35)] == "unsafe"


def test_unsafe_fixes_do_not_apply_what_follows_a_call_nothing_migrates(tmp_path):
    path = tmp_path / "service.py"
    shutil.copy(FIXTURE / "before.py", path)
    fix_file(path, unsafe=True)
    text = path.read_text(encoding="utf-8")
    assert "response: ChatCompletions = self.client.complete(" in text
    assert "result: EmbeddingsResult\n" in text


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("mypy") is None, reason="mypy is not installed (test extra)")
def test_fixed_modules_type_check(tmp_path):
    """The original, the plain ``fix`` and the ``--unsafe-fixes`` output of the fixture all
    type-check against the installed SDKs. Before annotations followed their calls, the plain fix
    wrote ``response: ChatCompletion = self.client.complete(...)`` after an ``isinstance`` that
    makes the client an Inference one, and ``client: OpenAI`` over ``client.complete(...)``: two
    mypy errors."""
    for name in ("before", "after_safe", "after"):
        shutil.copy(FIXTURE / f"{name}.py", tmp_path / f"m_{name}.py")
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--check-untyped-defs", "--no-error-summary", "--show-error-codes",
         "--cache-dir", str(tmp_path / ".mypy_cache"), "m_before.py", "m_after_safe.py", "m_after.py"],
        cwd=tmp_path, capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr


# -- proof by execution ------------------------------------------------------------------------

#: the endpoint comes from configuration, so the client's fix (and every call's) needs a review:
#: the plain fix applies only what is right on Inference values too (the enum comparison, the
#: stream guard) and leaves the reads of the results as they are
PROGRAM = textwrap.dedent(
    """\
    import asyncio
    import os

    from azure.ai.inference import ChatCompletionsClient
    from azure.ai.inference.aio import ChatCompletionsClient as AsyncChatCompletionsClient
    from azure.ai.inference.models import ChatCompletions, CompletionsFinishReason, UserMessage
    from azure.core.credentials import AzureKeyCredential

    endpoint = os.environ["CHAT_ENDPOINT"]
    client = ChatCompletionsClient(endpoint=endpoint, credential=AzureKeyCredential(os.environ["CHAT_KEY"]))

    response: ChatCompletions = client.complete(messages=[UserMessage("Say hello")], model="gpt-4o-mini")
    print(response.created.isoformat())
    print(response.choices[0].message.get("content"))
    print(response["usage"]["total_tokens"])
    if response.choices[0].finish_reason == CompletionsFinishReason.STOPPED:
        print("stopped")

    parts = []
    for update in client.complete(messages=[UserMessage("Stream hello")], model="gpt-4o-mini", stream=True):
        parts.append(update.choices[0].delta.content or "")
    print("".join(parts))


    async def main() -> None:
        chat = AsyncChatCompletionsClient(endpoint=endpoint, credential=AzureKeyCredential(os.environ["CHAT_KEY"]))
        stream = await chat.complete(messages=[UserMessage("Stream again")], model="gpt-4o-mini", stream=True)
        async for update in stream:
            if update.choices:
                print(update.get("model"), update.choices[0].delta.content or "")
        await stream.aclose()
        await chat.close()


    asyncio.run(main())
    """
)


def _run(path: pathlib.Path, endpoint: str) -> subprocess.CompletedProcess:
    environment = {
        name: value for name, value in os.environ.items()
        if not name.upper().startswith(("OPENAI_", "AZURE_")) and not name.lower().endswith("_proxy")
    }
    environment.update(CHAT_ENDPOINT=endpoint, CHAT_KEY="test-api-key", NO_PROXY="127.0.0.1,localhost")
    return subprocess.run(
        [sys.executable, str(path)], capture_output=True, text=True, env=environment, cwd=path.parent, timeout=120,
    )


def test_plain_fix_leaves_reads_of_unmigrated_calls_and_the_program_runs(tmp_path):
    with AzureV1Stub() as stub:
        program = tmp_path / "program.py"
        program.write_text(PROGRAM, encoding="utf-8")
        before = _run(program, stub.url + INFERENCE)
        assert before.returncode == 0 and before.stdout.strip(), before.stderr

        fix_file(program, unsafe=False)
        fixed = program.read_text(encoding="utf-8")
        # the reads and the annotation wait for their calls
        for kept in ("response: ChatCompletions = client.complete(", "response.created.isoformat()",
                     'response.choices[0].message.get("content")', 'response["usage"]["total_tokens"]',
                     'update.get("model")', "await stream.aclose()"):
            assert kept in fixed, fixed
        # what is right on Inference values too is applied
        assert 'finish_reason == "stop"' in fixed and "CompletionsFinishReason" not in fixed
        assert "delta is None" in fixed, fixed

        stub.clear()
        after = _run(program, stub.url + INFERENCE)
        assert after.returncode == 0, after.stderr + fixed
        assert after.stdout == before.stdout
        assert {r.path for r in stub.requests} == {f"{INFERENCE}/chat/completions"}

        # and --unsafe-fixes migrates the calls and their reads together, printing the same
        fix_file(program, unsafe=True)
        migrated = program.read_text(encoding="utf-8")
        assert "azure.ai.inference" not in migrated and ".to_dict().get(" in migrated, migrated
        stub.clear()
        done = _run(program, stub.url)
        assert done.returncode == 0, done.stderr + migrated
        assert done.stdout == before.stdout
        assert {r.path for r in stub.requests} == {f"{V1}/chat/completions"}
