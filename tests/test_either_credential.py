"""A credential that may be an AzureKeyCredential or a TokenCredential keeps both paths in the
migrated code: the key, or a token provider built from the credential (sync or aio, as the client)."""

from __future__ import annotations

import ast
import asyncio
import dataclasses
import os
import pathlib
import runpy
import shutil
import textwrap
import time

import pytest

from aoai_migrate.engine import analyze_source

HEAD = """\
    import os
    from typing import Union
    from azure.ai.inference import ChatCompletionsClient
    from azure.ai.inference.aio import ChatCompletionsClient as AsyncChatCompletionsClient
    from azure.ai.inference import ImageEmbeddingsClient
    from azure.core.credentials import AzureKeyCredential, TokenCredential
    from azure.core.credentials_async import AsyncTokenCredential
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
    async def build(cred: Union[AzureKeyCredential, AsyncTokenCredential]):
        return AsyncChatCompletionsClient(endpoint=os.environ["EP"], credential=cred)
    """)
    (client,) = [f for f in found if f.code == "AOM102"]
    assert "else azure.identity.aio.get_bearer_token_provider(cred, " in client.snippet


def test_async_client_runs_the_provider_of_a_sync_token_credential_in_a_thread():
    """AsyncOpenAI awaits what api_key returns: a (sync) TokenCredential keeps its sync provider,
    run in a worker thread."""
    _, found = _findings("""\
    async def build(cred: Union[AzureKeyCredential, TokenCredential]):
        return AsyncChatCompletionsClient(endpoint=os.environ["EP"], credential=cred)
    """)
    (client,) = [f for f in found if f.code == "AOM102"]
    assert (
        "else functools.partial(asyncio.to_thread, get_bearer_token_provider(cred, " in client.snippet
    )


def test_image_embeddings_rest_helper_reads_a_token_or_the_key():
    _, found = _findings("""\
    def build(cred: Union[AzureKeyCredential, TokenCredential]):
        return ImageEmbeddingsClient(endpoint=os.environ["EP"], credential=cred)
    """)
    helper = next(f.snippet for f in found if f.code == "AOM603")
    # both headers on the key path, the Inference client's own scope on the token path
    assert (
        "    if isinstance(cred, AzureKeyCredential):\n"
        '        headers = {"api-key": cred.key, "Authorization": "Bearer " + cred.key}\n'
        "    else:\n"
        '        headers = {"Authorization": "Bearer " + cred.get_token("https://ml.azure.com/.default").token}\n'
    ) in helper


@pytest.mark.parametrize("body", [
    # the caller's value when it is no str: an unannotated parameter, kept on self, positional
    """\
    class Chat:
        def __init__(self, endpoint, credential):
            self.endpoint = endpoint
            self.credential = AzureKeyCredential(credential) if isinstance(credential, str) else credential
            self.client = ChatCompletionsClient(self.endpoint, self.credential)
    """,
    # a fallback to the caller's credential
    """\
    def build(endpoint, credential=None):
        cred = credential or AzureKeyCredential(os.environ["KEY"])
        return ChatCompletionsClient(endpoint, cred)
    """,
    # isinstance statement branches on an unannotated parameter
    """\
    def build(endpoint, cred):
        if isinstance(cred, str):
            cred = AzureKeyCredential(cred)
        return ChatCompletionsClient(endpoint, cred)
    """,
])
def test_a_key_next_to_the_callers_own_value_keeps_both_paths(body):
    """``AzureKeyCredential(c) if isinstance(c, str) else c``: the other branch may be a token
    credential, so the snippet is the either-kind form, never ``api_key=<credential object>``
    nor ``<credential>.key`` alone."""
    _, found = _findings(body)
    (client,) = [f for f in found if f.code == "AOM102"]
    (api_key,) = [k.value for n in ast.walk(ast.parse(client.snippet)) if isinstance(n, ast.Call)
                  for k in n.keywords if k.arg == "api_key"]
    assert isinstance(api_key, ast.IfExp), client.snippet
    cred = ast.unparse(api_key.test.args[0])
    assert ast.unparse(api_key.test) == f"isinstance({cred}, AzureKeyCredential)"
    assert ast.unparse(api_key.body) == f"{cred}.key"
    assert ast.unparse(api_key.orelse) == f"get_bearer_token_provider({cred}, {SCOPE.replace(chr(34), chr(39))})"
    assert "may hold a key or a token credential" in client.message


