"""An Inference enum member compared with ``is`` / ``is not``: the member becomes its string
literal (AOM107, and inside converted calls, AOM103), so the comparison must become ``==`` /
``!=`` in the same edit. ``x is "tool_calls"`` is a SyntaxWarning (an error under ``-W error``)
and false for a string parsed from JSON: the branch would never run."""

from __future__ import annotations

import ast
import runpy
import textwrap
import warnings

import pytest

import snippet_oracle
from aoai_migrate.engine import analyze_source

IMPORTS = "from azure.ai.inference.models import CompletionsFinishReason as Reason, ChatRole\n"


def _fixed(source: str) -> tuple[str, list]:
    """The module with every AOM107 fix applied, and the AOM107 findings."""
    findings = [f for f in analyze_source(source, "m.py") if f.code == "AOM107"]
    edits = {e for f in findings if f.fix is not None for e in f.fix.edits}
    return snippet_oracle.apply_edits(source, edits), findings


def _compiles_without_warnings(source: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        compile(source, "m.py", "exec")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("ok = reason is Reason.TOOL_CALLS", 'ok = reason == "tool_calls"'),
        ("ok = reason is not Reason.STOPPED", 'ok = reason != "stop"'),
        ("ok = Reason.STOPPED is reason", 'ok = "stop" == reason'),
        ("ok = reason is not Reason.STOPPED.value", 'ok = reason != "stop"'),
        # a chain: both operators next to the member change, the others stay
        ("ok = a is Reason.STOPPED is b", 'ok = a == "stop" == b'),
        ("ok = a is None or a is Reason.STOPPED", 'ok = a is None or a == "stop"'),
        ("ok = a is Reason.STOPPED is not None", 'ok = a == "stop" != None'),
        ("ok = a is b is Reason.STOPPED", 'ok = a is b == "stop"'),
        # parentheses, a comment and a line break between the operands are the user's
        ("ok = (m.role) is (  # who\n    ChatRole.USER)", 'ok = (m.role) == (  # who\n    "user")'),
        ("ok = m.role is \\\n    not ChatRole.ASSISTANT", 'ok = m.role != "assistant"'),
        ("ok = [c for c in cs if c.finish_reason is Reason.STOPPED]", 'ok = [c for c in cs if c.finish_reason == "stop"]'),
    ],
)
def test_identity_with_a_member_becomes_equality(line, expected):
    source = IMPORTS + line + "\n"
    fixed, findings = _fixed(source)
    assert findings
    assert fixed == IMPORTS + expected + "\n"
    _compiles_without_warnings(fixed)
    for finding in findings:
        assert "the comparison becomes `==` / `!=`" in finding.message
        # the snippet shows the comparison with its new operator
        assert ("==" in finding.snippet or "!=" in finding.snippet) and "Reason" not in finding.snippet
        assert not snippet_oracle.identity_literals(ast.parse(finding.snippet))
    assert snippet_oracle.check_findings(findings, source) == []


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # no identity: the literal is right where it stands (tricky negatives of the operator change)
        ("ok = reason == Reason.STOPPED", 'ok = reason == "stop"'),
        ("ok = reason in (Reason.STOPPED, Reason.TOOL_CALLS)", 'ok = reason in ("stop", "tool_calls")'),
        ("ok = reason is Reason.STOPPED.name", None),  # `.name` is not converted at all
        ("ok = x is None", None),
        ("match reason:\n    case Reason.STOPPED:\n        pass\n", 'match reason:\n    case "stop":\n        pass\n'),
    ],
)
def test_other_places_keep_their_operator(line, expected):
    source = IMPORTS + line + "\n"
    fixed, findings = _fixed(source)
    if expected is None:
        assert not findings
        return
    assert fixed.rstrip("\n") == (IMPORTS + expected).rstrip("\n")
    assert all("the comparison becomes" not in f.message for f in findings)
    _compiles_without_warnings(fixed)


def test_a_local_enum_of_the_same_name_is_no_finding():
    source = textwrap.dedent(
        """\
        import enum
        class CompletionsFinishReason(str, enum.Enum):
            STOPPED = "stop"
        done = reason is CompletionsFinishReason.STOPPED
        """
    )
    assert [f for f in analyze_source(source, "m.py") if f.code == "AOM107"] == []


def test_two_members_in_one_comparison_share_one_edit():
    source = IMPORTS + "same = ChatRole.USER is ChatRole.USER\n"
    fixed, findings = _fixed(source)
    assert len(findings) == 2 and findings[0].fix.edits == findings[1].fix.edits
    assert fixed == IMPORTS + 'same = "user" == "user"\n'


def test_identity_inside_a_converted_call_changes_too():
    source = textwrap.dedent(
        """\
        import os
        from azure.ai.inference import ChatCompletionsClient
        from azure.ai.inference.models import CompletionsFinishReason, UserMessage
        from azure.core.credentials import AzureKeyCredential

        client = ChatCompletionsClient(endpoint=os.environ["E"], credential=AzureKeyCredential(os.environ["K"]))
        again = client.complete(
            model="m", messages=[UserMessage("go on")],
            tool_choice="none" if last.finish_reason is CompletionsFinishReason.TOOL_CALLS else "auto",
        )
        """
    )
    findings = analyze_source(source, "m.py")
    (call,) = [f for f in findings if f.code == "AOM103"]
    assert 'tool_choice="none" if last.finish_reason == "tool_calls" else "auto"' in call.snippet
    assert not [f for f in findings if f.code == "AOM107"]  # the call's snippet converts it
    assert snippet_oracle.check_findings(findings, source) == []


