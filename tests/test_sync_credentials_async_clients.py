"""A sync azure.identity credential or token provider on an async client. ``AsyncOpenAI`` awaits
what ``api_key`` returns, so a sync provider passed as is fails with TypeError on every request.
The fix rebuilds the provider with ``azure.identity.aio`` when it can (an inline sync credential,
an async credential), and otherwise keeps the sync provider, run in a worker thread
(``lambda: asyncio.to_thread(provider)`` for a name, ``functools.partial(asyncio.to_thread, ...)``
for an expression that builds it). The programs of ``tests/proof_programs/`` with such
credentials are run against the local stub by ``tests/test_fix_proof.py``."""

from __future__ import annotations

import ast
import asyncio
import importlib.util

import pytest

from fixing import fix_file

from conftest import run

SCOPE = "'https://cognitiveservices.azure.com/.default'"
INFERENCE = (
    "from azure.ai.inference.aio import ChatCompletionsClient\n"
    "import azure.identity\nimport azure.identity.aio\n"
    "from azure.core.credentials import TokenCredential\n"
    "from azure.core.credentials_async import AsyncTokenCredential\n"
)
EP = "'https://contoso.services.ai.azure.com/models'"


def api_key_of(source: str, code: str) -> tuple[str, str, str]:
    """The ``api_key=`` text the fix of ``code`` writes, its applicability and the message."""
    (finding,) = [f for f in run(source) if f.code == code]
    (edit,) = finding.fix.edits
    call = ast.parse(edit.text.strip(), mode="eval").body
    (key,) = [kw.value for kw in call.keywords if kw.arg == "api_key"]
    return ast.unparse(key), finding.fix.applicability.value, finding.message


def same(text: str, expected: str) -> bool:
    return text == ast.unparse(ast.parse(expected, mode="eval").body)


@pytest.mark.parametrize(
    "body, api_key",
    [
        # inline: rewritten to the azure.identity.aio twin
        (f"c = ChatCompletionsClient({EP}, azure.identity.DefaultAzureCredential(), credential_scopes=[{SCOPE}])",
         f"azure.identity.aio.get_bearer_token_provider(azure.identity.aio.DefaultAzureCredential(), {SCOPE})"),
        # built once for the module (shared with sync code): its sync provider in a worker thread
        (f"cred = azure.identity.DefaultAzureCredential()\n"
         f"c = ChatCompletionsClient({EP}, cred, credential_scopes=[{SCOPE}])",
         f"functools.partial(asyncio.to_thread, get_bearer_token_provider(cred, {SCOPE}))"),
        (f"def f(cred: TokenCredential):\n    return ChatCompletionsClient({EP}, cred, credential_scopes=[{SCOPE}])",
         f"functools.partial(asyncio.to_thread, get_bearer_token_provider(cred, {SCOPE}))"),
        (f"def f(cred: AsyncTokenCredential):\n    return ChatCompletionsClient({EP}, cred, credential_scopes=[{SCOPE}])",
         f"azure.identity.aio.get_bearer_token_provider(cred, {SCOPE})"),
    ],
    ids=["inline", "shared", "annotated-sync", "annotated-async"],
)
def test_inference_client_credential(body, api_key):
    text, applicability, _ = api_key_of(INFERENCE + body + "\n", "AOM102")
    assert same(text, api_key), text
    assert applicability == "safe"


def test_inference_credential_of_either_kind_gets_the_aio_provider_that_takes_both():
    source = INFERENCE + (
        "def f(sync):\n"
        "    cred = azure.identity.DefaultAzureCredential() if sync else azure.identity.aio.DefaultAzureCredential()\n"
        f"    return ChatCompletionsClient({EP}, cred, credential_scopes=[{SCOPE}])\n"
    )
    text, applicability, _ = api_key_of(source, "AOM102")
    assert same(text, f"azure.identity.aio.get_bearer_token_provider(cred, {SCOPE})"), text
    assert applicability == "unsafe"
    (auth,) = [f for f in run(source) if f.code == "AOM202"]
    assert "may be a sync or an async credential" in auth.message