@pytest.mark.parametrize("body", [
    # one key credential, nothing else it could hold
    """\
    def build(endpoint, key):
        cred = AzureKeyCredential(key)
        return ChatCompletionsClient(endpoint, cred)
    """,
    # the other branch is None: no token path to keep
    """\
    def build(endpoint, key):
        cred = AzureKeyCredential(key) if key else None
        return ChatCompletionsClient(endpoint, cred)
    """,
])
def test_a_key_credential_alone_stays_a_key(body):
    _, found = _findings(body)
    (client,) = [f for f in found if f.code == "AOM102"]
    assert "api_key=cred.key" in client.snippet or "api_key=key" in client.snippet
    assert "isinstance" not in client.snippet
    assert "AOM201" in {f.code for f in found}


# -- AzureOpenAI: a key next to a token or a token provider ---------------------------------------

AOAI_HEAD = """\
    from openai import AzureOpenAI, AsyncAzureOpenAI
    from azure.identity import DefaultAzureCredential, get_bearer_token_provider
    from azure.identity.aio import get_bearer_token_provider as get_async_provider
"""


def _client(body: str, code: str = "AOM301"):
    source = textwrap.dedent(AOAI_HEAD) + textwrap.dedent(body)
    found = analyze_source(source, "app.py")
    (client,) = [f for f in found if f.code == code]
    calls = [n for n in ast.walk(ast.parse(client.snippet)) if isinstance(n, ast.Call)
             and any(k.arg == "api_key" for k in n.keywords)]
    (api_key,) = [k.value for k in calls[0].keywords if k.arg == "api_key"]
    return client, ast.unparse(api_key), source, found


@pytest.mark.parametrize("body, expected", [
    # a connector taking any of the three
    ("""\
    class Connector:
        def __init__(self, endpoint, api_key=None, ad_token=None, ad_token_provider=None):
            self.client = AzureOpenAI(
                azure_endpoint=endpoint, api_key=api_key, azure_ad_token=ad_token,
                azure_ad_token_provider=ad_token_provider, api_version="2024-10-21",
            )
    """, "ad_token or ad_token_provider or api_key"),
    # a static token next to the key
    ("""\
    def make(endpoint, key, token):
        return AzureOpenAI(azure_endpoint=endpoint, api_key=key, azure_ad_token=token, api_version="2024-10-21")
    """, "token or key"),
    # the provider only when there is no key
    ("""\
    def make(endpoint, credential, api_key=None):
        return AzureOpenAI(
            azure_endpoint=endpoint, api_key=api_key, api_version="2024-10-21",
            azure_ad_token_provider=get_bearer_token_provider(credential, "https://cognitiveservices.azure.com/.default") if not api_key else None,
        )
    """, "api_key or get_bearer_token_provider(credential, 'https://cognitiveservices.azure.com/.default')"),
    ("""\
    def make(endpoint, provider, api_key=None):
        return AzureOpenAI(azure_endpoint=endpoint, api_key=api_key, azure_ad_token_provider=None if api_key else provider)
    """, "api_key or provider"),
    # some other condition is kept as written (parenthesised)
    ("""\
    def make(endpoint, provider, key, entra):
        return AzureOpenAI(azure_endpoint=endpoint, api_key=key, azure_ad_token_provider=provider if entra else None)
    """, "(provider if entra else None) or key"),
    # an explicit None is no auth path, nor openai's placeholder for "no key"
    ("""\
    def make(endpoint, provider):
        return AzureOpenAI(azure_endpoint=endpoint, api_key=None, azure_ad_token=None, azure_ad_token_provider=provider)
    """, "provider"),
    ("""\
    from openai.lib.azure import API_KEY_SENTINEL

    def make(endpoint, provider):
        return AzureOpenAI(azure_endpoint=endpoint, api_key=API_KEY_SENTINEL, azure_ad_token_provider=provider)
    """, "provider"),
])
def test_every_auth_path_reaches_api_key(body, expected):
    client, api_key, source, found = _client(body)
    assert api_key == expected
    if " or " in expected:
        assert "api_key= gets the first one set of" in client.message
        assert client.fix is None or client.fix.applicability.value != "safe"
    import snippet_oracle

    assert snippet_oracle.check_findings(found, source) == []


