"""``.as_dict()`` on messages that reach it through helpers, lists and comprehensions.

The message conversions (AOM105) turn every construction into a dict; an ``m.as_dict()`` on
those objects then raises ``AttributeError``. AOM118 must see its receiver as an Inference
message when the objects come from a helper annotated with Inference types (``List[Msg]``,
``Sequence[AzureMessage]`` with ``AzureMessage = Union[...]``), through a loop, a comprehension
or a flattening comprehension over the helper's lists; its fix goes with the conversions. When
the receiver may also be something else, the conversions it may meet are not safe either.
"""

from __future__ import annotations

import json
import pathlib
import subprocess
import sys
import textwrap

import pytest

from fixing import fix_file
from http_stub import AzureV1Stub

from aoai_migrate.cli import main
from aoai_migrate.engine import analyze_source

# autogen-ext's shape: per-role helpers, a dispatcher returning lists, flattened, logged, sent
PROGRAM = textwrap.dedent(
    """\
    import sys
    from typing import List, Sequence, Union

    from azure.ai.inference import ChatCompletionsClient
    from azure.ai.inference.models import AssistantMessage as AzureAssistantMessage
    from azure.ai.inference.models import SystemMessage as AzureSystemMessage
    from azure.ai.inference.models import UserMessage as AzureUserMessage
    from azure.core.credentials import AzureKeyCredential

    AzureMessage = Union[AzureSystemMessage, AzureUserMessage, AzureAssistantMessage]


    def _user(text: str) -> AzureUserMessage:
        return AzureUserMessage(content=text)


    def to_azure(role: str, text: str) -> Sequence[AzureMessage]:
        if role == "system":
            return [AzureSystemMessage(content=text)]
        if role == "assistant":
            return [AzureAssistantMessage(content=text)]
        return [_user(text)]


    def ask(endpoint: str, history: List[tuple]) -> str:
        client = ChatCompletionsClient(endpoint=endpoint, credential=AzureKeyCredential("secret"))
        nested = [to_azure(role, text) for role, text in history]
        azure_messages = [item for sublist in nested for item in sublist]
        print([m.as_dict()["role"] for m in azure_messages])
        response = client.complete(messages=azure_messages, model="chat")
        return response.choices[0].message.content


    print(ask(sys.argv[1], [("system", "Be brief."), ("user", "Hi"), ("assistant", "Hello"), ("user", "Bye")]))
    """
)


def run(path: pathlib.Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(path), *args], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("unsafe", [False, True], ids=["fix", "unsafe-fixes"])
def test_messages_from_helpers_keep_working_after_fix(tmp_path, unsafe):
    program = tmp_path / "ask.py"
    program.write_text(PROGRAM, encoding="utf-8")
    with AzureV1Stub() as stub:
        endpoint = stub.url + "/models"
        before = run(program, endpoint)
        assert before.returncode == 0, before.stderr
        sent = stub.last.json["messages"]
        fix_file(program, unsafe=unsafe)
        text = program.read_text(encoding="utf-8")
        assert ".as_dict()" not in text
        stub.clear()
        if not unsafe:  # the client stays Azure's (its endpoint is configuration): the same request
            after = run(program, endpoint)
            assert (after.returncode, after.stdout) == (0, before.stdout), text + after.stderr
            assert stub.last.json["messages"] == sent
    if unsafe:
        compile(text, str(program), "exec")


def findings(source: str, code: str):
    return [f for f in analyze_source(textwrap.dedent(source), "m.py") if f.code == code]


HELPER = textwrap.dedent(
    """\
    from typing import List, Union
    from azure.ai.inference.models import SystemMessage, UserMessage

    Msg = Union[SystemMessage, UserMessage]


    def to_msgs(text: str) -> List[Msg]:
        return [SystemMessage(content="s"), UserMessage(content=text)]
    """
)


@pytest.mark.parametrize(
    "use",
    [
        "def log(t):\n    return [m.as_dict() for m in to_msgs(t)]\n",
        "def log(t):\n    msgs = to_msgs(t)\n    return [m.as_dict() for m in msgs]\n",
        "def log(t):\n    for m in to_msgs(t):\n        print(m.as_dict())\n",
        "def log(ts):\n    nested = [to_msgs(t) for t in ts]\n    flat = [x for sub in nested for x in sub]\n"
        "    return [m.as_dict() for m in flat]\n",
    ],
    ids=["call", "name", "loop", "flattened"],
)
def test_the_receiver_is_an_element_of_a_helper_list(use):
    source = HELPER + "\n\n" + use
    (finding,) = findings(source, "AOM118")
    assert finding.fix.applicability.value == "safe"
    assert finding.fix.edits[0].text == "m"
    conversions = findings(source, "AOM105")
    assert len(conversions) == 2 and all(f.fix.applicability.value == "safe" for f in conversions)