AOAI = (
    "from azure.identity import DefaultAzureCredential, get_bearer_token_provider\n"
    "from openai import AsyncAzureOpenAI, AsyncOpenAI\n"
    f"SCOPE = {SCOPE}\n"
    "credential = DefaultAzureCredential()\n"
    "token_provider = get_bearer_token_provider(credential, SCOPE)\n"
    "def make_provider():\n"
    "    own = DefaultAzureCredential()\n"
    "    return get_bearer_token_provider(own, SCOPE)\n"
)


@pytest.mark.parametrize(
    "provider, api_key",
    [
        ("get_bearer_token_provider(DefaultAzureCredential(), SCOPE)",
         "azure.identity.aio.get_bearer_token_provider(azure.identity.aio.DefaultAzureCredential(), SCOPE)"),
        ("token_provider", "lambda: asyncio.to_thread(token_provider)"),
        ("get_bearer_token_provider(credential, SCOPE)",
         "functools.partial(asyncio.to_thread, get_bearer_token_provider(credential, SCOPE))"),
        # built in a helper from a credential of its own (no text here can rebuild it)
        ("make_provider()", "functools.partial(asyncio.to_thread, make_provider())"),
    ],
    ids=["inline", "shared-provider", "shared-credential", "helper"],
)
def test_async_azure_openai_sync_provider(provider, api_key):
    source = AOAI + (
        "client = AsyncAzureOpenAI(azure_endpoint='https://contoso.openai.azure.com', "
        f"azure_ad_token_provider={provider}, api_version='2024-10-21')\n"
    )
    text, applicability, _ = api_key_of(source, "AOM301")
    assert same(text, api_key), text
    assert applicability == "safe"
    (warning,) = [f for f in run(source) if f.code == "AOM204"]
    assert ("worker thread" in warning.message) == ("to_thread" in api_key)


@pytest.mark.parametrize(
    "provider, api_key",
    [
        ("token_provider", "lambda: asyncio.to_thread(token_provider)"),
        ("make_provider()", "functools.partial(asyncio.to_thread, make_provider())"),
    ],
)
def test_async_openai_with_a_sync_provider_is_fixed_even_when_it_is_built_elsewhere(provider, api_key):
    source = AOAI + f"client = AsyncOpenAI(base_url='https://contoso.openai.azure.com/openai/v1/', api_key={provider})\n"
    text, applicability, message = api_key_of(source, "AOM203")
    assert same(text, api_key), text
    assert applicability == "safe"
    assert "worker thread" in message


def test_fixed_async_client_awaits_the_sync_provider(tmp_path):
    """The fixed module runs: the client's api_key is awaited and returns the provider's token
    (a sync credential of the module's own, behind the real azure.identity provider)."""
    path = tmp_path / "shared_sync_provider.py"
    path.write_text(
        "import time\n"
        "from azure.core.credentials import AccessToken\n"
        "from azure.identity import get_bearer_token_provider\n"
        "from openai import AsyncAzureOpenAI\n\n"
        "class Credential:\n"
        "    def get_token(self, *scopes, **kwargs):\n"
        "        return AccessToken('token-' + scopes[0], int(time.time()) + 3600)\n\n"
        "def make_provider():\n"
        "    return get_bearer_token_provider(Credential(), 'scope-1')\n\n"
        "client = AsyncAzureOpenAI(azure_endpoint='https://x.openai.azure.com', "
        "azure_ad_token_provider=make_provider(), api_version='2024-10-21')\n",
        encoding="utf-8",
    )
    fix_file(path)
    out = path.read_text(encoding="utf-8")
    assert "api_key=functools.partial(asyncio.to_thread, make_provider())" in out
    assert "import asyncio\n" in out and "import functools\n" in out
    spec = importlib.util.spec_from_file_location("shared_sync_provider", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert asyncio.run(module.client._refresh_api_key()) == "token-scope-1"
    status, _ = fix_file(path)
    assert path.read_text(encoding="utf-8") == out  # a second run changes nothing