@pytest.mark.parametrize("cls", ["AzureOpenAI", "AsyncAzureOpenAI"])
def test_auth_keywords_given_as_none_are_absent(cls):
    """``api_key=None, azure_ad_token=None, azure_ad_token_provider=None`` passes no auth: the
    client read the environment, so the migrated one does what a client without auth keywords
    does (names AZURE_OPENAI_API_KEY, says that OpenAI reads OPENAI_API_KEY), and `None` is
    neither a provider to wrap nor an auth keyword of its own (AOM205/AOM206)."""
    body = f"""\
    def make(endpoint):
        return {cls}(
            azure_endpoint=endpoint, api_version="2024-02-01",
            api_key=None, azure_ad_token=None, azure_ad_token_provider=None,
        )
    """
    client, api_key, source, found = _client(body)
    assert api_key == "os.environ['AZURE_OPENAI_API_KEY']"
    assert "OpenAI does not read AZURE_OPENAI_API_KEY" in client.message
    assert "provider" not in api_key and "to_thread" not in client.message and "None" not in client.snippet
    assert not {"AOM205", "AOM206"} & {f.code for f in found}
    import snippet_oracle

    assert snippet_oracle.check_findings(found, source) == []
    # one of them set: that one is the auth, the None beside it is no second path
    body = body.replace("azure_ad_token_provider=None", "azure_ad_token_provider=tp").replace("(endpoint)", "(endpoint, tp)")
    client, api_key, source, found = _client(body)
    assert api_key == "tp" and "the first one set of" not in client.message
    assert "AOM205" in {f.code for f in found} and "AOM206" not in {f.code for f in found}
    import snippet_oracle

    assert snippet_oracle.check_findings(found, source) == []


def test_none_auth_keywords_run_on_the_environment_key(monkeypatch):
    """The migrated client of ``AzureOpenAI(api_key=None, azure_ad_token_provider=None, ...)``
    sends the key AzureOpenAI read from AZURE_OPENAI_API_KEY (stub on 127.0.0.1)."""
    from http_stub import AzureV1Stub

    source = textwrap.dedent("""\
    from openai import AzureOpenAI

    def make(endpoint):
        return AzureOpenAI(azure_endpoint=endpoint, api_version="2024-02-01",
                           api_key=None, azure_ad_token_provider=None)
    """)
    (client,) = [f for f in analyze_source(source, "app.py") if f.code == "AOM301"]
    for name in list(os.environ):
        if name.upper().startswith(("OPENAI_", "AZURE_")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", "env-key")
    with AzureV1Stub() as stub:
        namespace = {"endpoint": stub.url}
        module = ast.parse(client.snippet)
        last = module.body.pop()  # the client expression that replaces the call
        exec(compile(module, "<snippet>", "exec"), namespace)
        migrated = eval(compile(ast.Expression(last.value), "<snippet>", "eval"), namespace)
        assert type(migrated).__name__ == "OpenAI"
        migrated.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}])
        assert stub.last.path == "/openai/v1/chat/completions"
        assert stub.last.authorization == "Bearer env-key"
        assert not stub.failures, stub.failures


