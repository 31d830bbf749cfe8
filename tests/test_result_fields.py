"""AOM121: `.id` of an Inference embeddings result, which openai's result does not have; the
message's claims are checked against the installed openai and against the stub's response."""

from __future__ import annotations

import openai
import pytest
from openai.types import CreateEmbeddingResponse

from aoai_migrate.engine import analyze_source
from http_stub import AzureV1Stub


def codes(source: str) -> list[tuple[int, str]]:
    return [(f.line, f.code) for f in analyze_source(source, "m.py") if f.code == "AOM121"]


def test_openai_embeddings_results_have_no_id_but_a_request_id():
    assert "id" not in CreateEmbeddingResponse.model_fields
    with AzureV1Stub() as stub:
        client = openai.OpenAI(base_url=stub.base_url, api_key="k")
        result = client.embeddings.create(model="vectors", input=["a"])
    with pytest.raises(AttributeError):
        result.id  # noqa: B018
    assert hasattr(result, "_request_id")


@pytest.mark.parametrize(
    "source, expected",
    [
        # what embed() returns, through a name
        ("from azure.ai.inference import EmbeddingsClient\n"
         "client = EmbeddingsClient(endpoint=E, credential=C)\n"
         "result = client.embed(input=['a'], model='m')\n"
         "print(result.id)\n", [(4, "AOM121")]),
        # an annotated parameter; the receiver keeps its own text in the snippet
        ("from azure.ai.inference.models import EmbeddingsResult\n"
         "def f(response: EmbeddingsResult):\n    return response.id\n", [(3, "AOM121")]),
        # a chat result keeps its id
        ("from azure.ai.inference import ChatCompletionsClient\n"
         "client = ChatCompletionsClient(endpoint=E, credential=C)\n"
         "print(client.complete(messages=[], model='m').id)\n", []),
        # an item of the result keeps its fields
        ("from azure.ai.inference.models import EmbeddingsResult\n"
         "def f(response: EmbeddingsResult):\n    return response.data[0].index\n", []),
        # assigning the attribute is not a read
        ("from azure.ai.inference.models import EmbeddingsResult\n"
         "def f(response: EmbeddingsResult):\n    response.id = 'x'\n", []),
    ],
)
def test_reads_of_the_embeddings_id_are_flagged(source, expected):
    assert codes(source) == expected


def test_the_snippet_names_the_users_receiver():
    (finding,) = [
        f for f in analyze_source(
            "from azure.ai.inference.models import EmbeddingsResult\n"
            "def f(vectors: EmbeddingsResult):\n    return vectors.id\n", "m.py",
        ) if f.code == "AOM121"
    ]
    assert finding.snippet == "vectors._request_id"
    assert finding.fix is None or not finding.fix.applies
