"""A fix is at most as safe as the fixes it depends on (ruff's semantics).

A call rewrite needs its client's construction migrated, an exception handler rewrite needs the
calls its ``try`` guards migrated, and a model converted to a dict needs the Inference call it goes
into migrated. When one of those is unsafe, the plain ``fix`` (safe fixes only) must leave the
dependent edit alone too, so the program still behaves as before; ``--unsafe-fixes`` migrates
everything as it always did; and ``check --format json`` shows the lowered applicability.

The programs talk to 127.0.0.1:9 (nothing listens there): the Inference client raises azure-core's
``ServiceRequestError`` at once, which the program's own handler must still catch after the fix.
"""

from __future__ import annotations

import json
import pathlib
import subprocess
import sys
import textwrap

import pytest

from fixing import fix_file

from aoai_migrate.cli import main

# the handler guards an embed() whose fix is unsafe (an azure-core request keyword is dropped)
HANDLER_OVER_UNSAFE_CALL = textwrap.dedent(
    """\
    import asyncio
    from azure.ai.inference.aio import EmbeddingsClient
    from azure.core.credentials import AzureKeyCredential
    from azure.core.exceptions import ServiceRequestError


    async def run():
        embedder = EmbeddingsClient(endpoint="http://127.0.0.1:9", credential=AzureKeyCredential("secret"))
        try:
            await embedder.embed(input=["x", "y"], model="vectors", raw_request_hook=lambda request: None)
            print("embedded")
        except ServiceRequestError:
            print("caught: no connection")
        finally:
            await embedder.close()


    asyncio.run(run())
    """
)

# the embed() fix alone is safe, but its client's is not (an endpoint that is not Azure's)
CALL_ON_UNSAFE_CLIENT = HANDLER_OVER_UNSAFE_CALL.replace(', raw_request_hook=lambda request: None', '')

# a response format converted to a dict flows into a complete() that stays Azure's
MODEL_INTO_UNSAFE_CALL = textwrap.dedent(
    """\
    import os

    from azure.ai.inference import ChatCompletionsClient
    from azure.ai.inference.models import JsonSchemaFormat, UserMessage
    from azure.core.credentials import AzureKeyCredential
    from azure.core.exceptions import ServiceRequestError

    chat = ChatCompletionsClient(endpoint=os.environ.get("CHAT_ENDPOINT", "http://127.0.0.1:9"), credential=AzureKeyCredential("secret"))
    answer_format = JsonSchemaFormat(name="Answer", schema={"type": "object"}, strict=True)
    try:
        chat.complete(messages=[UserMessage("hello")], response_format=answer_format)
    except ServiceRequestError:
        print("sent, nobody listening")
    """
)

PROGRAMS = {
    "handler_over_unsafe_call": (HANDLER_OVER_UNSAFE_CALL, "caught: no connection\n"),
    "call_on_unsafe_client": (CALL_ON_UNSAFE_CLIENT, "caught: no connection\n"),
    "model_into_unsafe_call": (MODEL_INTO_UNSAFE_CALL, "sent, nobody listening\n"),
}


def run(path: pathlib.Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(path)], capture_output=True, text=True, timeout=120, cwd=path.parent
    )


def findings(path: pathlib.Path, capsys) -> list[dict]:
    capsys.readouterr()
    main(["check", "--format", "json", str(path)])
    data = json.loads(capsys.readouterr().out)
    return data if isinstance(data, list) else data["findings"]


def applicability(path: pathlib.Path, capsys) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for f in findings(path, capsys):
        if f["fix"] is not None:
            out.setdefault(f["code"], set()).add(f["fix"]["applicability"])
    return out


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_plain_fix_keeps_the_program_working(name, tmp_path):
    source, printed = PROGRAMS[name]
    program = tmp_path / f"{name}.py"
    program.write_text(source, encoding="utf-8")
    before = run(program)
    assert (before.returncode, before.stdout) == (0, printed), before.stderr
    fix_file(program, unsafe=False)
    after = run(program)
    assert (after.returncode, after.stdout) == (0, printed), program.read_text() + after.stderr
    # nothing that needs the unsafe client or call is applied alone
    text = program.read_text(encoding="utf-8")
    assert "except ServiceRequestError:" in text and "openai" not in text


def test_json_shows_the_lowered_applicability(tmp_path, capsys):
    for name, (source, _) in PROGRAMS.items():
        (tmp_path / f"{name}.py").write_text(source, encoding="utf-8")
    handler = applicability(tmp_path / "handler_over_unsafe_call.py", capsys)
    assert handler["AOM104"] == {"unsafe"} and handler["AOM701"] == {"unsafe"}
    client = applicability(tmp_path / "call_on_unsafe_client.py", capsys)
    assert client["AOM102"] == {"unsafe"}
    assert client["AOM104"] == {"unsafe"} and client["AOM701"] == {"unsafe"}
    model = applicability(tmp_path / "model_into_unsafe_call.py", capsys)
    assert model["AOM103"] == {"unsafe"}
    assert model["AOM106"] == {"unsafe"} and model["AOM701"] == {"unsafe"}


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_unsafe_fixes_migrate_everything_as_before(name, tmp_path):
    program = tmp_path / f"{name}.py"
    program.write_text(PROGRAMS[name][0], encoding="utf-8")
    fix_file(program, unsafe=True)
    text = program.read_text(encoding="utf-8")
    assert "azure" not in text.replace("azure_", "")
    assert "except openai.APIConnectionError:" in text
    assert ("embeddings.create(" in text) != ("chat.completions.create(" in text)
    if name == "model_into_unsafe_call":
        assert '"json_schema"' in text and "JsonSchemaFormat" not in text


