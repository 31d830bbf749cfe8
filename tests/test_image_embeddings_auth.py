"""How AOM603's image-embeddings REST helper authenticates: the headers and the token scope of
the Inference client it replaces (azure/ai/inference/_configuration.py, _patch.py), for a key,
a token credential and a credential of either kind, where the client is built and where it is
called. The helper is run against the local stub (127.0.0.1) next to the SDK itself, with
``DefaultAzureCredential`` faked at the azure-identity boundary."""

from __future__ import annotations

import ast
import asyncio
import textwrap
import time

import pytest

import snippet_oracle
from conftest import run
from http_stub import AzureV1Stub

IMAGE = {"image": "data:image/png;base64,AAAA"}
INFERENCE_SCOPE = "https://ml.azure.com/.default"


class _Asked:
    """The scopes every fake credential was asked a token for, in order."""

    scopes: list[tuple[str, ...]] = []


def _token(scopes):
    from azure.core.credentials import AccessToken

    _Asked.scopes.append(tuple(scopes))
    return AccessToken("entra-token", int(time.time()) + 3600)


class FakeCredential:
    def __init__(self, *args, **kwargs):
        pass

    def get_token(self, *scopes, **kwargs):
        return _token(scopes)

    def get_token_info(self, *scopes, options=None):
        return _token(scopes)

    def close(self):
        pass


class FakeAsyncCredential:
    def __init__(self, *args, **kwargs):
        pass

    async def get_token(self, *scopes, **kwargs):
        return _token(scopes)

    async def get_token_info(self, *scopes, options=None):
        return _token(scopes)

    async def close(self):
        pass


@pytest.fixture
def stub(monkeypatch):
    import azure.identity
    import azure.identity.aio
    from azure.core.pipeline.policies import _authentication, _authentication_async

    monkeypatch.setattr(azure.identity, "DefaultAzureCredential", FakeCredential)
    monkeypatch.setattr(azure.identity.aio, "DefaultAzureCredential", FakeAsyncCredential)
    real = _authentication._enforce_https

    def enforce_https(request):  # the SDK's bearer policy refuses http://, which only the stub uses
        if request.http_request.url.startswith("http://127.0.0.1:"):
            request.context.options.pop("enforce_https", None)
            return
        real(request)

    monkeypatch.setattr(_authentication, "_enforce_https", enforce_https)
    monkeypatch.setattr(_authentication_async, "_enforce_https", enforce_https)
    _Asked.scopes = []
    with AzureV1Stub() as server:
        yield server
        assert not server.failures, server.failures


def _module(aio: bool, client_keywords: str = "") -> str:
    """The shape of the Inference SDK's own test base: one factory, a key or an Entra credential."""
    package = "azure.ai.inference.aio" if aio else "azure.ai.inference"
    identity = "azure.identity.aio" if aio else "azure.identity"
    return (
        f"import {package} as sdk\n"
        "from azure.core.credentials import AzureKeyCredential\n"
        f"from {identity} import DefaultAzureCredential\n"
        "\n"
        "def make_client(endpoint, key_auth):\n"
        "    if key_auth:\n"
        '        credential = AzureKeyCredential("k123")\n'
        "    else:\n"
        "        credential = DefaultAzureCredential()\n"
        f"    return sdk.ImageEmbeddingsClient(endpoint=endpoint, credential=credential{client_keywords})\n"
    )


def _helper(source: str, line: int) -> str:
    (finding,) = [f for f in run(source) if f.code == "AOM603" and f.line == line]
    return finding.snippet


def _auth(request) -> dict[str, str | None]:
    return {h: request.headers.get(h) for h in ("api-key", "authorization")}


def _sdk_then_helper(stub, source: str, key_auth: bool, aio: bool):
    """What the SDK's client sent and asked for, then what the helper shown at its construction
    sent and asked for, with the same credential object."""
    namespace: dict = {}
    exec(compile(source, "<module>", "exec"), namespace)
    endpoint = stub.url + "/models"
    client = namespace["make_client"](endpoint, key_auth)
    credential = client._config.credential

    async def embed_async():
        async with client:
            return await client.embed(input=[IMAGE])

    if aio:
        asyncio.run(embed_async())
    else:
        client.embed(input=[IMAGE])
    sdk = (stub.last.path, _auth(stub.last), list(_Asked.scopes))
    stub.clear()
    _Asked.scopes = []
    helper = _helper(source, 10)
    scope = {"endpoint": endpoint, "credential": credential, **{k: namespace[k] for k in ("AzureKeyCredential",)}}
    exec(compile(helper, "<helper>", "exec"), scope)
    result = scope["embed_images"](input=[IMAGE])
    if aio:
        asyncio.run(result)
    return sdk, (stub.last.path, _auth(stub.last), list(_Asked.scopes))


