"""Values written into a dict spread into ``complete()`` that the keyword form converts: the
``response_format`` shorthands ``"text"``/``"json_object"``, which Inference sent as
``{"type": ...}`` and openai sends as the bare string (a 400 from the service). They are converted
where they are written when nothing else reads the dict, named in the message otherwise; writes
that cannot reach the call (after it, or to a dict bound again later) are left alone."""

from __future__ import annotations

import asyncio
import pathlib
import textwrap

import pytest

from fixing import fix_file
from test_snippet_classes import only, oracle, stub  # noqa: F401  (a fixture)

from aoai_migrate.model import Applicability

openai = pytest.importorskip("openai")
pytest.importorskip("azure.ai.inference")

# a chat wrapper whose JSON mode is a key set on the request options
JSON_MODE = """\
from azure.ai.inference import ChatCompletionsClient
from azure.core.credentials import AzureKeyCredential


def make(endpoint, key):
    return ChatCompletionsClient(endpoint=endpoint, credential=AzureKeyCredential(key))


def ask(client: ChatCompletionsClient, question, as_json=False):
    options = {"model": "gpt-4o-mini", "temperature": 0}
    if as_json:
        options["response_format"] = "json_object"
    return client.complete(messages=[{"role": "user", "content": question}], **options)
"""


def test_a_shorthand_set_on_the_spread_dict_is_converted_where_it_is_set():
    finding = only(JSON_MODE, "AOM103")
    assert '`**options`\'s `response_format` "json_object" (line 12) becomes `{"type": "json_object"}`' in finding.message
    edits = [e for e in finding.fix.edits if e.line == 12]
    assert [e.text for e in edits] == ['{"type": "json_object"}']
    assert finding.fix.applicability is Applicability.UNSAFE  # a ** dict is never safe
    assert oracle(JSON_MODE, finding) == []


def test_the_fixed_program_sends_the_object_and_the_model(tmp_path: pathlib.Path, stub):
    path = tmp_path / "chat.py"
    path.write_text(JSON_MODE)
    status, _ = fix_file(path)
    fixed = path.read_text()
    assert 'options["response_format"] = {"type": "json_object"}' in fixed and "azure" not in fixed
    namespace: dict = {}
    exec(compile(fixed, str(path), "exec"), namespace)
    client = namespace["make"](stub.url, "k")
    namespace["ask"](client, "hi", as_json=True)
    assert stub.last.path == "/openai/v1/chat/completions"
    assert stub.last.json["response_format"] == {"type": "json_object"}
    assert stub.last.json["model"] == "gpt-4o-mini"
    namespace["ask"](client, "hi")
    assert "response_format" not in stub.last.json


def test_the_unconverted_spread_is_what_the_service_would_reject(stub):
    # the shape the conversion exists for: openai sends the string as is
    client = openai.OpenAI(base_url=stub.base_url, api_key="k")
    client.chat.completions.create(messages=[{"role": "user", "content": "hi"}], **{"model": "m", "response_format": "json_object"})
    assert stub.last.json["response_format"] == "json_object"


def test_an_inline_literal_is_converted_in_the_call():
    source = JSON_MODE.replace(
        "**options)", '**{"model": "m", "response_format": "text"})'
    )
    finding = [f for f in _findings(source) if f.code == "AOM103"][0]
    assert '"response_format": {"type": "text"}' in finding.snippet


# a dict also read elsewhere: the write is not changed, the call is left for a person
SHARED = """\
from azure.ai.inference import ChatCompletionsClient


def ask(client: ChatCompletionsClient, question, log):
    settings = {"model": "m", "response_format": "json_object"}
    log(settings)
    return client.complete(messages=[{"role": "user", "content": question}], **settings)
"""

# writes that cannot reach the call: after it, or to a dict bound again after it
AFTER = """\
from azure.ai.inference import ChatCompletionsClient


def ask(client: ChatCompletionsClient, question):
    args = {"model": "m"}
    reply = client.complete(messages=[{"role": "user", "content": question}], **args)
    args["response_format"] = "json_object"
    return reply


def rebound(client: ChatCompletionsClient, question):
    args = {"response_format": "json_object"}
    args = {"model": "m"}
    return client.complete(messages=[{"role": "user", "content": question}], **args)
"""

# a value that is not visible (a parameter): the message names the conversion, nothing is edited
CONDITIONAL = """\
from azure.ai.inference import ChatCompletionsClient


def ask(client: ChatCompletionsClient, question, fmt=None):
    args = {"model": "m"}
    if fmt:
        args["response_format"] = fmt
    return client.complete(messages=[{"role": "user", "content": question}], **args)
"""

# the shorthand set by a helper the dict is passed to (an autogen-like shape)
HELPER = """\
from azure.ai.inference import ChatCompletionsClient


def _json_mode(create_args, enabled):
    if enabled:
        create_args["response_format"] = "json_object"


class Chat:
    def __init__(self, client: ChatCompletionsClient, base):
        self._client = client
        self._base = base

    def ask(self, question, enabled=False):
        create_args = self._base.copy()
        _json_mode(create_args, enabled)
        return self._client.complete(messages=[{"role": "user", "content": question}], **create_args)
"""