def test_dependent_fixes_stay_safe_when_what_they_need_is_safe(tmp_path, capsys):
    program = tmp_path / "app.py"
    program.write_text(
        textwrap.dedent(
            """\
            from azure.ai.inference import EmbeddingsClient
            from azure.ai.inference.models import EmbeddingInputType
            from azure.core.credentials import AzureKeyCredential
            from azure.core.exceptions import HttpResponseError

            client = EmbeddingsClient(endpoint="https://res.services.ai.azure.com/models", credential=AzureKeyCredential("k"))
            try:
                result = client.embed(input=["a"], model="text-embedding-3-small")
            except HttpResponseError as error:
                print(error.status_code)
            """
        ),
        encoding="utf-8",
    )
    found = applicability(program, capsys)
    assert found["AOM102"] == {"safe"} and found["AOM104"] == {"safe"} and found["AOM701"] == {"safe"}


def test_an_unresolved_client_keeps_the_fix_as_it_was(tmp_path, capsys):
    """A client known only from an annotation: nothing says how it is built, so the call's and
    the handler's fixes keep their own applicability."""
    program = tmp_path / "app.py"
    program.write_text(
        textwrap.dedent(
            """\
            from azure.ai.inference import EmbeddingsClient
            from azure.core.exceptions import HttpResponseError


            def vectors(client: EmbeddingsClient):
                try:
                    return client.embed(input=["a"], model="m")
                except HttpResponseError:
                    return None
            """
        ),
        encoding="utf-8",
    )
    found = applicability(program, capsys)
    assert found["AOM104"] == {"safe"} and found["AOM701"] == {"safe"}


def test_a_handler_over_calls_of_two_clients_takes_the_least_safe(tmp_path, capsys):
    program = tmp_path / "app.py"
    program.write_text(
        textwrap.dedent(
            """\
            from azure.ai.inference import EmbeddingsClient
            from azure.core.credentials import AzureKeyCredential
            from azure.core.exceptions import HttpResponseError

            good = EmbeddingsClient(endpoint="https://res.services.ai.azure.com/models", credential=AzureKeyCredential("k"))
            odd = EmbeddingsClient(endpoint="http://127.0.0.1:9", credential=AzureKeyCredential("k"))
            try:
                good.embed(input=["a"], model="m")
                odd.embed(input=["a"], model="m")
            except HttpResponseError:
                pass
            """
        ),
        encoding="utf-8",
    )
    found = applicability(program, capsys)
    assert found["AOM104"] == {"safe", "unsafe"} and found["AOM701"] == {"unsafe"}


def test_a_handler_follows_its_call_when_the_client_is_unresolved(tmp_path, capsys):
    """The client is a parameter: the call keeps its own applicability (unsafe here: no model to
    name), and the handler and the model dict around it follow the call, not the client."""
    program = tmp_path / "app.py"
    program.write_text(
        textwrap.dedent(
            """\
            from azure.ai.inference import ChatCompletionsClient
            from azure.ai.inference.models import UserMessage
            from azure.core.exceptions import HttpResponseError


            def ask(client: ChatCompletionsClient, question: str) -> str:
                message = UserMessage(question)
                try:
                    response = client.complete(messages=[message])
                except HttpResponseError as error:
                    return f"failed: {error.status_code}"
                return response.choices[0].message.content
            """
        ),
        encoding="utf-8",
    )
    found = applicability(program, capsys)
    assert found["AOM103"] == {"unsafe"}
    assert found["AOM701"] == {"unsafe"} and found["AOM105"] == {"unsafe"}
    # with a model named, the call is safe and so is what follows it
    program.write_text(
        program.read_text(encoding="utf-8").replace("messages=[message]", 'messages=[message], model="chat"'),
        encoding="utf-8",
    )
    found = applicability(program, capsys)
    assert found["AOM103"] == {"safe"} and found["AOM701"] == {"safe"} and found["AOM105"] == {"safe"}


def codes_and_applicability(path: pathlib.Path, capsys) -> list[tuple[str, int, str | None]]:
    return [(f["code"], f["line"], f["fix"] and f["fix"]["applicability"]) for f in findings(path, capsys)]


def write(tmp_path: pathlib.Path, source: str) -> pathlib.Path:
    program = tmp_path / "app.py"
    program.write_text(textwrap.dedent(source), encoding="utf-8")
    return program


