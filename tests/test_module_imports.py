"""AOM101 on an import of a whole Inference module (``import azure.ai.inference as sdk``): the
migrated imports are those of what the module reads through the name, the reads no other
finding covers are named in the message, and the snippet oracle catches a snippet that leaves
such reads undefined."""

from __future__ import annotations

import ast
import re
import textwrap

import pytest

import snippet_oracle
from aoai_migrate.engine import analyze_source
from aoai_migrate.model import Finding

PARSER_TESTS = textwrap.dedent('''\
    import azure.ai.inference as inference_sdk


    def check_sse(raw, araw):
        sync_updates = inference_sdk.models.StreamingChatCompletions(response=raw)
        async_updates = inference_sdk.models.AsyncStreamingChatCompletions(response=araw)
        partial = inference_sdk.models.ChatCompletions({"choices": [], "model": "m"})
        return sync_updates, async_updates, partial
''')

#: every read through the name has a finding of its own (message class, enum member, client)
COVERED = textwrap.dedent('''\
    import azure.ai.inference.models as ai_models


    def ask(client, text):
        return client.complete(messages=[ai_models.UserMessage(content=text)], model="gpt-4o",
                               temperature=0.1)
''')


def _aom101(source: str) -> list[Finding]:
    return [f for f in analyze_source(source, "mod.py") if f.code == "AOM101"]


def test_the_snippet_imports_what_the_reads_need_and_no_client():
    (finding,) = _aom101(PARSER_TESTS)
    tree = ast.parse(finding.snippet)
    assert [ast.unparse(s) for s in tree.body] == ["from openai.types.chat import ChatCompletion"]
    assert "OpenAI" not in finding.snippet.replace("openai", "")


def test_reads_without_a_finding_of_their_own_are_named_with_their_replacement():
    (finding,) = _aom101(PARSER_TESTS)
    message = finding.message
    assert "`inference_sdk.models.StreamingChatCompletions(response=...)` (line 5): none: it is the SDK's own parser" in message
    assert "`inference_sdk.models.AsyncStreamingChatCompletions(response=...)` (line 6): none" in message
    assert "AsyncStream inside create(stream=True)" in message
    # the dict lacks id, object, created: model_validate() would refuse it, the Inference class did not
    assert "`inference_sdk.models.ChatCompletions({...})` (line 7) -> `ChatCompletion.model_construct(**{...})`" in message


def test_a_complete_wire_dict_is_validated():
    source = textwrap.dedent('''\
        from azure.ai import inference


        def load():
            return inference.models.ChatCompletions(
                {"id": "r1", "object": "chat.completion", "created": 5, "model": "m", "choices": []}
            )
    ''')
    (finding,) = _aom101(source)
    assert "-> `ChatCompletion.model_validate({...})`: the same JSON" in finding.message
    assert "ChatCompletion.model_construct" not in finding.message


def test_a_client_built_through_the_name_brings_its_import():
    source = textwrap.dedent('''\
        import azure.ai.inference as sdk
        from azure.core.credentials import AzureKeyCredential


        def make(endpoint, key):
            return sdk.ChatCompletionsClient(endpoint=endpoint, credential=AzureKeyCredential(key))
    ''')
    (finding,) = _aom101(source)
    assert "from openai import OpenAI" in finding.snippet
    assert "is also read" not in finding.message  # the construction has its own finding


def test_reads_covered_by_other_findings_are_not_repeated():
    (finding,) = _aom101(COVERED)
    assert "is also read" not in finding.message
    assert "ChatCompletionUserMessageParam" in finding.snippet
    assert snippet_oracle.check_findings(analyze_source(COVERED, "mod.py"), COVERED) == []


@pytest.mark.parametrize("source", [
    # a local variable of the same name is not the module
    "import azure.ai.inference as sdk\n\n\ndef f(sdk):\n    return sdk.models.ChatCompletions({})\n",
    # azure.core reads through the bare package name are not Inference reads
    "import azure.ai.inference\nimport azure.core.exceptions\n\nerr = azure.core.exceptions.HttpResponseError\n",
])
def test_reads_of_other_things_are_not_named(source):
    (finding,) = _aom101(source)
    assert "is also read" not in finding.message
    assert "ChatCompletion" not in finding.snippet


def test_from_an_unrelated_module_no_finding():
    source = "from azure.ai import projects as inference\n\ninference.models.ChatCompletions({})\n"
    assert _aom101(source) == []