@pytest.mark.parametrize("aio", [False, True], ids=["sync", "aio"])
@pytest.mark.parametrize("key_auth", [True, False], ids=["key", "entra"])
def test_the_helper_sends_the_headers_and_asks_the_scope_the_sdk_did(stub, key_auth, aio):
    sdk, helper = _sdk_then_helper(stub, _module(aio), key_auth, aio)
    assert helper == sdk
    if key_auth:
        assert sdk[1] == {"api-key": "k123", "authorization": "Bearer k123"} and sdk[2] == []
    else:
        assert sdk[1] == {"api-key": None, "authorization": "Bearer entra-token"}
        assert sdk[2] == [(INFERENCE_SCOPE,)]


@pytest.mark.parametrize("aio", [False, True], ids=["sync", "aio"])
def test_the_clients_own_scopes_are_asked_for(stub, aio):
    scopes = ', credential_scopes=["https://ml.azure.com/.default", "api://photos/.default"]'
    sdk, helper = _sdk_then_helper(stub, _module(aio, scopes), False, aio)
    assert helper == sdk
    assert sdk[2] == [("https://ml.azure.com/.default", "api://photos/.default")]


def test_an_async_client_with_a_sync_or_async_credential_awaits_only_an_awaitable_token(stub):
    """The aio client's policy awaited get_token() only when it returned an awaitable; so does
    the helper when the credential may be a sync or an async one."""
    source = (
        "import azure.ai.inference.aio as sdk\n"
        "import azure.identity\n"
        "import azure.identity.aio\n"
        "\n"
        "\n"
        "\n"
        "\n"
        "def make_client(endpoint, sync):\n"
        "    credential = azure.identity.DefaultAzureCredential() if sync else azure.identity.aio.DefaultAzureCredential()\n"
        "    return sdk.ImageEmbeddingsClient(endpoint=endpoint, credential=credential)\n"
    )
    helper = _helper(source, 10)
    assert "token = credential.get_token(\"https://ml.azure.com/.default\")" in helper
    assert "import inspect\n" in helper
    for sync in (True, False):
        namespace: dict = {}
        exec(compile(source, "<module>", "exec"), namespace)
        credential = namespace["make_client"](stub.url + "/models", sync)._config.credential
        scope = {"endpoint": stub.url + "/models", "credential": credential}
        exec(compile(helper, "<helper>", "exec"), scope)
        _Asked.scopes = []
        asyncio.run(scope["embed_images"](input=[IMAGE]))
        assert _auth(stub.last)["authorization"] == "Bearer entra-token"
        assert _Asked.scopes == [(INFERENCE_SCOPE,)]


# -- the call site: the client is built in another function ---------------------------------------
CALL_SITE = """\
import asyncio
import sys

import azure.ai.inference.aio as async_sdk
from azure.core.credentials import AzureKeyCredential
from azure.identity.aio import DefaultAzureCredential


def make_client(endpoint: str, key_auth: bool):
    if key_auth:
        credential = AzureKeyCredential("k123")
    else:
        credential = DefaultAzureCredential()
    return async_sdk.ImageEmbeddingsClient(endpoint=endpoint, credential=credential)


async def main(endpoint: str):
    async with make_client(endpoint, True) as client:
        result = await client.embed(input=[{"image": "data:image/png;base64,AAAA"}])
        print(len(result["data"]))
"""