def test_a_dependency_nothing_applies_makes_the_fix_display_only(tmp_path, capsys):
    """The client is a subclass the tool cannot rebase (no fix), so the call is display-only; the
    handler's fix would leave an azure-core handler around an Inference call in either mode,
    so it is shown, not applied."""
    program = write(
        tmp_path,
        """\
        from azure.ai.inference import EmbeddingsClient
        from azure.core.credentials import AzureKeyCredential
        from azure.core.exceptions import HttpResponseError


        class Vectors(EmbeddingsClient):
            pass


        def vectors():
            client = Vectors(endpoint="https://res.services.ai.azure.com/models", credential=AzureKeyCredential("k"))
            try:
                return client.embed(input=["a"], model="m")
            except HttpResponseError:
                return None
        """,
    )
    found = applicability(program, capsys)
    assert found["AOM104"] == {"display-only"} and found["AOM701"] == {"display-only"}
    fix_file(program, unsafe=True)
    assert "except HttpResponseError:" in program.read_text(encoding="utf-8")


def test_the_content_recording_variable_follows_the_instrumentor(tmp_path, capsys):
    program = write(
        tmp_path,
        """\
        import os

        from azure.ai.inference.tracing import AIInferenceInstrumentor

        os.environ["AZURE_TRACING_GEN_AI_CONTENT_RECORDING_ENABLED"] = "true"
        AIInferenceInstrumentor().instrument()
        """,
    )
    found = applicability(program, capsys)
    assert found["AOM108"] == {"unsafe"} and found["AOM116"] == {"unsafe"}
    fix_file(program, unsafe=False)
    assert "AZURE_TRACING_GEN_AI_CONTENT_RECORDING_ENABLED" in program.read_text(encoding="utf-8")
    # without the instrumentor in the module, the rename keeps its own applicability
    program = write(
        tmp_path,
        "import os\n\nimport azure.ai.inference.tracing\n\n"
        'os.environ["AZURE_TRACING_GEN_AI_CONTENT_RECORDING_ENABLED"] = "true"\n',
    )
    assert applicability(program, capsys)["AOM116"] == {"safe"}


def test_an_entra_token_option_follows_the_client_it_is_given_to(tmp_path, capsys):
    program = write(
        tmp_path,
        """\
        from openai import AzureOpenAI


        def make_client(endpoint: str, **kwargs):
            return AzureOpenAI(azure_endpoint=endpoint, api_version="2024-02-01", **kwargs)


        client = make_client("https://res.openai.azure.com", api_key="key")
        entra = client.with_options(azure_ad_token="entra-token")
        """,
    )
    found = dict((code, app) for code, _, app in codes_and_applicability(program, capsys))
    assert found["AOM301"] == "unsafe" and found["AOM206"] == "unsafe"
    program = write(
        tmp_path,
        """\
        from openai import AzureOpenAI

        client = AzureOpenAI(azure_endpoint="https://res.openai.azure.com", api_key="key", api_version="2024-02-01")
        entra = client.with_options(azure_ad_token="entra-token")
        """,
    )
    found = dict((code, app) for code, _, app in codes_and_applicability(program, capsys))
    assert found["AOM301"] == "safe" and found["AOM206"] == "safe"


def test_a_rebased_subclass_follows_its_constructions(tmp_path, capsys):
    """The construction keeps the subclass and has no automatic fix: rebased alone, the class
    would refuse the construction's ``azure_endpoint``/``api_version`` in either mode."""
    source = """\
        from openai import AsyncAzureOpenAI


        def build(headers):
            class Client(AsyncAzureOpenAI):
                pass

            async def key() -> str:
                return "k"

            return Client(azure_endpoint="https://r.openai.azure.com", api_version="2024-02-01", api_key=key, default_headers=headers)
        """
    program = write(tmp_path, source)
    found = {code: app for code, _, app in codes_and_applicability(program, capsys) if code in ("AOM301", "AOM308")}
    assert found == {"AOM301": "display-only", "AOM308": "display-only"}
    fix_file(program, unsafe=True)
    assert "class Client(AsyncAzureOpenAI):" in program.read_text(encoding="utf-8")
    # nothing in the module builds the class: the rebase keeps its own applicability
    program = write(tmp_path, source.replace("return Client(", "return AsyncAzureOpenAI("))
    found = {code: app for code, _, app in codes_and_applicability(program, capsys) if code in ("AOM301", "AOM308")}
    assert found["AOM308"] == "unsafe"


@pytest.mark.parametrize(
    "holder",
    [
        "messages = [SystemMessage('Be brief.'), UserMessage(question)]",
        "messages = []\nmessages.append(UserMessage(question))",
        "messages = {'first': UserMessage(question)}\nmessages = list(messages.values())",
    ],
)
def test_a_message_in_a_container_follows_the_call_the_container_goes_into(holder, tmp_path, capsys):
    program = write(
        tmp_path,
        f"""\
        from azure.ai.inference import ChatCompletionsClient
        from azure.ai.inference.models import SystemMessage, UserMessage


        def ask(client: ChatCompletionsClient, question: str):
            {holder.replace(chr(10), chr(10) + " " * 12)}
            return client.complete(messages=messages)
        """,
    )
    found = applicability(program, capsys)
    assert found["AOM103"] == {"unsafe"} and found["AOM105"] == {"unsafe"}
    program.write_text(program.read_text(encoding="utf-8").replace("messages=messages", 'messages=messages, model="m"'), encoding="utf-8")
    found = applicability(program, capsys)
    assert found["AOM103"] == {"safe"} and found["AOM105"] == {"safe"}