def test_async_client_rewrites_a_sync_provider_and_names_an_unknown_one():
    # the sync provider took `cred`, so it is a sync credential: its provider runs in a thread
    client, api_key, _, _ = _client("""\
    def make(endpoint, key, cred):
        return AsyncAzureOpenAI(
            azure_endpoint=endpoint, api_key=key,
            azure_ad_token_provider=get_bearer_token_provider(cred, "https://cognitiveservices.azure.com/.default"),
        )
    """)
    assert api_key == (
        "functools.partial(asyncio.to_thread, "
        "get_bearer_token_provider(cred, 'https://cognitiveservices.azure.com/.default')) or key"
    )
    client, api_key, _, _ = _client("""\
    def make(endpoint, key):
        return AsyncAzureOpenAI(
            azure_endpoint=endpoint, api_key=key,
            azure_ad_token_provider=get_bearer_token_provider(DefaultAzureCredential(), "https://cognitiveservices.azure.com/.default"),
        )
    """)
    assert api_key == (
        "azure.identity.aio.get_bearer_token_provider(azure.identity.aio.DefaultAzureCredential(), "
        "'https://cognitiveservices.azure.com/.default') or key"
    )
    client, api_key, _, _ = _client("""\
    def make(endpoint, key, provider):
        return AsyncAzureOpenAI(azure_endpoint=endpoint, api_key=key, azure_ad_token_provider=provider)
    """)
    assert api_key == "provider or key"
    assert "AsyncOpenAI awaits what api_key returns and `provider` may be a sync or an async provider" in client.message
    assert client.fix.applicability.value == "display-only" and not client.fix.applies
    client, api_key, _, _ = _client("""\
    def make(endpoint, key, cred):
        return AsyncAzureOpenAI(azure_endpoint=endpoint, api_key=key,
                                azure_ad_token_provider=get_async_provider(cred, "https://cognitiveservices.azure.com/.default"))
    """)
    assert "may be a sync or an async provider" not in client.message


def test_module_settings_and_frameworks_keep_every_auth_path():
    """The same choice where the auth keywords are module settings or a framework's arguments."""
    source = textwrap.dedent("""\
    import os
    import openai
    from azure.identity import DefaultAzureCredential, get_bearer_token_provider
    from langchain_openai import AzureChatOpenAI

    openai.api_type = "azure"
    openai.azure_endpoint = os.environ["AZURE_OPENAI_ENDPOINT"]
    openai.api_key = os.environ.get("AZURE_OPENAI_API_KEY")
    openai.azure_ad_token_provider = get_bearer_token_provider(DefaultAzureCredential(), "https://cognitiveservices.azure.com/.default")
    openai.api_version = "2024-06-01"

    def llm(endpoint, key=None, provider=None):
        return AzureChatOpenAI(azure_endpoint=endpoint, azure_deployment="gpt-4o", api_version="2024-10-21",
                               api_key=key, azure_ad_token_provider=provider)
    """)
    found = {f.code: f for f in analyze_source(source, "app.py")}
    provider = 'get_bearer_token_provider(DefaultAzureCredential(), "https://cognitiveservices.azure.com/.default")'
    for code in ("AOM303", "AOM402"):
        assert f'api_key={provider} or os.environ.get("AZURE_OPENAI_API_KEY")' in found[code].snippet, code
    assert "api_key=provider or key" in found["AOM407"].snippet