# -- the oracle ------------------------------------------------------------------------------------


def test_oracle_flags_a_fix_that_compares_with_is_against_a_literal():
    import dataclasses

    from aoai_migrate.model import Applicability, Edit, Fix

    source = IMPORTS + "ok = reason is Reason.TOOL_CALLS\n"
    (finding,) = [f for f in analyze_source(source, "m.py") if f.code == "AOM107"]
    member = ast.parse(source).body[1].value.comparators[0]
    wrong = dataclasses.replace(
        finding, snippet='"tool_calls"',
        fix=Fix(Applicability.SAFE, "x", (Edit(2, member.col_offset, 2, member.end_col_offset, '"tool_calls"'),)),
    )
    kinds = [p.kind for p in snippet_oracle.problems(wrong, source)]
    assert kinds == ["identity"]
    shown = dataclasses.replace(finding, snippet='reason is "tool_calls"', fix=None)
    assert [p.kind for p in snippet_oracle.problems(shown, source)] == ["identity"]


def test_oracle_leaves_the_users_own_identity_tests_and_singletons_alone():
    source = 'ok = x is "a"\n'  # the user's own (wrong) code, copied into a snippet: not the tool's doing
    from aoai_migrate.model import Category, Finding

    finding = Finding("AOM999", "x", Category.INFERENCE_SDK, "m.py", 1, 1, 1, 1, "m", 'ok = x is "a" or y is None or z is ...')
    assert [p for p in snippet_oracle.problems(finding, source) if p.kind == "identity"] == []


# -- the fixed program against the stub -------------------------------------------------------------


PROGRAM = textwrap.dedent(
    """\
    import os
    from azure.ai.inference import ChatCompletionsClient
    from azure.ai.inference.models import CompletionsFinishReason, UserMessage
    from azure.core.credentials import AzureKeyCredential

    TOOLS = [{"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object", "properties": {}}}}]


    def ask(endpoint, key):
        client = ChatCompletionsClient(endpoint=endpoint, credential=AzureKeyCredential(key))
        response = client.complete(model="gpt-4o-mini", messages=[UserMessage("weather?")], tools=TOOLS)
        choice = response.choices[0]
        if choice.finish_reason is CompletionsFinishReason.TOOL_CALLS:
            return "tools"
        if choice.finish_reason is not CompletionsFinishReason.STOPPED:
            return "other"
        return "stopped"
    """
)


def test_fixed_program_takes_the_branch_on_a_real_response(tmp_path):
    from fixing import fix_file
    from http_stub import AzureV1Stub

    work = tmp_path / "program.py"
    work.write_text(PROGRAM)
    fix_file(work, unsafe=True)
    fixed = work.read_text()
    assert 'choice.finish_reason == "tool_calls"' in fixed
    assert 'choice.finish_reason != "stop"' in fixed
    assert "CompletionsFinishReason" not in fixed
    _compiles_without_warnings(fixed)
    namespace = runpy.run_path(str(work))
    with AzureV1Stub() as stub:
        # the endpoint variable holds the resource root, as the migrated client expects
        assert namespace["ask"](stub.url, "key") == "tools"
        assert stub.last.path == "/openai/v1/chat/completions"


# -- inside f-strings (before Python 3.12 a literal there cannot take the f-string's quote) ----------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('s = f"{reason is Reason.STOPPED}"', "s = f\"{reason == 'stop'}\""),
        ('s = f"{Reason.TOOL_CALLS.value}"', "s = f\"{'tool_calls'}\""),
        ("s = f'{Reason.STOPPED}'", "s = f'{\"stop\"}'"),
        ('s = f"""{Reason.STOPPED}"""', 's = f"""{"stop"}"""'),
        ("s = f\"{f'{Reason.STOPPED}'}\"", None),  # both quotes taken: shown, not fixed
    ],
)
def test_members_inside_f_strings_take_the_other_quote(line, expected):
    source = IMPORTS + line + "\n"
    fixed, findings = _fixed(source)
    assert len(findings) == 1
    if expected is None:
        assert findings[0].fix is None and "both quotes" in findings[0].message
        return
    assert fixed == IMPORTS + expected + "\n"
    _compiles_without_warnings(fixed)


def test_a_converted_call_leaves_an_f_string_to_aom107():
    source = textwrap.dedent(
        """\
        import os
        from azure.ai.inference import ChatCompletionsClient
        from azure.ai.inference.models import CompletionsFinishReason, UserMessage
        from azure.core.credentials import AzureKeyCredential

        client = ChatCompletionsClient(endpoint=os.environ["E"], credential=AzureKeyCredential(os.environ["K"]))
        again = client.complete(model="m", messages=[UserMessage(f"tools: {last.finish_reason is CompletionsFinishReason.TOOL_CALLS}")])
        """
    )
    findings = analyze_source(source, "m.py")
    (call,) = [f for f in findings if f.code == "AOM103"]
    assert call.snippet is not None and "CompletionsFinishReason.TOOL_CALLS" in call.snippet
    (member,) = [f for f in findings if f.code == "AOM107"]
    assert member.snippet == "last.finish_reason == 'tool_calls'"
    assert snippet_oracle.check_findings(findings, source) == []