def test_a_format_returned_by_a_helper_follows_the_call_it_is_spread_into(tmp_path, capsys):
    program = write(
        tmp_path,
        """\
        from azure.ai.inference import ChatCompletionsClient
        from azure.ai.inference.models import JsonSchemaFormat


        def options_for(schema: dict) -> dict:
            options = {}
            options["response_format"] = JsonSchemaFormat(name="reply", schema=schema)
            return options


        def ask(client: ChatCompletionsClient):
            extra = options_for({"type": "object"})
            return client.complete(messages=[{"role": "user", "content": "hi"}], **extra)
        """,
    )
    found = applicability(program, capsys)
    assert found["AOM103"] == {"unsafe"} and found["AOM106"] == {"unsafe"}


@pytest.mark.parametrize(
    ("construction", "expected"),
    [
        # the class is still called with what only the Azure classes take: the annotation waits
        ('client_type(api_key="k", api_version="2024-02-01", azure_endpoint="https://r.openai.azure.com")', "display-only"),
        # called with what OpenAI takes too: the new annotation holds
        ('client_type(api_key="k", base_url="https://r.openai.azure.com/openai/v1/")', "safe"),
    ],
)
def test_a_class_annotation_waits_for_the_azure_constructions_through_it(construction, expected, tmp_path, capsys):
    program = write(
        tmp_path,
        f"""\
        from openai import AzureOpenAI


        def make(client_type: type[AzureOpenAI]):
            return {construction}
        """,
    )
    found = [f for f in findings(program, capsys) if f["code"] == "AOM307"]
    assert [f["fix"]["applicability"] for f in found] == [expected]
    assert ("`api_version=`, `azure_endpoint=`" in found[0]["message"]) == (expected == "display-only")
    fix_file(program, unsafe=True)
    assert ("type[AzureOpenAI]" in program.read_text(encoding="utf-8")) == (expected == "display-only")


def test_a_call_on_a_self_attribute_follows_the_construction_the_class_assigns(tmp_path, capsys):
    """`_client: ChatCompletionsClient = PrivateAttr()` declares the attribute; the method that
    assigns it builds the client (an unsafe fix: the endpoint comes from a field), so the call
    through `self._client` is unsafe too, and so is the annotation."""
    program = write(
        tmp_path,
        """\
        from azure.ai.inference import ChatCompletionsClient
        from azure.core.credentials import AzureKeyCredential
        from pydantic import BaseModel, PrivateAttr


        class Chat(BaseModel):
            endpoint: str
            _client: ChatCompletionsClient = PrivateAttr()

            def model_post_init(self, context: object) -> None:
                self._client = ChatCompletionsClient(endpoint=self.endpoint, credential=AzureKeyCredential("k"))

            def ask(self, text: str):
                return self._client.complete(messages=[{"role": "user", "content": text}], model="gpt-4o")
        """,
    )
    found = applicability(program, capsys)
    assert found["AOM102"] == {"unsafe"} and found["AOM103"] == {"unsafe"} and found["AOM110"] == {"unsafe"}
    fix_file(program, unsafe=False)
    assert "self._client.complete(" in program.read_text(encoding="utf-8")


def test_a_dict_put_into_an_inference_model_that_stays_waits_for_it(tmp_path, capsys):
    """The assistant message keeps its class (a value that may be None: display-only); the tool
    calls appended to the list it takes stay objects, and the list's annotation stays too."""
    program = write(
        tmp_path,
        """\
        from azure.ai.inference.models import AssistantMessage, ChatCompletionsToolCall, FunctionCall


        def to_assistant(content: str, calls: list[tuple[str, str, str]]):
            tool_calls: list[ChatCompletionsToolCall] = []
            for call_id, name, arguments in calls:
                tool_calls.append(ChatCompletionsToolCall(id=call_id, function=FunctionCall(name=name, arguments=arguments)))
            return AssistantMessage(content=content, tool_calls=tool_calls if tool_calls else None)
        """,
    )
    found = applicability(program, capsys)
    assert found["AOM105"] == {"display-only"}
    assert found["AOM106"] == {"display-only"} and found["AOM110"] == {"display-only"}
    # once the message converts, the tool calls and the annotation go with it
    program.write_text(
        program.read_text(encoding="utf-8").replace("tool_calls if tool_calls else None", "tool_calls"), encoding="utf-8"
    )
    found = applicability(program, capsys)
    assert found["AOM105"] == found["AOM106"] == found["AOM110"] == {"safe"}