def test_the_oracle_catches_a_lost_auth_path():
    """What the renderer did before: the key is named (api_key=) but its value is gone."""
    import snippet_oracle
    from aoai_migrate.model import Category, Finding

    source = textwrap.dedent("""\
    from openai import AzureOpenAI, OpenAI
    def make(endpoint, key, p):
        return AzureOpenAI(azure_endpoint=endpoint, api_key=key, azure_ad_token_provider=p if not key else None)
    """)
    call = next(n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Call))

    def lost(snippet):
        finding = Finding("AOM301", "x", Category.AZURE_OPENAI_CLIENT, "app.py", call.lineno, call.col_offset + 1,
                          call.end_lineno, call.end_col_offset + 1, "m", snippet)
        return [p.detail for p in snippet_oracle.problems(finding, source) if p.kind == "lost"]

    assert lost("OpenAI(base_url=endpoint, api_key=p if not key else None)") == [
        "`api_key=key` does not reach the migrated api_key="
    ]
    assert lost("OpenAI(base_url=endpoint, api_key=key)") == [
        "`azure_ad_token_provider=p if not key else None` does not reach the migrated api_key="
    ]
    assert lost("OpenAI(base_url=endpoint, api_key=key or p)") == []


# -- the migrated code runs: both paths, against the stub on 127.0.0.1 --------------------------

FIXTURE = pathlib.Path(__file__).resolve().parent / "fix_fixtures" / "auth_either_kind" / "before.py"


class _TokenCredential:
    """A sync TokenCredential handing out ``entra-token``."""

    def get_token(self, *scopes, **kwargs):
        from azure.core.credentials import AccessToken

        assert scopes == ("https://cognitiveservices.azure.com/.default",)
        return AccessToken("entra-token", int(time.time()) + 3600)


def test_fixed_clients_send_the_key_or_the_token(tmp_path, monkeypatch):
    """``aoai-migrate fix`` on the fixture, then each fixed client called with a key and with a
    token credential: the stub sees the one the caller passed; the async connector, whose
    provider may be of either kind, is left as it was."""
    import openai
    from azure.core.credentials import AzureKeyCredential

    from fixing import fix_file
    from http_stub import AzureV1Stub

    for name in list(os.environ):
        if name.upper().startswith(("OPENAI_", "AZURE_")):
            monkeypatch.delenv(name)
    work = tmp_path / "clients.py"
    shutil.copy(FIXTURE, work)
    fix_file(work, unsafe=True)
    fixed = runpy.run_path(str(work))
    messages = [{"role": "user", "content": "hi"}]

    async def ask_async(client):
        async with client:
            await client.chat.completions.create(model="gpt-4o-mini", messages=messages)

    with AzureV1Stub() as stub:
        def sent(client):
            if isinstance(client, openai.AsyncOpenAI):
                asyncio.run(ask_async(client))
            else:
                client.chat.completions.create(model="gpt-4o-mini", messages=messages)
            request = stub.last
            assert request.path == "/openai/v1/chat/completions" and "api-version" not in request.query
            return request.authorization

        # either kind on an Inference client: a key string, an AzureKeyCredential, a TokenCredential
        assert sent(fixed["Assistant"](stub.url, "key-1").client) == "Bearer key-1"
        assert sent(fixed["Assistant"](stub.url, AzureKeyCredential("key-2")).client) == "Bearer key-2"
        assert sent(fixed["Assistant"](stub.url, _TokenCredential()).client) == "Bearer entra-token"
        # a key, else a provider built from the credential
        assert sent(fixed["grader_client"](stub.url, _TokenCredential(), api_key="key-3")) == "Bearer key-3"
        assert sent(fixed["grader_client"](stub.url, _TokenCredential())) == "Bearer entra-token"
        # any one of the three on an async client: a provider of unknown kind (sync or async)
        # has no expression AsyncOpenAI takes for both, so the connector is left for a person
        assert isinstance(fixed["connector"](stub.url, api_key="key-4"), openai.AsyncAzureOpenAI)
        assert not stub.failures, stub.failures


