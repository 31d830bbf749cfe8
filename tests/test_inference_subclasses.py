"""A user subclass of an Azure AI Inference client is not the SDK class: ``OpenAI`` has none of
its methods, so the construction and the calls on its instances are shown, not fixed, and the
messages name the overrides that the OpenAI code would skip."""

from __future__ import annotations

import pathlib

from fixing import fix_file

from aoai_migrate.engine import analyze_source

SUBCLASS = '''\
from azure.ai.inference import ChatCompletionsClient
from azure.core.credentials import AzureKeyCredential


class CountingClient(ChatCompletionsClient):
    calls = 0

    def complete(self, **kwargs):
        CountingClient.calls += 1
        return super().complete(**kwargs)


client = CountingClient(endpoint=ENDPOINT, credential=AzureKeyCredential(KEY))
answer = client.complete(messages=[{"role": "user", "content": "hi"}], model="gpt-4o-mini")
'''

PLAIN = SUBCLASS.replace("CountingClient(endpoint", "ChatCompletionsClient(endpoint")


def _by_code(source: str) -> dict[str, object]:
    return {f.code: f for f in analyze_source(source, "m.py") if f.code in ("AOM102", "AOM103")}


def test_the_construction_names_the_overrides_and_is_not_fixed():
    found = _by_code(SUBCLASS)
    assert "`CountingClient` subclasses the Inference client and overrides `complete`" in found["AOM102"].message
    assert "no automatic fix" in found["AOM102"].message
    assert "`CountingClient.complete()` overrides the Inference method" in found["AOM103"].message


def test_fix_leaves_the_subclass_and_its_calls_alone(tmp_path: pathlib.Path):
    work = tmp_path / "m.py"
    work.write_text(SUBCLASS, encoding="utf-8")
    fix_file(work)
    assert work.read_text(encoding="utf-8") == SUBCLASS


def test_the_sdk_class_itself_is_still_fixed(tmp_path: pathlib.Path):
    found = _by_code(PLAIN)
    assert "subclass" not in found["AOM102"].message and "subclass" not in found["AOM103"].message
    work = tmp_path / "m.py"
    work.write_text(PLAIN, encoding="utf-8")
    fix_file(work)
    assert "client.chat.completions.create(" in work.read_text(encoding="utf-8")


def test_a_subclass_without_overrides_of_the_method_is_still_not_fixed():
    source = SUBCLASS.replace("def complete(self, **kwargs)", "def close(self)").replace(
        "return super().complete(**kwargs)", "return super().close()")
    found = _by_code(source)
    assert "overrides `close`" in found["AOM102"].message
    assert "a `CountingClient`, a subclass of the Inference client that is not migrated" in found["AOM103"].message
    assert found["AOM103"].fix is None or found["AOM103"].fix.applicability.name == "DISPLAY_ONLY"