def test_a_result_annotation_follows_the_call_through_a_task(tmp_path, capsys):
    program = write(
        tmp_path,
        """\
        import asyncio

        from azure.ai.inference.aio import ChatCompletionsClient
        from azure.ai.inference.models import ChatCompletions


        async def run(client: ChatCompletionsClient, messages: list) -> str:
            task: asyncio.Task[ChatCompletions] = asyncio.create_task(client.complete(messages=messages))
            result: ChatCompletions = await task
            return str(result.as_dict())
        """,
    )
    found = applicability(program, capsys)
    assert found["AOM103"] == {"unsafe"}
    assert found["AOM110"] == {"unsafe"} and found["AOM115"] == {"unsafe"}


@pytest.mark.parametrize(("endpoint", "expected"), [('os.environ["CHAT_ENDPOINT"]', "unsafe"), ('"https://res.services.ai.azure.com/models"', "safe")])
def test_a_call_on_a_parameter_follows_the_clients_the_module_passes_for_it(endpoint, expected, tmp_path, capsys):
    program = write(
        tmp_path,
        f"""\
        import os

        from azure.ai.inference import ChatCompletionsClient
        from azure.core.credentials import AzureKeyCredential


        def ask(client: ChatCompletionsClient, question: str):
            return client.complete(messages=[{{"role": "user", "content": question}}], model="gpt-4o")


        chat = ChatCompletionsClient(endpoint={endpoint}, credential=AzureKeyCredential("k"))
        ask(chat, "hi")
        """,
    )
    found = applicability(program, capsys)
    assert found["AOM102"] == found["AOM103"] == {expected}


def test_an_entra_token_option_on_a_client_nothing_resolves_is_unsafe(tmp_path, capsys):
    """The client is built through a variable typed `Any` and copied: nothing says it becomes
    `OpenAI`, so `azure_ad_token=` -> `api_key=` is not applied alone (on an `AzureOpenAI` it
    would send the Entra token as an `api-key` header)."""
    program = write(
        tmp_path,
        """\
        from typing import Any

        from openai import AsyncAzureOpenAI, AzureOpenAI


        def run(endpoint: str, asynchronous: bool = False):
            cls: Any = AsyncAzureOpenAI if asynchronous else AzureOpenAI
            client = cls(azure_endpoint=endpoint, api_version="2024-02-01", api_key="k")
            return client.copy().with_options(azure_ad_token="entra-token")
        """,
    )
    assert applicability(program, capsys)["AOM206"] == {"unsafe"}
    fix_file(program, unsafe=False)
    assert 'with_options(azure_ad_token="entra-token")' in program.read_text(encoding="utf-8")


def test_a_callable_annotation_goes_together_with_the_functions_it_holds(tmp_path, capsys):
    """A converter table typed `Callable[..., ChatRequestMessage]` and the return annotations of
    the converters it holds type each other, and each converter's annotation types the message
    it returns: when the assistant converter stays (its `tool_calls` may be None), the table,
    every converter's annotation and the messages they return stay with it; a table of
    converters that all convert is migrated whole."""
    source = """\
        from typing import Callable, Optional

        from azure.ai.inference.models import AssistantMessage, ChatRequestMessage, SystemMessage


        def developer(text: str) -> ChatRequestMessage:
            return ChatRequestMessage({"role": "developer", "content": text})


        def system(text: str) -> SystemMessage:
            return SystemMessage(content=text)


        def assistant(text: str, calls: Optional[list] = None) -> AssistantMessage:
            return AssistantMessage(content=text, tool_calls=calls if calls else None)


        CONVERTERS: dict[str, Callable[[str], ChatRequestMessage]] = {"developer": developer, "system": system, "assistant": assistant}
        """
    found = codes_and_applicability(write(tmp_path, source), capsys)
    assert {a for code, _line, a in found if code in ("AOM105", "AOM110")} == {"display-only"}
    program = write(tmp_path, source.replace(', "assistant": assistant}', "}"))
    found = codes_and_applicability(program, capsys)
    assert {(code, line, a) for code, line, a in found if code in ("AOM105", "AOM110") and line < 14} == {
        ("AOM110", 6, "safe"), ("AOM105", 7, "safe"), ("AOM110", 10, "safe"), ("AOM105", 11, "safe"),
    }
    assert ("AOM110", 18, "safe") in found
    fix_file(program, unsafe=False)
    assert 'Callable[[str], ChatCompletionMessageParam]] = {"developer": developer, "system": system}' in (
        program.read_text(encoding="utf-8"))


def test_an_annotation_over_a_loaded_client_waits_for_a_person(tmp_path, capsys):
    """`load_client()` has no OpenAI equivalent: the function's `-> ChatCompletionsClient`
    describes what it still returns, so it is not turned into `-> OpenAI` on its own."""
    program = write(
        tmp_path,
        """\
        import azure.ai.inference as sdk
        from azure.core.credentials import AzureKeyCredential


        def make_client(endpoint: str, key: str) -> sdk.ChatCompletionsClient:
            client = sdk.load_client(endpoint=endpoint, credential=AzureKeyCredential(key))
            assert isinstance(client, sdk.ChatCompletionsClient)
            return client
        """,
    )
    assert ("AOM110", 5, "display-only") in codes_and_applicability(program, capsys)
    before = program.read_text(encoding="utf-8")
    fix_file(program, unsafe=True)
    assert program.read_text(encoding="utf-8") == before