def test_scopes_next_to_an_unresolved_credential_keep_the_key_path_too():
    """A test base or settings helper returns the credential with its scopes (`AzureKeyCredential(key),
    []` or a token credential with the Azure OpenAI scope): scopes alone do not make it a token
    credential, and the key path needs AzureKeyCredential imported when the module lacks it."""
    source = textwrap.dedent("""\
        from azure.core import credentials
        from azure.ai.inference.aio import ChatCompletionsClient


        class ClientFactory:
            def _settings(self, key_auth: bool, **kwargs):
                if key_auth:
                    return kwargs["endpoint"], credentials.AzureKeyCredential(kwargs["key"]), []
                return kwargs["endpoint"], self.token_credential(), ["https://cognitiveservices.azure.com/.default"]

            def create(self, **kwargs) -> ChatCompletionsClient:
                endpoint, credential, scopes = self._settings(key_auth=True, **kwargs)
                return ChatCompletionsClient(endpoint=endpoint, credential=credential, credential_scopes=scopes)
        """)
    (client,) = [f for f in analyze_source(source, "factory.py") if f.code == "AOM102"]
    assert (
        "api_key=credential.key if isinstance(credential, AzureKeyCredential) "
        "else azure.identity.aio.get_bearer_token_provider(credential, *scopes)"
    ) in client.snippet
    assert "from azure.core.credentials import AzureKeyCredential\n" in client.snippet
    assert "`credential` may hold a key or a token credential: both paths are kept" in client.message


# -- a credential unpacked from helpers' tuples, one branch a key and one a token ------------------

UNPACKED = """\
    from azure.ai.inference import EmbeddingsClient
    from azure.core.credentials import AzureKeyCredential


    class ClientFactory:
        def __init__(self, token_credential=None):
            self._token_credential = token_credential

        def _key_settings(self, **kwargs):
            endpoint = kwargs.pop("embeddings_endpoint")
            credential = AzureKeyCredential(kwargs.pop("embeddings_key"))
            return endpoint, credential

        def _entra_settings(self, **kwargs):
            endpoint = kwargs.pop("embeddings_endpoint")
            credential = self.token_credential()
            return endpoint, credential

        def token_credential(self):
            return self._token_credential

        def make(self, *, key_auth: bool = True, **kwargs):
            if key_auth:
                endpoint, credential = self._key_settings(**kwargs)
            else:
                endpoint, credential = self._entra_settings(**kwargs)
            return EmbeddingsClient(endpoint=endpoint, credential=credential, **kwargs)
"""


def _api_key_of(snippet: str) -> str:
    (api_key,) = [k.value for n in ast.walk(ast.parse(snippet)) if isinstance(n, ast.Call)
                  for k in n.keywords if k.arg == "api_key"]
    return ast.unparse(api_key)


def test_a_credential_unpacked_from_a_key_helper_or_an_entra_helper_keeps_both_paths():
    """``if key_auth: endpoint, credential = self._key_settings(...)`` / ``else: ... =
    self._entra_settings(...)``: one helper returns an AzureKeyCredential, the other something
    unresolved, so the credential is of either kind; the helper's `kwargs.pop(...)` is never
    written where the caller's `kwargs` means another dict; the caller's `**kwargs` still holds
    the keys the helpers read (they pop from a copy), which OpenAI() rejects."""
    source = textwrap.dedent(UNPACKED)
    found = analyze_source(source, "factory.py")
    (client,) = [f for f in found if f.code == "AOM102"]
    assert _api_key_of(client.snippet) == (
        f"credential.key if isinstance(credential, AzureKeyCredential) else get_bearer_token_provider(credential, {SCOPE.replace(chr(34), chr(39))})"
    )
    assert "kwargs.pop" not in client.snippet and "not resolved" not in client.message
    assert "`credential` may hold a key or a token credential: both paths are kept" in client.message
    assert "it holds `embeddings_endpoint` (read by `self._key_settings`), `embeddings_key` (read by `self._key_settings`)" in client.message
    assert "OpenAI() raises TypeError on a key that is not one of its parameters" in client.message
    import snippet_oracle

    assert snippet_oracle.check_findings(found, source) == []
    # the oracle asks for the TypeError warning on an Inference client's unseen spread
    bare = dataclasses.replace(client, message=client.message.split("; it holds")[0])
    assert any("OpenAI() rejects (TypeError)" in p.detail for p in snippet_oracle.problems(bare, source))


