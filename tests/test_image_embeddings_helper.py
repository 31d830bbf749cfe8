"""The image-embeddings REST helper of AOM603 and the findings around it (AOM107 enum members
passed to it, AOM115 reads of its result, AOM605 on clients that are not image-embeddings ones):
fresh fixtures in the shapes of the Inference SDK's own tests, the helper run against the local
stub and compared with what the SDK itself sends."""

from __future__ import annotations

import textwrap

import pytest

import snippet_oracle
from conftest import run


def findings(source: str, code: str, line: int | None = None):
    return [f for f in run(textwrap.dedent(source)) if f.code == code and (line is None or f.line == line)]


def oracle(source: str, finding) -> list[str]:
    source = textwrap.dedent(source)
    return [str(p) for f, p in snippet_oracle.check_findings(run(source), source) if f == finding]


# -- AOM107: enum members passed to an image-embeddings client ------------------------------------
ENUMS_IN_CONTEXT = """\
import azure.ai.inference as inference
from azure.core.credentials import AzureKeyCredential

photos = inference.ImageEmbeddingsClient(
    endpoint="http://127.0.0.1:9",
    credential=AzureKeyCredential("k"),
    input_type=inference.models.EmbeddingInputType.DOCUMENT,
)
texts = inference.EmbeddingsClient(endpoint="http://127.0.0.1:9", credential=AzureKeyCredential("k"))


def search(items, words):
    hits = photos.embed(input=items, input_type=inference.models.EmbeddingInputType.QUERY,
                        encoding_format=inference.models.EmbeddingEncodingFormat.INT8)
    vectors = texts.embed(input=words, model="m", input_type=inference.models.EmbeddingInputType.QUERY)
    return hits, vectors
"""


def test_enum_members_of_image_embeddings_calls_name_the_rest_body_not_extra_body():
    by_line = {f.line: f for f in findings(ENUMS_IN_CONTEXT, "AOM107")}
    for line in (7, 13, 14):  # the client's default, the embed() call's values
        message = by_line[line].message
        assert "the image-embeddings REST call (AOM603) uses the string" in message, message
        assert "extra_body" not in message and "OpenAI uses" not in message
    assert by_line[7].snippet == '"document"' and by_line[14].snippet == '"int8"'


def test_enum_members_of_text_embeddings_keep_the_extra_body_advice():
    """Tricky negative: the same member on the text-embeddings client of the same module goes
    to `embeddings.create(extra_body=...)` (converted there by AOM104)."""
    source = ENUMS_IN_CONTEXT + 'kind = inference.models.EmbeddingInputType.DOCUMENT\n'
    (loose,) = findings(source, "AOM107", line=17)
    assert 'OpenAI uses the string "document" in `extra_body={"input_type": ...}`' in loose.message
    assert not findings(source, "AOM107", line=15)  # inside the AOM104 call, which converts it


# -- AOM605: get_model_info() on what load_client() returned ----------------------------------------
def test_model_info_of_a_loaded_client_names_the_deployment_placeholder():
    source = """\
    import azure.ai.inference as inference

    def describe(endpoint, credential):
        client = inference.load_client(endpoint=endpoint, credential=credential)
        assert isinstance(client, inference.EmbeddingsClient)
        return client.get_model_info()
    """
    (finding,) = findings(source, "AOM605")
    assert finding.snippet == 'client.models.retrieve("<deployment-name>")\n'
    assert 'put its name in place of `"<deployment-name>"`' in finding.message
    assert oracle(source, finding) == []


def test_model_info_with_a_known_deployment_has_no_placeholder_note():
    source = """\
    from azure.ai.inference import EmbeddingsClient

    client = EmbeddingsClient(endpoint="https://x.services.ai.azure.com/models", credential=c, model="embed-v3")
    info = client.get_model_info()
    """
    (finding,) = findings(source, "AOM605")
    assert finding.snippet == 'client.models.retrieve("embed-v3")\n'
    assert "not visible here" not in finding.message