def test_a_return_annotation_follows_the_annotation_the_returned_name_is_declared_with(tmp_path, capsys):
    """The tool list is built from `**function_def` (left for a person), so the list's own
    annotation stays, and the function's `-> List[ChatCompletionsToolDefinition]` with it."""
    program = write(
        tmp_path,
        """\
        from typing import Any, Dict, List

        from azure.ai.inference.models import ChatCompletionsToolDefinition, FunctionDefinition


        def convert_tools(schemas: List[Dict[str, Any]]) -> List[ChatCompletionsToolDefinition]:
            result: List[ChatCompletionsToolDefinition] = []
            for schema in schemas:
                function_def: Dict[str, Any] = dict(name=schema["name"])
                result.append(ChatCompletionsToolDefinition(function=FunctionDefinition(**function_def)))
            return result


        def one_tool(name: str) -> List[ChatCompletionsToolDefinition]:
            tools: List[ChatCompletionsToolDefinition] = []
            tools.append(ChatCompletionsToolDefinition(function=FunctionDefinition(name=name)))
            return tools
        """,
    )
    found = codes_and_applicability(program, capsys)
    assert ("AOM110", 6, "display-only") in found and ("AOM110", 7, "display-only") in found
    assert ("AOM110", 14, "safe") in found and ("AOM110", 15, "safe") in found


def test_an_azure_openai_annotation_follows_the_azure_options_passed_through_the_name(tmp_path, capsys):
    """`client.copy(api_version=...)`: `OpenAI.copy()` takes no api_version, so the parameter's
    annotation waits for that argument's fix; the return annotation holds for the old value."""
    program = write(
        tmp_path,
        """\
        from openai import AzureOpenAI


        def pinned(client: AzureOpenAI) -> AzureOpenAI:
            return client.copy(api_version="2025-01-01-preview")


        def plain(client: AzureOpenAI) -> AzureOpenAI:
            return client.copy(timeout=10)
        """,
    )
    found = codes_and_applicability(program, capsys)
    assert sorted(a for code, line, a in found if code == "AOM307" and line == 4) == ["safe", "unsafe"]
    assert [a for code, line, a in found if code == "AOM307" and line == 8] == ["safe", "safe"]
    fix_file(program, unsafe=False)
    assert "def pinned(client: AzureOpenAI) -> OpenAI:" in program.read_text(encoding="utf-8")


def test_a_result_parameter_only_other_modules_pass_waits_for_unsafe_fixes(tmp_path, capsys):
    """A shared helper of a test base class takes the embeddings result from the subclasses'
    modules, whose `embed()` calls may stay Azure's: its new type is applied with
    --unsafe-fixes only. A request message parameter goes into this module's own calls and a
    result passed by this module's own call follows that call, as before."""
    program = write(
        tmp_path,
        """\
        from azure.ai.inference import EmbeddingsClient
        from azure.ai.inference.models import EmbeddingsResult, UserMessage


        class Base:
            def _print_result(self, response: EmbeddingsResult) -> None:
                print(len(response.data))

            def _messages(self, m: UserMessage) -> list:
                return [m]


        def count(response: EmbeddingsResult) -> int:
            return len(response.data)


        def run(client: EmbeddingsClient) -> int:
            return count(client.embed(input=["a"], model="e"))
        """,
    )
    found = codes_and_applicability(program, capsys)
    assert ("AOM110", 6, "unsafe") in found and ("AOM110", 9, "safe") in found
    assert ("AOM110", 13, "safe") in found and ("AOM104", 18, "safe") in found


def test_a_model_given_to_a_client_construction_follows_that_construction(tmp_path, capsys):
    """A client-level default (``tool_choice=`` on the constructor) converted to a dict while the
    client stays Azure's would hand the Inference client a dict its signature does not take."""
    program = write(
        tmp_path,
        """\
        from azure.ai.inference import ChatCompletionsClient
        from azure.ai.inference.models import ChatCompletionsNamedToolChoice, ChatCompletionsNamedToolChoiceFunction
        from azure.core.credentials import AzureKeyCredential

        forced = ChatCompletionsNamedToolChoice(function=ChatCompletionsNamedToolChoiceFunction(name="weather"))
        direct = ChatCompletionsClient(
            endpoint="http://127.0.0.1:9",
            credential=AzureKeyCredential("k"),
            tool_choice=ChatCompletionsNamedToolChoice(function=ChatCompletionsNamedToolChoiceFunction(name="time")),
        )
        named = ChatCompletionsClient(endpoint="http://127.0.0.1:9", credential=AzureKeyCredential("k"), tool_choice=forced)
        direct.complete(messages=[{"role": "user", "content": "a"}], model="m")
        named.complete(messages=[{"role": "user", "content": "b"}], model="m")
        """,
    )
    found = codes_and_applicability(program, capsys)
    assert [a for code, _, a in found if code == "AOM102"] == ["unsafe", "unsafe"]
    assert [(line, a) for code, line, a in found if code == "AOM106"] == [(5, "unsafe"), (9, "unsafe")]
    before = program.read_text(encoding="utf-8")
    fix_file(program, unsafe=False)
    assert program.read_text(encoding="utf-8") == before
    fix_file(program)
    assert "ChatCompletionsNamedToolChoice(" not in program.read_text(encoding="utf-8")


