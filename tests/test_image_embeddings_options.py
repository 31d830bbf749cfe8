"""AOM603: the azure-core pipeline options of an image-embeddings client or of its ``embed()``
call (``logging_enable``, hooks, TLS and proxy settings) have no place in the REST function
that replaces them; the message names each one, with what replaces it where something does."""

from __future__ import annotations

from aoai_migrate.engine import analyze_source

HEAD = (
    "from azure.ai.inference import ImageEmbeddingsClient\n"
    "from azure.core.credentials import AzureKeyCredential\n"
)


def _messages(source: str) -> dict[int, str]:
    return {f.line: f.message for f in analyze_source(HEAD + source, "m.py") if f.code == "AOM603"}


def test_client_pipeline_options_are_named_on_the_client_and_on_its_calls():
    messages = _messages(
        "client = ImageEmbeddingsClient(endpoint=ep, credential=AzureKeyCredential(key),\n"
        "                               logging_enable=True, connection_verify=bundle, dimensions=8)\n"
        "vectors = client.embed(input=[item])\n"
    )
    for line in (3, 5):
        assert "the client's logging_enable (the `urllib3` or `aiohttp.client` logger at DEBUG" in messages[line]
        assert "connection_verify (pass `verify=` to `requests.post()`" in messages[line]
        assert "dimensions" not in messages[line]  # a body default: the REST function carries it


def test_call_pipeline_options_are_named():
    messages = _messages(
        "client = ImageEmbeddingsClient(endpoint=ep, credential=AzureKeyCredential(key))\n"
        "vectors = client.embed(input=[item], raw_response_hook=trace, logging_enable=True)\n"
    )
    assert "not carried" not in messages[3]
    assert ("dropped raw_response_hook (call it on the REST call's response), logging_enable "
            "(the `urllib3` or `aiohttp.client` logger at DEBUG shows the traffic): azure-core options") in messages[4]


def test_carried_settings_are_not_named_as_dropped():
    messages = _messages(
        "client = ImageEmbeddingsClient(endpoint=ep, credential=AzureKeyCredential(key), api_version='2024-05-01-preview',\n"
        "                               retry_total=2, read_timeout=30, headers={'x-team': 'a'}, model='m')\n"
        "vectors = client.embed(input=[item], dimensions=4)\n"
    )
    assert all("not carried" not in m and "dropped" not in m for m in messages.values())


def test_a_spread_client_says_its_contents_are_not_carried():
    messages = _messages("client = ImageEmbeddingsClient(**settings)\nvectors = client.embed(input=[item])\n")
    assert "what `**settings` holds is not carried" in messages[3]


def test_a_spread_next_to_the_endpoint_and_credential_names_only_its_defaults():
    messages = _messages("client = ImageEmbeddingsClient(endpoint=ep, credential=AzureKeyCredential(key), **extra)\n")
    assert "what `**extra` holds is not carried: move the defaults and options it holds" in messages[3]