def test_every_snippet_passes_the_oracle():
    findings = analyze_source(PARSER_TESTS, "mod.py")
    assert snippet_oracle.check_findings(findings, PARSER_TESTS) == []


def test_the_oracle_sees_reads_a_bare_import_snippet_leaves_undefined():
    (finding,) = _aom101(PARSER_TESTS)
    fixed = Finding(**{**finding.__dict__, "snippet": "from openai import OpenAI\n",
                       "message": "`azure.ai.inference` is imported"})
    problems = [str(p) for _, p in snippet_oracle.check_findings([fixed], PARSER_TESTS)]
    assert len(problems) == 3 and all("inference_sdk" in p and "unbound" in p for p in problems)


def test_the_openai_replacements_read_the_inference_wire_json_alike():
    """What the message promises, checked with both installed packages."""
    from azure.ai.inference.models import ChatCompletions
    from openai.types.chat import ChatCompletion

    wire = {"id": "r1", "object": "chat.completion", "created": 1700000000, "model": "m",
            "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "hi"}}],
            "usage": {"prompt_tokens": 1, "completion_tokens": 2, "total_tokens": 3}}
    old, new = ChatCompletions(wire), ChatCompletion.model_validate(wire)
    assert (old.id, old.model, old.choices[0].message.content, old.usage.total_tokens) == (
        new.id, new.model, new.choices[0].message.content, new.usage.total_tokens)
    assert int(old.created.timestamp()) == new.created  # the difference the message names
    partial = {"choices": [], "model": "m"}
    ChatCompletions(partial)  # the Inference class takes any mapping
    with pytest.raises(Exception):
        ChatCompletion.model_validate(partial)
    built = ChatCompletion.model_construct(**{**partial, "choices": wire["choices"]})
    assert built.choices[0].message.content == "hi" and built.model == "m"


FROM_IMPORT = textwrap.dedent('''\
    from azure.ai.inference.models import AsyncStreamingChatCompletions as AsyncUpdates, ChatCompletions
    from azure.ai.inference.models import StreamingChatCompletions


    def check_sse(raw, araw):
        sync_updates = StreamingChatCompletions(response=raw)
        async_updates = AsyncUpdates(response=araw)
        partial = ChatCompletions({"choices": [], "model": "m"})
        return sync_updates, async_updates, partial


    def typed(updates: StreamingChatCompletions) -> None:
        print(updates)
''')


def _words(finding: Finding) -> list[tuple[str, str]]:
    """What the message says each built read becomes, without the name it goes through."""
    return sorted(re.findall(r"\(([^`]*)\)` \(lines? [0-9, ]+\)(: none[^;]*|: [^;]*| -> `[^`]*`)", finding.message))


def test_both_import_forms_get_the_same_findings_and_the_same_words():
    alias_codes = sorted(f.code for f in analyze_source(PARSER_TESTS, "mod.py"))
    from_codes = sorted(f.code for f in analyze_source(FROM_IMPORT, "mod.py"))
    assert alias_codes == from_codes[: len(alias_codes)] == ["AOM101"]
    (alias,) = _aom101(PARSER_TESTS)
    imports = _aom101(FROM_IMPORT)
    assert "`AsyncUpdates(response=...)` (line 7): none" in imports[0].message
    assert "`ChatCompletions({...})` (line 8) -> `ChatCompletion.model_construct(**{...})`" in imports[0].message
    assert "`StreamingChatCompletions(response=...)` (line 6): none" in imports[1].message
    assert sorted(_words(imports[0]) + _words(imports[1])) == _words(alias)


def test_a_from_import_keeps_a_name_also_read_otherwise():
    findings = analyze_source(FROM_IMPORT, "mod.py")
    second = [f for f in findings if f.code == "AOM101"][1]
    # StreamingChatCompletions also annotates a parameter: its import stays, with both comments
    assert "from openai import Stream" in second.snippet
    assert "# StreamingChatCompletions(response=...): none" in second.snippet
    first = [f for f in findings if f.code == "AOM101"][0]
    assert "AsyncStream" not in first.snippet.splitlines()[0]  # built only: nothing to import
    assert snippet_oracle.check_findings(findings, FROM_IMPORT) == []


def test_a_from_import_without_constructions_is_unchanged():
    source = "from azure.ai.inference.models import StreamingChatCompletions, ChatCompletions\n"
    (finding,) = _aom101(source)
    assert finding.snippet.splitlines()[:2] == ["from openai import Stream", "from openai.types.chat import ChatCompletion"]
