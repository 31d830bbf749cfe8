"""A credential that may be an AzureKeyCredential or a TokenCredential keeps both paths in the
migrated code: the key, or a token provider built from the credential (sync or aio, as the client)."""

from __future__ import annotations

import textwrap

import pytest

from aoai_migrate.engine import analyze_source

HEAD = """\
    import os
    from typing import Union
    from azure.ai.inference import ChatCompletionsClient
    from azure.ai.inference.aio import ChatCompletionsClient as AsyncChatCompletionsClient
    from azure.ai.inference import ImageEmbeddingsClient
    from azure.core.credentials import AzureKeyCredential, TokenCredential
    from azure.identity import DefaultAzureCredential
"""
SCOPE = '"https://cognitiveservices.azure.com/.default"'


def _findings(body: str):
    source = textwrap.dedent(HEAD) + textwrap.dedent(body)
    return source, analyze_source(source, "app.py")


@pytest.mark.parametrize("body", [
    # a `key or credential` fallback
    """\
    key = os.environ.get("KEY")
    cred = AzureKeyCredential(key) if key else DefaultAzureCredential()
    client = ChatCompletionsClient(endpoint=os.environ["EP"], credential=cred)
    """,
    # isinstance branches
    """\
    def build(cred):
        if isinstance(cred, str):
            cred = AzureKeyCredential(cred)
        else:
            cred = DefaultAzureCredential()
        return ChatCompletionsClient(endpoint=os.environ["EP"], credential=cred)
    """,
    # a parameter typed with a Union
    """\
    def build(endpoint: str, cred: Union[AzureKeyCredential, TokenCredential]):
        return ChatCompletionsClient(endpoint=endpoint, credential=cred)
    """,
])
def test_both_paths_are_kept(body):
    _, found = _findings(body)
    (client,) = [f for f in found if f.code == "AOM102"]
    assert f"cred.key if isinstance(cred, AzureKeyCredential) else get_bearer_token_provider(cred, {SCOPE})" in client.snippet
    assert "may hold a key or a token credential" in client.message
    assert "AOM202" in {f.code for f in found}  # the token path is what OpenAI does not take


def test_async_client_gets_the_aio_provider():
    _, found = _findings("""\
    async def build(cred: Union[AzureKeyCredential, TokenCredential]):
        return AsyncChatCompletionsClient(endpoint=os.environ["EP"], credential=cred)
    """)
    (client,) = [f for f in found if f.code == "AOM102"]
    assert "else azure.identity.aio.get_bearer_token_provider(cred, " in client.snippet


def test_image_embeddings_rest_helper_reads_a_token_or_the_key():
    _, found = _findings("""\
    def build(cred: Union[AzureKeyCredential, TokenCredential]):
        return ImageEmbeddingsClient(endpoint=os.environ["EP"], credential=cred)
    """)
    helper = next(f.snippet for f in found if f.code == "AOM603")
    assert f"(cred.key if isinstance(cred, AzureKeyCredential) else cred.get_token({SCOPE}).token)" in helper


def test_the_kept_paths_run(monkeypatch):
    """The rendered expression picks the key, or builds a provider from a token credential."""
    from azure.core.credentials import AccessToken, AzureKeyCredential
    from azure.identity import get_bearer_token_provider

    class FakeToken:
        def get_token(self, *scopes, **kwargs):
            return AccessToken("tok", 4102444800)

    def api_key(cred):
        return cred.key if isinstance(cred, AzureKeyCredential) else get_bearer_token_provider(cred, SCOPE.strip('"'))

    assert api_key(AzureKeyCredential("k")) == "k"
    assert api_key(FakeToken())() == "tok"