def test_a_model_waits_for_the_as_dict_it_reaches_when_nothing_removes_that(tmp_path, capsys):
    """``item`` is also an assistant message whose dict cannot be written (a dict of
    arguments), so nothing removes ``item.as_dict()``: the greeting converted to a dict would
    meet it in either mode, so its conversion waits too."""
    program = write(
        tmp_path,
        """\
        from azure.ai.inference.models import AssistantMessage, ChatCompletionsToolCall, FunctionCall, UserMessage


        def show():
            batch = [UserMessage("hello")]
            for item in batch:
                print(item.as_dict()["role"])
            item = AssistantMessage(
                tool_calls=[ChatCompletionsToolCall(id="c1", function=FunctionCall(name="f", arguments={"city": "Oslo"}))]
            )
            print(item.as_dict()["role"])


        show()
        """,
    )
    found = codes_and_applicability(program, capsys)
    assert ("AOM105", 5, "display-only") in found
    assert [a for code, _, a in found if code == "AOM118"] == ["display-only", "display-only"]
    before = run(program)
    assert before.stdout == "user\nassistant\n", before.stderr
    fix_file(program)
    after = run(program)
    assert after.stdout == before.stdout, after.stderr


def test_a_return_annotation_follows_the_items_of_the_returned_list(tmp_path, capsys):
    """A returned list filled by `append()` or built by a comprehension holds what builds its
    items: a base-class message over a mapping has no fix that applies, so the return
    annotation stays with it in both modes; items that migrate safely keep it safe."""
    program = write(
        tmp_path,
        """\
        from typing import List
        from azure.ai.inference.models import ChatRequestMessage, UserMessage


        def rows_to_messages(rows) -> List[ChatRequestMessage]:
            built = []
            for role, text in rows:
                built.append(ChatRequestMessage({"role": role, "content": text}))
            return built


        def pairs_to_messages(pairs) -> List[ChatRequestMessage]:
            return [ChatRequestMessage({"role": r, "content": c}) for r, c in pairs]


        def questions(texts) -> List[UserMessage]:
            asked = []
            for text in texts:
                asked.append(UserMessage(content=text))
            return asked
        """,
    )
    found = codes_and_applicability(program, capsys)
    assert ("AOM110", 5, "display-only") in found and ("AOM110", 12, "display-only") in found
    assert ("AOM110", 16, "safe") in found
    fix_file(program, unsafe=True)
    fixed = program.read_text(encoding="utf-8")
    assert "def rows_to_messages(rows) -> List[ChatRequestMessage]:" in fixed
    assert "def pairs_to_messages(pairs) -> List[ChatRequestMessage]:" in fixed
    assert "def questions(texts) -> List[UserMessage]:" not in fixed


def test_a_client_class_reference_and_a_yielded_client_keep_their_annotations(tmp_path, capsys):
    """A field that holds the Inference client class itself (nothing migrates a class reference)
    keeps `Type[...]` in both modes; a context manager that yields what a method builds follows
    that method's return annotation and construction (unsafe through `**options`)."""
    program = write(
        tmp_path,
        """\
        from contextlib import asynccontextmanager
        from typing import AsyncIterator, Type
        from azure.ai.inference.aio import ChatCompletionsClient


        class Holder:
            maker: Type[ChatCompletionsClient]

            def __init__(self, options):
                self.maker = ChatCompletionsClient
                self.options = options

            def build(self) -> ChatCompletionsClient:
                return ChatCompletionsClient(**self.options)

            @asynccontextmanager
            async def opened(self) -> AsyncIterator[ChatCompletionsClient]:
                async with self.build() as client:
                    yield client
        """,
    )
    found = codes_and_applicability(program, capsys)
    assert ("AOM110", 7, "display-only") in found
    assert ("AOM110", 13, "unsafe") in found and ("AOM110", 17, "unsafe") in found
    fix_file(program, unsafe=False)
    fixed = program.read_text(encoding="utf-8")
    assert "maker: Type[ChatCompletionsClient]" in fixed
    assert "async def opened(self) -> AsyncIterator[ChatCompletionsClient]:" in fixed


def test_a_request_list_follows_the_inference_call_it_is_passed_to(tmp_path, capsys):
    """A method builds the messages with converters the module cannot see and returns them
    straight into `complete()` on a client declared elsewhere (nothing migrates that call):
    the list's annotation and the method's return annotation stay with the call in both modes."""
    program = write(
        tmp_path,
        """\
        from azure.ai.inference.models import ChatRequestMessage
        from converters import CONVERT


        class Service:
            async def ask(self, turns):
                return await self.client.complete(messages=self._requests(turns), model="m")

            def _requests(self, turns) -> list[ChatRequestMessage]:
                requests: list[ChatRequestMessage] = []
                for turn in turns:
                    requests.append(CONVERT[turn.role](turn))
                return requests
        """,
    )
    found = codes_and_applicability(program, capsys)
    assert ("AOM110", 9, "display-only") in found and ("AOM110", 10, "display-only") in found
    fix_file(program, unsafe=True)
    fixed = program.read_text(encoding="utf-8")
    assert "def _requests(self, turns) -> list[ChatRequestMessage]:" in fixed
    assert "requests: list[ChatRequestMessage] = []" in fixed