@pytest.mark.parametrize("entra", [
    # both helpers return a key: a key it is
    "credential = AzureKeyCredential(kwargs.pop('other_key'))",
])
def test_two_key_helpers_stay_a_key(entra):
    source = textwrap.dedent(UNPACKED).replace("credential = self.token_credential()", entra)
    (client,) = [f for f in analyze_source(source, "factory.py") if f.code == "AOM102"]
    assert _api_key_of(client.snippet) == "credential.key" and "isinstance" not in client.snippet
    assert "kwargs.pop" not in client.snippet  # the helpers' kwargs are not the caller's


def test_one_helper_returning_a_key_or_a_token_keeps_both_paths():
    """One unpacking, one helper whose two `return`s give a key or an unresolved credential."""
    source = textwrap.dedent("""\
        from azure.ai.inference import ChatCompletionsClient
        from azure.core.credentials import AzureKeyCredential


        class Settings:
            def load(self, key=None):
                if key:
                    return "https://r.services.ai.azure.com/models", AzureKeyCredential(key)
                return "https://r.services.ai.azure.com/models", self.entra()

            def client(self, key=None):
                endpoint, credential = self.load(key)
                return ChatCompletionsClient(endpoint, credential)
        """)
    (client,) = [f for f in analyze_source(source, "settings.py") if f.code == "AOM102"]
    assert _api_key_of(client.snippet).startswith("credential.key if isinstance(credential, AzureKeyCredential) else ")
    # a tuple of a key alone stays a key
    alone = source.replace('        return "https://r.services.ai.azure.com/models", self.entra()\n', "")
    (client,) = [f for f in analyze_source(alone, "settings.py") if f.code == "AOM102"]
    assert "isinstance" not in client.snippet


def test_an_unresolved_credential_is_never_read_as_a_key():
    """Nothing says what `self.credential_for(...)` returns: both paths, never `.key` alone
    (AttributeError on a token credential)."""
    source = textwrap.dedent("""\
        from azure.ai.inference.aio import ChatCompletionsClient


        class Base:
            def make(self, endpoint):
                return ChatCompletionsClient(endpoint=endpoint, credential=self.credential_for("chat"))
        """)
    found = analyze_source(source, "base.py")
    (client,) = [f for f in found if f.code == "AOM102"]
    text = _api_key_of(client.snippet)
    assert text.startswith("self.credential_for('chat').key if isinstance(self.credential_for('chat'), AzureKeyCredential)")
    assert "azure.identity.aio.get_bearer_token_provider(self.credential_for('chat')" in text
    assert "not resolved: both paths are kept" in client.message
    import snippet_oracle

    assert snippet_oracle.check_findings(found, source) == []


def test_unpacked_credentials_run_with_a_key_and_with_a_token(tmp_path, monkeypatch):
    """``aoai-migrate fix --unsafe-fixes`` on a factory without the spread, then the client
    built with a key and with a token credential (stub on 127.0.0.1)."""
    from fixing import fix_file
    from http_stub import AzureV1Stub

    for name in list(os.environ):
        if name.upper().startswith(("OPENAI_", "AZURE_")):
            monkeypatch.delenv(name)
    work = tmp_path / "factory.py"
    work.write_text(textwrap.dedent(UNPACKED).replace(", **kwargs)\n", ")\n"))
    fix_file(work, unsafe=True)
    fixed = work.read_text()
    assert "EmbeddingsClient(" not in fixed and "isinstance(credential, AzureKeyCredential)" in fixed
    namespace = runpy.run_path(str(work))
    with AzureV1Stub() as stub:
        def sent(client):
            client.embeddings.create(model="text-embedding-3-small", input=["hi"])
            assert stub.last.path == "/openai/v1/embeddings"
            return stub.last.authorization

        factory = namespace["ClientFactory"](_TokenCredential())
        assert sent(factory.make(key_auth=True, embeddings_endpoint=stub.url, embeddings_key="key-1")) == "Bearer key-1"
        assert sent(factory.make(key_auth=False, embeddings_endpoint=stub.url)) == "Bearer entra-token"
        assert not stub.failures, stub.failures