def test_a_call_site_reads_no_name_of_the_factory(stub, monkeypatch):
    """``credential`` is make_client's: the helper shown at the call reads the key and the endpoint
    from the environment, says so, and puts strings (never a token provider) in its headers."""
    (finding,) = [f for f in run(CALL_SITE) if f.code == "AOM603" and f.line == 19]
    assert [str(p) for f, p in snippet_oracle.check_findings(run(CALL_SITE), CALL_SITE) if f == finding] == []
    assert "get_bearer_token_provider" not in finding.snippet
    assert "the client's credential `credential` is not visible here: a key is read from AZURE_INFERENCE_CREDENTIAL" \
        in finding.message
    assert 'get_token("https://ml.azure.com/.default")` token instead' in finding.message
    assert "the client's endpoint `endpoint` is not visible here" in finding.message
    function, _, call = finding.snippet.rstrip().rpartition("\n\n\n")
    monkeypatch.setenv("AZURE_INFERENCE_ENDPOINT", stub.url + "/models")
    monkeypatch.setenv("AZURE_INFERENCE_CREDENTIAL", "k123")
    scope: dict = {}
    exec(compile(function + "\n\n\nasync def send():\n    " + call.strip() + "\n    return result\n", "<h>", "exec"),
         scope)
    asyncio.run(scope["send"]())
    assert _auth(stub.last) == {"api-key": "k123", "authorization": "Bearer k123"}


def test_a_call_in_the_clients_own_scope_keeps_both_paths():
    source = CALL_SITE.replace(
        "    return async_sdk.ImageEmbeddingsClient(endpoint=endpoint, credential=credential)\n",
        "    client = async_sdk.ImageEmbeddingsClient(endpoint=endpoint, credential=credential)\n"
        "    return client.embed(input=[{\"image\": \"x\"}])\n",
    )
    (finding,) = [f for f in run(source) if f.code == "AOM603" and f.line == 15]
    assert "not visible here" not in finding.message
    assert '        headers = {"api-key": credential.key, "Authorization": "Bearer " + credential.key}\n' in finding.snippet
    assert "(await credential.get_token(\"https://ml.azure.com/.default\")).token" in finding.snippet


# -- what does not change ------------------------------------------------------------------------
def _headers_statements(snippet: str) -> list[str]:
    function = next(n for n in ast.walk(ast.parse(snippet)) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
                    and n.name == "embed_images")
    return [ast.unparse(s) for s in function.body if "headers" in ast.unparse(s) and "extra-parameters" not in ast.unparse(s)
            and not isinstance(s, ast.For)]


def test_a_key_credential_keeps_one_dict_with_both_headers():
    source = textwrap.dedent("""\
        from azure.ai.inference import ImageEmbeddingsClient
        from azure.core.credentials import AzureKeyCredential
        def build(endpoint, key):
            return ImageEmbeddingsClient(endpoint, AzureKeyCredential(key))
        """)
    assert _headers_statements(_helper(source, 4)) == ["headers = {'api-key': key, 'Authorization': 'Bearer ' + key}"]


def test_a_token_credential_sends_no_api_key_and_keeps_an_azure_openai_scope_it_was_given():
    """A client already asking for the Azure OpenAI scope keeps it: the helper asks what the client
    asked, not what an OpenAI client would need."""
    source = textwrap.dedent("""\
        from azure.ai.inference import ImageEmbeddingsClient
        from azure.identity import DefaultAzureCredential
        SCOPES = ["https://cognitiveservices.azure.com/.default"]
        client = ImageEmbeddingsClient("https://x.services.ai.azure.com/models", DefaultAzureCredential(), credential_scopes=SCOPES)
        """)
    (statement,) = _headers_statements(_helper(source, 4))
    assert statement == "headers = {'Authorization': 'Bearer ' + DefaultAzureCredential().get_token(*SCOPES).token}"


def test_scopes_not_visible_at_the_call_are_named():
    source = textwrap.dedent("""\
        from azure.ai.inference import ImageEmbeddingsClient
        from azure.identity import DefaultAzureCredential
        credential = DefaultAzureCredential()
        def build(scopes):
            return ImageEmbeddingsClient("https://x.services.ai.azure.com/models", credential, credential_scopes=scopes)
        def use():
            return build(["api://a/.default"]).embed(input=["x"])
        """)
    (finding,) = [f for f in run(source) if f.code == "AOM603" and f.line == 7]
    assert "the client's credential_scopes `scopes` are not visible here" in finding.message
    assert 'credential.get_token("https://ml.azure.com/.default")' in finding.snippet