def _findings(source):
    from test_snippet_classes import run

    return run(source)


def test_a_dict_read_elsewhere_is_not_changed_and_the_call_is_left_for_a_person():
    finding = only(SHARED, "AOM103")
    assert 'must become `{"type": "json_object"}`' in finding.message and "read elsewhere" in finding.message
    assert all(e.line == 7 for e in finding.fix.edits)
    assert finding.fix.applicability is Applicability.DISPLAY_ONLY


def test_writes_that_cannot_reach_the_call_are_left_alone():
    for finding in (f for f in _findings(AFTER) if f.code == "AOM103"):
        assert "response_format" not in finding.message.split("(model_extras")[0]
        assert all(e.line in (6, 14) for e in finding.fix.edits), finding.fix.edits


def test_a_value_that_is_not_visible_is_named_not_edited():
    finding = only(CONDITIONAL, "AOM103")
    assert "`**args`'s `response_format` (line 7) must be an object" in finding.message
    assert all(e.line == 8 for e in finding.fix.edits)


def test_a_helper_that_sets_the_shorthand_is_converted_unsafely():
    finding = only(HELPER, "AOM103")
    assert "in `_json_mode()`" in finding.message
    assert "also used elsewhere" not in finding.message
    assert [e.text for e in finding.fix.edits if e.line == 6] == ['{"type": "json_object"}']
    assert finding.fix.applicability is Applicability.UNSAFE
    # a helper called from two places is not changed for one of them
    twice = HELPER + "\n\ndef other(d):\n    _json_mode(d, True)\n"
    finding = only(twice, "AOM103")
    assert not [e for e in finding.fix.edits if e.line == 6]
    assert finding.fix.applicability is Applicability.DISPLAY_ONLY


def test_the_oracle_sees_a_shorthand_neither_the_fix_nor_the_message_converts():
    import dataclasses

    import snippet_oracle

    finding = only(JSON_MODE, "AOM103")
    module = snippet_oracle.Module(textwrap.dedent(JSON_MODE))
    assert snippet_oracle.problems(finding, module) == []
    silent = dataclasses.replace(
        finding,
        message="`client.complete()` is Azure AI Inference",
        fix=dataclasses.replace(finding.fix, edits=tuple(e for e in finding.fix.edits if e.line != 12)),
    )
    assert any("response_format='json_object'" in str(p) for p in snippet_oracle.problems(silent, module))


# a request body built a few lines above the call, for it alone: the model goes into the literal
BODY = """\
from azure.ai.inference import ChatCompletionsClient
from azure.core.credentials import AzureKeyCredential


def ask(endpoint, key, question):
    client = ChatCompletionsClient(endpoint=endpoint, credential=AzureKeyCredential(key))
    request_body = {
        "messages": [{"role": "user", "content": question}],
        "response_format": "json_object",
    }
    return client.complete(request_body)
"""


def test_a_request_body_literal_gets_the_model_where_it_is_built():
    finding = only(BODY, "AOM103")
    assert "it is added to the request body where it is built (line 7)" in finding.message
    assert sorted((e.line, e.text) for e in finding.fix.edits if e.line != 11) == [
        (7, ": dict[str, Any]"),  # inferred from the literal, no typed parameter of create() takes it
        (9, ',\n        "model": "<deployment-name>"'),
        (9, '{"type": "json_object"}'),
    ]
    assert finding.fix.applicability is Applicability.UNSAFE  # a placeholder, as for keywords
    assert oracle(BODY, finding) == []


def test_the_fixed_body_program_sends_the_model_and_the_object(tmp_path: pathlib.Path, stub):
    path = tmp_path / "body.py"
    path.write_text(BODY)
    fix_file(path)
    fixed = path.read_text()
    assert '"model": "<deployment-name>"' in fixed and "azure" not in fixed
    assert "    request_body: dict[str, Any] = {\n" in fixed and "from typing import Any\n" in fixed
    namespace: dict = {}
    exec(compile(fixed.replace("<deployment-name>", "gpt-4o-mini"), str(path), "exec"), namespace)
    namespace["ask"](stub.url, "k", "hi")
    assert stub.last.path == "/openai/v1/chat/completions"
    assert stub.last.json["model"] == "gpt-4o-mini"
    assert stub.last.json["response_format"] == {"type": "json_object"}


def test_a_module_that_has_any_already_gets_no_second_import(tmp_path: pathlib.Path):
    path = tmp_path / "body.py"
    path.write_text("from typing import Any\n" + BODY)
    fix_file(path, unsafe=True)
    fixed = path.read_text()
    assert fixed.count("import Any") == 1 and "request_body: dict[str, Any] = {" in fixed


