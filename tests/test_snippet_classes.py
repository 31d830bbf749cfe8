"""Snippets that stay right on the shapes real code has (each class: fresh fixtures, the oracle,
and where it matters the migrated code run against the local stub)."""

from __future__ import annotations

import textwrap
import types

import pytest

import snippet_oracle
from conftest import run
from http_stub import AzureV1Stub

openai = pytest.importorskip("openai")


def only(source: str, code: str):
    found = [f for f in run(source) if f.code == code]
    assert len(found) == 1, found
    return found[0]


def oracle(source: str, finding) -> list[str]:
    return [str(p) for p in snippet_oracle.problems(finding, textwrap.dedent(source))]


@pytest.fixture
def stub():
    with AzureV1Stub() as server:
        yield server
        assert not server.failures, server.failures


# -- azure-core request keywords on calls -------------------------------------------------------
PIPELINE_KEYWORDS = """\
import os
from azure.ai.inference import ChatCompletionsClient
from azure.core.credentials import AzureKeyCredential


class Assistant:
    def __init__(self):
        self.client = ChatCompletionsClient(
            endpoint=os.environ["CHAT_ENDPOINT"], credential=AzureKeyCredential(os.environ["CHAT_KEY"])
        )

    def ask(self, question, on_request):
        return self.client.complete(
            messages=[{"role": "user", "content": question}],
            model="gpt-4o-mini",
            raw_request_hook=on_request,
            logging_enable=True,
            connection_timeout=3,
            read_timeout=20,
            retry_total=1,
            headers={"x-ms-client-request-id": "req-1"},
            params={"trace": "on"},
        )
"""


def test_pipeline_keywords_map_to_openai_options_or_are_named(stub):
    finding = only(PIPELINE_KEYWORDS, "AOM103")
    assert oracle(PIPELINE_KEYWORDS, finding) == []
    for name in ("raw_request_hook", "logging_enable"):
        assert name in finding.message
    for gone in ("raw_request_hook=", "logging_enable=", "connection_timeout=", "retry_total=", " headers={"):
        assert gone not in finding.snippet
    assert "with_options(max_retries=1)" in finding.snippet
    assert "timeout=openai.Timeout(20, connect=3)" in finding.snippet
    client = openai.OpenAI(base_url=stub.base_url, api_key="k")
    exec(finding.snippet, {"self": types.SimpleNamespace(client=client), "question": "hi", "on_request": print})
    assert stub.last.headers["x-ms-client-request-id"] == "req-1"
    assert stub.last.query["trace"] == ["on"]
    assert stub.last.json["model"] == "gpt-4o-mini"


def test_embed_timeout_is_kept_and_hooks_dropped():
    source = PIPELINE_KEYWORDS.replace("ChatCompletionsClient", "EmbeddingsClient").replace(
        """self.client.complete(
            messages=[{"role": "user", "content": question}],""",
        "self.client.embed(\n            input=[question],",
    ).replace("connection_timeout=3,\n            read_timeout=20,", "timeout=30,")
    finding = only(source, "AOM104")
    assert oracle(source, finding) == []
    assert "timeout=30" in finding.snippet and "raw_request_hook" in finding.message
