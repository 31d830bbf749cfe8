"""Embedding encodings OpenAI does not have (int8, uint8, binary, ubinary): the migrated call
sends them in extra_body next to encoding_format="float", which keeps openai from asking for
base64 and decoding the answer as float32; client defaults, the enum member and the call agree."""

from __future__ import annotations

import ast
import textwrap

import pytest

import snippet_oracle
from aoai_migrate.engine import analyze_source

SOURCE = textwrap.dedent("""\
    from azure.ai.inference import EmbeddingsClient
    from azure.ai.inference.models import EmbeddingEncodingFormat
    from azure.core.credentials import AzureKeyCredential

    def vectors(endpoint, key, texts):
        client = EmbeddingsClient(endpoint=endpoint, credential=AzureKeyCredential(key), model="emb-small",
                                  encoding_format=EmbeddingEncodingFormat.UINT8)
        packed = client.embed(input=texts)
        bits = client.embed(input=texts, encoding_format="ubinary")
        plain = client.embed(input=texts, encoding_format=EmbeddingEncodingFormat.FLOAT)
        return packed, bits, plain
    """)


def _by_line():
    found = analyze_source(SOURCE, "emb.py")
    assert snippet_oracle.check_findings(found, SOURCE) == []
    return {(f.code, f.line): f for f in found}


def test_messages_and_snippets_agree_that_openai_has_no_such_encoding():
    found = _by_line()
    client = found[("AOM102", 6)]
    assert '"encoding_format": "float", "extra_body": {"encoding_format": "uint8"}' in client.snippet
    assert "encoding_format='uint8' is not an OpenAI encoding" in client.message
    member = found[("AOM107", 7)]
    assert "OpenAI uses the string" not in member.message
    assert 'extra_body={"encoding_format": ...}' in member.message and 'takes only "float" or "base64"' in member.message
    for line, value in ((8, "uint8"), (9, "ubinary")):
        call = found[("AOM104", line)]
        assert 'encoding_format="float"' in call.snippet
        assert f'extra_body={{"encoding_format": "{value}"}}' in call.snippet
        assert f"encoding_format={value!r} is not an OpenAI encoding" in call.message
    # tricky negative: an encoding OpenAI has stays a plain argument
    plain = found[("AOM104", 10)]
    assert 'encoding_format="float"' in plain.snippet and "extra_body" not in plain.snippet
    assert "is not an OpenAI encoding" not in plain.message
    assert ("AOM107", 10) not in found or "OpenAI uses the string \"float\"" in found[("AOM107", 10)].message


@pytest.mark.parametrize("value", ["uint8", "ubinary"])
def test_the_migrated_call_sends_the_encoding_and_returns_the_values_untouched(value):
    """Against the stub on 127.0.0.1: the wire body carries the Inference encoding (extra_body's
    value wins over encoding_format="float"), and the integers come back as the service sent
    them; without "float" openai would have asked for base64 itself."""
    import openai
    from http_stub import AzureV1Stub

    found = _by_line()
    snippet = found[("AOM104", 8 if value == "uint8" else 9)].snippet
    call = ast.parse(snippet, mode="eval").body
    assert isinstance(call, ast.Call)
    with AzureV1Stub() as stub:
        client = openai.OpenAI(base_url=stub.base_url, api_key="k")
        result = eval(compile(ast.Expression(call), "<snippet>", "eval"), {"client": client, "texts": ["a", "b"]})
        assert stub.last.json["encoding_format"] == value
        assert [d.embedding for d in result.data] == [[(i + d) % 100 for d in range(len(d0.embedding))]
                                                       for i, d0 in enumerate(result.data)]
        # (openai types the values as floats: the same numbers, not float32 reinterpretations of bytes)
        # what the float-less form would have sent: openai's own base64 request
        client.embeddings.create(model="emb-small", input=["a"])
        assert stub.last.json["encoding_format"] == "base64"
        assert not stub.failures, stub.failures