def test_a_response_format_whose_destination_is_not_shown_waits_for_unsafe_fixes(tmp_path, capsys):
    """`bind(response_format=JsonSchemaFormat(...))` stores it for a `complete()` this module
    does not show: the Inference client raises ValueError on a dict there, so the dict waits
    for --unsafe-fixes. A message handed to the same helper stays safe (the client takes the
    dicts of messages too)."""
    program = write(
        tmp_path,
        """\
        from azure.ai.inference.models import JsonSchemaFormat, UserMessage


        def structured(model, schema: dict):
            return model.bind(response_format=JsonSchemaFormat(name="answer", schema=schema))


        def greet(model):
            return model.bind(messages=[UserMessage(content="hi")])
        """,
    )
    found = codes_and_applicability(program, capsys)
    assert ("AOM106", 5, "unsafe") in found and ("AOM105", 9, "safe") in found


def test_an_annotation_follows_the_annotated_names_its_value_is_read_from(tmp_path, capsys):
    """`choice` is read from `chunk`, whose annotation waits for the unsafe stream call; `piece`'s
    parameter receives the items of a stream the module's own caller iterates, whose annotation
    waits too: both wait with them instead of being retyped alone by plain fix."""
    program = write(
        tmp_path,
        """\
        from typing import Optional

        from azure.ai.inference import ChatCompletionsClient
        from azure.ai.inference.models import StreamingChatChoiceUpdate, StreamingChatCompletions, StreamingChatCompletionsUpdate


        def run(client: ChatCompletionsClient, options: dict) -> None:
            chunk: Optional[StreamingChatCompletionsUpdate] = None
            choice: Optional[StreamingChatChoiceUpdate] = None
            for chunk in client.complete(messages=[], model="m", stream=True, **options):
                choice = chunk.choices[0] if chunk.choices else None


        def piece(update: StreamingChatCompletionsUpdate) -> str:
            return update.choices[0].delta.content or "" if update.choices else ""


        def collect(response: StreamingChatCompletions) -> str:
            return "".join(piece(update) for update in response)
        """,
    )
    found = codes_and_applicability(program, capsys)
    assert ("AOM110", 8, "unsafe") in found and ("AOM110", 9, "unsafe") in found
    assert ("AOM110", 14, "unsafe") in found and ("AOM110", 18, "unsafe") in found


def test_a_parameter_rebound_to_a_client_nothing_migrates_keeps_its_annotation(tmp_path, capsys):
    """`client` defaults to one built through a class table (no finding migrates it): the
    parameter's annotation also types that client, so it stays; a parameter the function never
    rebinds is retyped as before."""
    program = write(
        tmp_path,
        """\
        from typing import Any

        from azure.ai.inference import ChatCompletionsClient
        from azure.core.credentials import AzureKeyCredential


        def client_class(kind: str) -> Any:
            return {"chat": ChatCompletionsClient}[kind]


        def make(kind: str, endpoint: str, key: str, client: ChatCompletionsClient | None = None):
            if not client:
                client = client_class(kind)(endpoint=endpoint, credential=AzureKeyCredential(key))
            return client


        def ask(client: ChatCompletionsClient) -> str:
            return client.complete(model="m", messages=[]).choices[0].message.content or ""
        """,
    )
    found = codes_and_applicability(program, capsys)
    assert ("AOM110", 11, "display-only") in found
    assert ("AOM110", 17, "display-only") not in found


def test_a_client_whose_defaults_move_into_its_calls_waits_for_a_call_left_for_a_person(tmp_path, capsys):
    """`temperature=` on the client moves into each call through it: when one call is left for
    a person (a tool call whose `arguments` is no string), the client waits with it, or the
    default would move nowhere; without that call the client's fix is applied as before."""
    source = """\
        from azure.ai.inference import ChatCompletionsClient
        from azure.ai.inference.models import AssistantMessage, ChatCompletionsToolCall, FunctionCall
        from azure.core.credentials import AzureKeyCredential

        client = ChatCompletionsClient(
            endpoint="https://r.services.ai.azure.com/models", credential=AzureKeyCredential("k"),
            model="chat", temperature=0.2,
        )
        client.complete(messages=[{"role": "user", "content": "hi"}])
        client.complete(messages=[AssistantMessage(tool_calls=[ChatCompletionsToolCall(id="1", function=FunctionCall(name="f", arguments={"a": 1}))])])
        """
    found = codes_and_applicability(write(tmp_path, source), capsys)
    assert ("AOM102", 5, "display-only") in found
    found = codes_and_applicability(write(tmp_path, source.split("        client.complete(messages=[Assistant")[0]), capsys)
    assert ("AOM102", 5, "display-only") not in found and any(c == "AOM102" for c, _l, _a in found)