def test_the_fixed_async_body_program_type_checks_and_sends_the_same_request(tmp_path, stub, monkeypatch, capsys):
    # the shape of azure-ai-inference's sample_chat_completions_from_input_dict_async.py; its
    # after.py is type-checked with mypy by tests/test_fix_types.py (slow)
    fixture = pathlib.Path(__file__).resolve().parent / "fix_fixtures" / "request_body_literal" / "before.py"
    path = tmp_path / "body_async.py"
    path.write_text(fixture.read_text())
    fix_file(path, unsafe=True)
    fixed = path.read_text()
    assert "request_body: dict[str, Any] = {" in fixed and "create(**request_body)" in fixed
    monkeypatch.setenv("AZURE_AI_CHAT_ENDPOINT", stub.url)
    monkeypatch.setenv("AZURE_AI_CHAT_KEY", "k")
    namespace: dict = {"__name__": "body_async"}
    exec(compile(fixed.replace("<deployment-name>", "gpt-4o-mini"), str(path), "exec"), namespace)
    asyncio.run(namespace["ask"]())
    assert stub.last.path == "/openai/v1/chat/completions"
    assert stub.last.json["model"] == "gpt-4o-mini"
    assert stub.last.json["temperature"] == 0.5
    assert [m["role"] for m in stub.last.json["messages"]] == ["system", "user", "assistant", "user"]
    assert capsys.readouterr().out.strip()


@pytest.mark.parametrize(
    "change",
    [
        # read elsewhere too
        ("    return client.complete(request_body)", "    print(request_body)\n    return client.complete(request_body)"),
        # bound under a condition
        ("    request_body = {", "    request_body = None\n    if question:\n      request_body = {"),
        # its model is set elsewhere
        ("    return client.complete(request_body)", "    request_body['model'] = pick()\n    return client.complete(request_body)"),
        # bound to two names: no one annotation types it
        ("    request_body = {", "    kept = request_body = {"),
    ],
)
def test_a_body_not_read_by_the_call_alone_is_not_changed(change):
    source = BODY.replace(*change)
    if "if question" in source:
        source = source.replace('        "messages"', '          "messages"').replace('        "response_format"', '          "response_format"').replace("    }\n", "      }\n")
    finding = only(source, "AOM103")
    assert "added to the request body" not in finding.message
    assert not [e for e in finding.fix.edits if "model" in e.text]


def test_a_helper_every_caller_of_which_spreads_the_dict_into_complete_is_converted():
    both = HELPER + '''

    def ask_stream(self, question):
        args = self._base.copy()
        _json_mode(args, True)
        return self._client.complete(messages=[{"role": "user", "content": question}], stream=True, **args)
'''
    findings = [f for f in _findings(both) if f.code == "AOM103"]
    assert len(findings) == 2
    for finding in findings:
        assert [e.text for e in finding.fix.edits if e.line == 6] == ['{"type": "json_object"}']
    shared = HELPER + "\n\ndef other(d):\n    _json_mode(d, True)\n"
    assert "`_json_mode()` is also used elsewhere, so it is not changed here" in only(shared, "AOM103").message


# model objects written into the spread dict are converted where they are, by their own rules
OBJECTS = """\
from azure.ai.inference import ChatCompletionsClient
from azure.ai.inference.models import ChatCompletionsToolChoicePreset, JsonSchemaFormat, UserMessage


def ask(client: ChatCompletionsClient, question):
    options = {"model": "m"}
    options["response_format"] = JsonSchemaFormat(name="answer", schema={"type": "object"})
    options["tool_choice"] = ChatCompletionsToolChoicePreset.NONE
    options["messages"] = [UserMessage(question)]
    return client.complete(**options)
"""


def test_model_objects_in_the_spread_dict_are_converted_where_they_are_written(tmp_path: pathlib.Path, stub):
    finding = only(OBJECTS, "AOM103")
    assert "response_format" not in finding.message  # not a shorthand: AOM106 converts it
    path = tmp_path / "objects.py"
    path.write_text(OBJECTS)
    fix_file(path)
    fixed = path.read_text()
    assert "azure" not in fixed
    namespace: dict = {}
    exec(compile(fixed, str(path), "exec"), namespace)
    namespace["ask"](openai.OpenAI(base_url=stub.base_url, api_key="k"), "hi")
    sent = stub.last.json
    assert sent["response_format"]["type"] == "json_schema" and sent["tool_choice"] == "none"
    assert sent["messages"] == [{"role": "user", "content": "hi"}]


def test_a_dict_bound_again_after_the_call_is_read_as_the_call_sees_it():
    source = """\
from azure.ai.inference import ChatCompletionsClient


def ask(client: ChatCompletionsClient, question):
    args = {"model": "m"}
    reply = client.complete(messages=[{"role": "user", "content": question}], **args)
    args = {}
    args["response_format"] = "json_object"
    return reply, args
"""
    finding = only(source, "AOM103")
    assert "nothing here shows its keys" not in finding.message and "response_format" not in finding.message
    assert finding.message.endswith("on an OpenAI client")
    # in a loop the next round sees the new binding: nothing is assumed
    looped = source.replace("    args = {\"model\": \"m\"}\n", "    args = {\"model\": \"m\"}\n    for _ in range(2):\n").replace(
        "    reply = client", "        reply = client").replace("    args = {}\n", "        args = {}\n")
    assert "`model` is required" in only(looped, "AOM103").message
