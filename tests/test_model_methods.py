"""Methods of Inference model objects once the objects are dicts: ``as_dict()`` (AOM118), and
what AOM105/AOM106 say about the reads of a converted variable ("read later")."""

from __future__ import annotations

import pathlib
import runpy
import textwrap

from conftest import run
from fixing import fix_file

from aoai_migrate.model import Applicability, Settings

# a test module comparing serialised messages, in a loop over a list of them
LOOPED = """\
import azure.ai.inference as sdk


def serialised_roles():
    seen = []
    messages = [
        sdk.models.DeveloperMessage(content="be terse"),
        sdk.models.DeveloperMessage("be terse"),
        sdk.models.DeveloperMessage({"role": "developer", "content": "be terse"}),
    ]
    for message in messages:
        assert message.as_dict() == {"role": "developer", "content": "be terse"}
        seen.append(message.as_dict()["role"])
    return seen
"""


def _by_code(findings, code):
    return [f for f in findings if f.code == code]


def test_as_dict_in_a_loop_over_converted_messages_is_flagged_with_the_value_itself():
    found = _by_code(run(LOOPED), "AOM118")
    assert [f.line for f in found] == [12, 13]
    for finding in found:
        assert finding.snippet == "message"
        assert finding.replacement.text == "message"
        assert finding.fix.applicability is Applicability.SAFE
        assert "use `message`" in finding.message and '["as_dict"]' not in finding.message


def test_the_safe_fixes_together_give_a_program_that_runs(tmp_path: pathlib.Path):
    path = tmp_path / "roles.py"
    path.write_text(LOOPED)
    status, output = fix_file(path, unsafe=False)
    fixed = path.read_text()
    assert "as_dict" not in fixed and "azure" not in fixed, fixed
    assert runpy.run_path(str(path))["serialised_roles"]() == ["developer"] * 3


def test_read_later_advises_the_value_for_as_dict_and_a_subscript_for_fields():
    source = """\
    from azure.ai.inference.models import AssistantMessage, ImageUrl


    def check(calls, log):
        message = AssistantMessage(tool_calls=calls)
        log(message.as_dict())
        url = ImageUrl(url="https://example.invalid/a.png", detail="low")
        return url.detail, url.url
    """
    findings = run(source)
    # as_dict() has its own finding: the construction itself stays a safe conversion
    message = next(f for f in findings if f.code == "AOM105")
    assert "read later" not in message.message
    assert message.fix.applicability is Applicability.SAFE
    assert [f.snippet for f in _by_code(findings, "AOM118")] == ["message"]
    url = next(f for f in findings if f.code == "AOM106")
    assert 'use `url["detail"]`, `url["url"]`' in url.message
    assert url.fix.applicability is Applicability.DISPLAY_ONLY
    # without AOM118 the note itself says what replaces the call
    alone = run(source, Settings(ignore=("AOM118",)))
    message = next(f for f in alone if f.code == "AOM105")
    assert "`message.as_dict()` read later: the dict already is what `as_dict()` returned, use `message`" in message.message
    assert '["as_dict"]' not in message.message


def test_reads_of_a_name_before_its_assignment_or_after_it_is_bound_again_do_not_count():
    source = """\
    from azure.ai.inference.models import UserMessage


    def f(items, load):
        for message in items:
            print(message.content)
        message = UserMessage("hi")
        send(message)
        message = load()
        return message.role
    """
    finding = next(f for f in run(source) if f.code == "AOM105")
    assert "read later" not in finding.message
    assert not _by_code(run(source), "AOM118")


def test_as_dict_tricky_negatives():
    assert not _by_code(run("""\
    from azure.ai.inference.models import UserMessage
    def f(load):
        m = UserMessage("hi")
        send(m)
        m = load()
        return m.as_dict()
    """), "AOM118")
    assert not _by_code(run("def f(row):\n    return row.as_dict()\n"), "AOM118")
    # mapping methods stay valid on the dict
    assert not _by_code(run("""\
    from azure.ai.inference.models import UserMessage
    m = UserMessage("hi")
    print(m.get("content"), dict(m.items()), m.keys())
    """), "AOM118")


def test_as_dict_on_an_annotated_parameter_needs_a_review():
    finding = _by_code(run(textwrap.dedent("""\
    from azure.ai.inference.models import ToolMessage
    def record(reply: ToolMessage) -> dict:
        return reply.as_dict()
    """)), "AOM118")[0]
    assert finding.snippet == "reply"
    assert finding.fix.applicability is Applicability.UNSAFE


def test_as_dict_on_a_construction_shows_the_dict():
    finding = _by_code(run("""\
    from azure.ai.inference.models import SystemMessage
    payload = SystemMessage("be terse").as_dict()
    """), "AOM118")[0]
    assert finding.snippet == '{"role": "system", "content": "be terse"}'