def test_an_annotation_only_receiver_is_unsafe_and_its_conversions_wait_for_it(tmp_path, capsys):
    source = textwrap.dedent(
        """\
        import json
        from typing import List, Union

        from azure.ai.inference.models import SystemMessage, UserMessage

        Msg = Union[SystemMessage, UserMessage]


        def dump(messages: List[Msg]) -> str:
            return json.dumps([m.as_dict() for m in messages])


        print(dump([SystemMessage(content="Be brief."), UserMessage(content="Hi")]))
        """
    )
    (reader,) = findings(source, "AOM118")
    assert reader.fix.applicability.value == "unsafe"
    for code in ("AOM105", "AOM110"):
        for finding in findings(source, code):
            assert finding.fix.applicability.value == "unsafe", finding
            assert "may reach `m.as_dict()` (line 10)" in finding.message
    program = tmp_path / "dump.py"
    program.write_text(source, encoding="utf-8")
    before = run(program)
    fix_file(program, unsafe=False)
    assert program.read_text(encoding="utf-8") == source
    fix_file(program, unsafe=True)
    after = run(program)
    assert (after.returncode, after.stdout) == (0, before.stdout), after.stderr


def test_a_receiver_that_may_be_something_else_is_no_finding_but_holds_the_conversions():
    source = HELPER + (
        "\n\ndef log(t, load):\n    msgs = to_msgs(t)\n    if not t:\n        msgs = load()\n"
        "    return [m.as_dict() for m in msgs]\n"
    )
    assert findings(source, "AOM118") == []
    conversions = findings(source, "AOM105")
    assert conversions and all(f.fix.applicability.value == "unsafe" for f in conversions)


@pytest.mark.parametrize(
    "source",
    [
        # elements of a helper list of another library's records
        """\
        from typing import List
        from mylib import Record


        def rows() -> List[Record]:
            return load()


        print([r.as_dict() for r in rows()])
        """,
        # a Union alias of Inference results (not converted: AOM115 speaks of them)
        """\
        from typing import List, Union
        from azure.ai.inference.models import ChatCompletions, EmbeddingsResult

        Result = Union[ChatCompletions, EmbeddingsResult]


        def results() -> List[Result]:
            return []


        print([r.as_dict() for r in results()])
        """,
        # a local class named like a message, in a helper's list
        """\
        from typing import List


        class UserMessage:
            def as_dict(self):
                return {}


        def msgs() -> List[UserMessage]:
            return [UserMessage()]


        print([m.as_dict() for m in msgs()])
        """,
    ],
    ids=["other-library", "inference-results", "local-class"],
)
def test_not_a_converted_message(source):
    assert findings(source, "AOM118") == []


def test_check_on_the_fixed_file_is_quiet_about_as_dict(tmp_path, capsys):
    program = tmp_path / "m.py"
    program.write_text(HELPER + "\n\nprint([m.as_dict() for m in to_msgs('hi')])\n", encoding="utf-8")
    fix_file(program, unsafe=False)
    capsys.readouterr()
    main(["check", "--format", "json", str(program)])
    data = json.loads(capsys.readouterr().out)
    assert not [f for f in (data if isinstance(data, list) else data["findings"]) if f["code"] == "AOM118"]
    assert "as_dict" not in program.read_text(encoding="utf-8")
    assert run(program).stdout == "[{'role': 'system', 'content': 's'}, {'role': 'user', 'content': 'hi'}]\n"


PARAMETER = textwrap.dedent(
    """\
    import json

    from azure.ai.inference.models import SystemMessage, UserMessage


    def dump(messages):
        return json.dumps([m.as_dict() for m in messages])


    print(dump([SystemMessage(content="Be brief."), UserMessage(content="Hi")]))
    """
)


@pytest.mark.parametrize("unsafe", [False, True], ids=["fix", "unsafe-fixes"])
def test_a_parameter_filled_by_the_module_with_messages(tmp_path, unsafe):
    (reader,) = findings(PARAMETER, "AOM118")
    assert reader.fix.applicability.value == "unsafe"  # other modules may pass Inference objects
    conversions = findings(PARAMETER, "AOM105")
    assert len(conversions) == 2 and all(f.fix.applicability.value == "unsafe" for f in conversions)
    assert all("may reach `m.as_dict()` (line 7)" in f.message for f in conversions)
    program = tmp_path / "dump.py"
    program.write_text(PARAMETER, encoding="utf-8")
    before = run(program)
    fix_file(program, unsafe=unsafe)
    assert (program.read_text(encoding="utf-8") == PARAMETER) is not unsafe
    after = run(program)
    assert (after.returncode, after.stdout) == (0, before.stdout), after.stderr
