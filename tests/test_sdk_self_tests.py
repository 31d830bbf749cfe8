"""Code that tests the Inference SDK itself: its stream parser built on a response it was handed
(no complete(stream=True), so no AOM801 guard), and message constructors a test expects to raise
(AOM105 shows the dict but applies nothing: a dict raises nothing)."""

from __future__ import annotations

import textwrap

import snippet_oracle
from aoai_migrate.engine import analyze_source
from aoai_migrate.model import Applicability

STREAMS = textwrap.dedent("""\
    import azure.ai.inference as sdk
    from azure.ai.inference import ChatCompletionsClient


    def test_parser(http_response):
        response = sdk.models.StreamingChatCompletions(response=http_response)
        for update in response:
            print(update.choices[0].delta.content)


    def answer(client: ChatCompletionsClient):
        response = client.complete(stream=True, messages=[], model="m")
        for update in response:
            print(update.choices[0].delta.content)
    """)


def test_a_stream_class_built_directly_gets_no_guard_but_a_complete_stream_does():
    found = analyze_source(STREAMS, "test_streams.py")
    assert [f.line for f in found if f.code == "AOM801"] == [13]
    assert snippet_oracle.check_findings(found, STREAMS) == []


RAISING = textwrap.dedent("""\
    import unittest

    import pytest
    import azure.ai.inference as sdk
    from azure.ai.inference.models import SystemMessage, UserMessage


    def test_positional_and_keyword_content():
        try:
            sdk.models.UserMessage("some content", content="some content")
            assert False
        except ValueError as e:
            assert "content" in str(e)


    def test_with_raises():
        with pytest.raises(ValueError):
            SystemMessage("a", content="b")


    class Checks(unittest.TestCase):
        def test_assert_raises(self):
            with self.assertRaises(ValueError):
                UserMessage("a", content="b")


    def build(question):
        try:
            message = UserMessage(question)
        except ValueError:
            message = None
        with open("log.txt") as log:
            other = UserMessage(log.read())
        return message, other
    """)


def test_constructors_a_test_expects_to_raise_are_shown_not_converted():
    found = {f.line: f for f in analyze_source(RAISING, "test_messages.py") if f.code == "AOM105"}
    for line, how in ((10, "the `try` body fails the test"), (18, "`with pytest.raises(...)`"),
                      (24, "`with self.assertRaises(...)`")):
        finding = found[line]
        assert f"the call is expected to raise ({how}" in finding.message
        assert finding.fix.applicability is Applicability.DISPLAY_ONLY and not finding.fix.applies
    # tricky negatives: a try with a handler but no failure after the call, any other `with`
    for line in (29, 33):
        assert "expected to raise" not in found[line].message
        assert found[line].fix.applicability is Applicability.SAFE