def test_a_helper_whose_branches_assign_a_key_or_an_inherited_credential():
    """The helper itself picks: ``credential = AzureKeyCredential(...)`` or
    ``credential = self.get_credential(...)`` (a method of an imported base class), returned
    with its scopes: both paths, and the scopes reach the token provider."""
    source = textwrap.dedent("""\
        from azure.ai.inference import ChatCompletionsClient
        from azure.core.credentials import AzureKeyCredential
        from testing_base import RecordedTestCase


        class ChatTests(RecordedTestCase):
            def _settings(self, *, key_auth: bool, **kwargs):
                endpoint = kwargs.pop("chat_endpoint")
                if key_auth:
                    credential = AzureKeyCredential(kwargs.pop("chat_key"))
                    scopes: list[str] = []
                else:
                    credential = self.get_credential(ChatCompletionsClient)
                    scopes: list[str] = ["https://cognitiveservices.azure.com/.default"]
                return endpoint, credential, scopes

            def make(self, *, key_auth: bool = True, **kwargs):
                endpoint, credential, scopes = self._settings(key_auth=key_auth, **kwargs)
                return ChatCompletionsClient(endpoint=endpoint, credential=credential, credential_scopes=scopes)
        """)
    found = analyze_source(source, "test_chat.py")
    (client,) = [f for f in found if f.code == "AOM102"]
    assert _api_key_of(client.snippet) == (
        "credential.key if isinstance(credential, AzureKeyCredential) else get_bearer_token_provider(credential, *scopes)"
    )
    import snippet_oracle

    assert snippet_oracle.check_findings(found, source) == []
    # a helper with a key in both branches stays a key
    keys = source.replace("self.get_credential(ChatCompletionsClient)", "AzureKeyCredential(kwargs.pop('other'))")
    (client,) = [f for f in analyze_source(keys, "test_chat.py") if f.code == "AOM102"]
    assert "isinstance" not in client.snippet
def test_the_oracle_catches_a_key_put_before_the_token():
    """The join that made the key win over the token AzureOpenAI sent: a problem; the code's own
    gate (`p if not key else None`) and the token first are not."""
    import snippet_oracle
    from aoai_migrate.model import Category, Finding

    def order(original_call, snippet):
        source = f"from openai import AzureOpenAI, OpenAI\ndef make(endpoint, key, p, t):\n    return {original_call}\n"
        call = next(n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Call))
        finding = Finding("AOM301", "x", Category.AZURE_OPENAI_CLIENT, "app.py", call.lineno, call.col_offset + 1,
                          call.end_lineno, call.end_col_offset + 1, "m", snippet)
        return [p.detail for p in snippet_oracle.problems(finding, source) if "comes before" in p.detail]

    both = "AzureOpenAI(azure_endpoint=endpoint, api_key=key, azure_ad_token_provider=p)"
    assert order(both, "OpenAI(base_url=endpoint, api_key=key or p)") == [
        "`api_key` comes before `azure_ad_token_provider` in the migrated api_key=, where AzureOpenAI let the token win"
    ]
    assert order(both, "OpenAI(base_url=endpoint, api_key=p or key)") == []
    assert order("AzureOpenAI(azure_endpoint=endpoint, api_key=key, azure_ad_token=t)",
                 "OpenAI(base_url=endpoint, api_key=key or t)") != []
    gated = "AzureOpenAI(azure_endpoint=endpoint, api_key=key, azure_ad_token_provider=p if not key else None)"
    assert order(gated, "OpenAI(base_url=endpoint, api_key=key or p)") == []
