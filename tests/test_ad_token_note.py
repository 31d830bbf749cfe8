"""An AzureOpenAI given no credential argument read AZURE_OPENAI_AD_TOKEN first (its token won over
the key); OpenAI never reads it. Every migration of such a client says so, the same way, whether
the key then came from the environment, an ``api-key`` default header or nowhere
(``_enforce_credentials=False``)."""

from __future__ import annotations

import os

import pytest
from conftest import run

from aoai_migrate.render.credentials import AD_TOKEN_NOTE

HEADER_KEY = '''\
from openai import AsyncAzureOpenAI


def build(endpoint):
    return AsyncAzureOpenAI(
        api_version="2024-06-01",
        api_key=None,
        azure_ad_token=None,
        azure_endpoint=endpoint,
        default_headers={"api-key": "team-key"},
        _enforce_credentials=False,
    )
'''


def _aom301(source: str):
    (finding,) = [f for f in run(source) if f.code == "AOM301"]
    return finding


@pytest.mark.parametrize(
    "extra",
    [
        "",  # the key from the environment
        ", default_headers={'api-key': 'team-key'}",
        ", api_key=None, azure_ad_token=None, default_headers={'api-key': 'team-key'}",
        ", _enforce_credentials=False",
    ],
)
def test_a_client_without_credential_arguments_says_the_token_variable_is_not_read(extra):
    finding = _aom301(f"from openai import AzureOpenAI\nclient = AzureOpenAI(api_version='2024-06-01', azure_endpoint=e{extra})\n")
    assert AD_TOKEN_NOTE in finding.message


@pytest.mark.parametrize(
    "extra",
    [
        ", api_key=key",
        ", azure_ad_token_provider=provider, default_headers={'api-key': 'team-key'}",  # tricky: a header too
        ", azure_ad_token=token",
    ],
)
def test_a_client_given_a_credential_does_not_mention_the_token_variable(extra):
    """AzureOpenAI read no variable when a credential argument was set."""
    finding = _aom301(f"from openai import AzureOpenAI\nclient = AzureOpenAI(api_version='2024-06-01', azure_endpoint=e{extra})\n")
    assert "AZURE_OPENAI_AD_TOKEN" not in finding.message


def test_the_token_path_the_note_speaks_of_is_real(monkeypatch):
    """On the stub (127.0.0.1): with AZURE_OPENAI_AD_TOKEN set, the AsyncAzureOpenAI client sent
    the token and the header key; the migrated client sends the header key as its credential. The
    snippet cannot keep that path, so the message must say it (the note above)."""
    import asyncio

    from http_stub import AzureV1Stub
    from openai import AsyncAzureOpenAI

    for name in list(os.environ):
        if name.upper().startswith(("OPENAI_", "AZURE_")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("AZURE_OPENAI_AD_TOKEN", "entra-token")
    finding = _aom301(HEADER_KEY)
    assert AD_TOKEN_NOTE in finding.message
    messages = [{"role": "user", "content": "hi"}]

    async def main():
        with AzureV1Stub() as stub:
            original: dict = {"AsyncAzureOpenAI": AsyncAzureOpenAI}
            exec(HEADER_KEY.split("\n", 1)[1], original)
            await original["build"](stub.url).chat.completions.create(model="gpt-4o-mini", messages=messages)
            before = stub.last
            stub.clear()
            namespace: dict = {"endpoint": stub.url}
            program = finding.snippet.replace("\nAsyncOpenAI(", "\nclient = AsyncOpenAI(")
            exec(compile(program, "snippet.py", "exec"), namespace)
            await namespace["client"].chat.completions.create(model="gpt-4o-mini", messages=messages)
            assert not stub.failures, stub.failures
            return before, stub.last

    before, after = asyncio.run(main())
    assert before.authorization == "Bearer entra-token"
    assert before.headers.get("api-key") == "team-key"
    assert after.path == "/openai/v1/chat/completions"
    assert after.authorization == "Bearer team-key"  # the token path is gone: hence the note
