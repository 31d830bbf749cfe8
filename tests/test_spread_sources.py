"""Dicts spread into a client (``AzureOpenAI(**kwargs)``) that the same function builds: the
literal and the keys set on it afterwards (``kwargs["api_version"] = ...``, ``kwargs.update(...)``)
are migrated where they are written, the client spreads the migrated dict, and ``fix`` edits
them there. A dict this module does not show gets no invented values; the keys the function
adds to it that OpenAI does not take go where they are set."""

from __future__ import annotations

import textwrap

import pytest

import snippet_oracle
from fixing import fix_file
from http_stub import AzureV1Stub
from aoai_migrate.engine import analyze_source
from aoai_migrate.model import Applicability


def _findings(source: str, code: str):
    return [f for f in analyze_source(source, "m.py") if f.code == code]


LITERAL_THEN_ITEMS = textwrap.dedent(
    """\
    import os

    from openai import AzureOpenAI


    def make_client(endpoint: str, key: str, retries: int | None = None):
        kwargs = {
            "azure_endpoint": endpoint,
            "api_version": "2024-10-21",
            "api_key": key,
        }
        if retries is not None:
            kwargs["max_retries"] = retries
        kwargs["api_version"] = os.environ.get("OPENAI_API_VERSION", "2024-10-21")
        kwargs.update(timeout=30.0, azure_deployment="gpt-4o-mini")
        return AzureOpenAI(**kwargs)
    """
)


def test_literal_and_item_assignments_are_migrated_at_their_source():
    (finding,) = _findings(LITERAL_THEN_ITEMS, "AOM301")
    assert finding.snippet == (
        "from openai import OpenAI\n\n"
        "kwargs = {\"base_url\": f\"{endpoint.rstrip('/')}/openai/v1/\", \"api_key\": key}\n"
        '# line 14: kwargs["api_version"] = os.environ.get("OPENAI_API_VERSION", "2024-10-21") goes '
        "(OpenAI takes no api_version)\n"
        "kwargs.update(timeout=30.0)  # line 15\n\n"
        "OpenAI(**kwargs)"
    )
    assert "the dict behind `**kwargs` is migrated where it is built" in finding.message
    assert '`azure_deployment` set on line 15 goes there: pass model="gpt-4o-mini" on each call' in finding.message
    assert "`api_version` set on line 14 goes there" in finding.message
    assert finding.fix.applicability is Applicability.UNSAFE
    assert snippet_oracle.problems(finding, LITERAL_THEN_ITEMS) == []


def test_the_fixed_function_talks_to_the_v1_endpoint(tmp_path):
    path = tmp_path / "m.py"
    path.write_text(LITERAL_THEN_ITEMS, encoding="utf-8")
    fix_file(path)
    fixed = path.read_text(encoding="utf-8")
    assert "api_version" not in fixed and "AzureOpenAI" not in fixed
    assert "    if retries is not None:\n        kwargs[\"max_retries\"] = retries\n" in fixed
    assert "    kwargs.update(timeout=30.0)\n    return OpenAI(**kwargs)\n" in fixed
    namespace: dict = {}
    exec(compile(fixed, str(path), "exec"), namespace)  # noqa: S102 - the fixed fixture
    with AzureV1Stub() as stub:
        client = namespace["make_client"](stub.url, "secret", retries=0)
        client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}])
        request = stub.last
        assert request.path == "/openai/v1/chat/completions" and "api-version" not in request.query
        assert request.headers.get("authorization") == "Bearer secret"
        assert client.max_retries == 0 and client.timeout == 30.0
        assert not stub.failures
    fix_file(path)
    assert path.read_text(encoding="utf-8") == fixed  # a second run changes nothing


def test_annotated_literal_and_a_helper_returning_one_get_fixes():
    source = textwrap.dedent(
        """\
        from openai import AzureOpenAI


        def _settings(endpoint, provider):
            return {"azure_endpoint": endpoint, "api_version": "2024-10-21", "azure_ad_token_provider": provider}


        def make(endpoint, key, provider):
            params: dict = {"azure_endpoint": endpoint, "api_version": "2024-10-21", "api_key": key}
            params["max_retries"] = 2
            first = AzureOpenAI(**params)
            return first, AzureOpenAI(**_settings(endpoint, provider))
        """
    )
    annotated, helper = _findings(source, "AOM301")
    assert 'params: dict = {"base_url": f"{endpoint.rstrip(\'/\')}/openai/v1/", "api_key": key}' in annotated.snippet
    assert annotated.snippet.endswith("OpenAI(**params)")
    assert 'return {"base_url": f"{endpoint.rstrip(\'/\')}/openai/v1/", "api_key": provider}' in helper.snippet
    for finding in (annotated, helper):
        assert finding.fix is not None and len(finding.fix.edits) == 2
        assert snippet_oracle.problems(finding, source) == []


def test_keys_added_to_a_dict_the_module_does_not_show_go_where_they_are_set(tmp_path):
    source = textwrap.dedent(
        """\
        from azure.ai.inference import EmbeddingsClient
        from azure.core.credentials import AzureKeyCredential


        class Embedder:
            def __init__(self, endpoint, key, api_version=None, client_kwargs=None):
                client_kwargs = client_kwargs or {}
                if api_version:
                    client_kwargs["api_version"] = api_version
                self.client = EmbeddingsClient(endpoint=endpoint, credential=AzureKeyCredential(key), **client_kwargs)
        """
    )
    (finding,) = _findings(source, "AOM102")
    assert '# lines 8-9: `if api_version: client_kwargs["api_version"] = api_version` goes' in finding.snippet
    assert "**client_kwargs)" in finding.snippet and "os.environ" not in finding.snippet
    assert "`**client_kwargs` must hold" in finding.message  # no invented values: said
    assert snippet_oracle.check_findings(analyze_source(source, "m.py"), source) == []
    path = tmp_path / "m.py"
    path.write_text(source, encoding="utf-8")
    fix_file(path)
    fixed = path.read_text(encoding="utf-8")
    assert "api_version\n" not in fixed.split("def __init__")[1].split("\n", 1)[1]
    assert "                client_kwargs = client_kwargs or {}\n" not in fixed
    assert "        client_kwargs = client_kwargs or {}\n        self.client = OpenAI(" in fixed
    namespace: dict = {}
    exec(compile(fixed, str(path), "exec"), namespace)  # noqa: S102
    with AzureV1Stub() as stub:
        embedder = namespace["Embedder"](stub.url, "secret", api_version="2024-05-01-preview")
        embedder.client.embeddings.create(model="text-embedding-3-small", input=["a"])
        assert stub.last.path == "/openai/v1/embeddings" and "api-version" not in stub.last.query
        assert not stub.failures


LANGCHAIN_SHAPE = textwrap.dedent(
    """\
    import openai


    class Chat:
        def __init__(self, endpoint, version, deployment, key=None, token=None, provider=None, async_provider=None):
            params: dict = {
                "api_version": version,
                "azure_endpoint": endpoint,
                "azure_deployment": deployment,
                "api_key": key,
                "azure_ad_token": token,
                "azure_ad_token_provider": provider,
            }
            if token or provider or async_provider:
                params["api_key"] = None
            self.client = openai.AzureOpenAI(**params)
            if async_provider:
                params["azure_ad_token_provider"] = async_provider
            self.async_client = openai.AsyncAzureOpenAI(**params)
    """
)


def test_credentials_set_after_the_literal_are_shown_for_review():
    sync, async_ = _findings(LANGCHAIN_SHAPE, "AOM301")
    for finding in (sync, async_):
        assert '"api_key": token or provider or key' in finding.snippet
        assert '# lines 14-15: `if token or provider or async_provider: params["api_key"] = None` goes' in finding.snippet
        assert "pass model=deployment on each call" in finding.message
        assert finding.fix.applicability is Applicability.DISPLAY_ONLY
    # line 18 runs after the sync client is built: only the async one's dict holds that provider
    assert 'params["api_key"] = async_provider  # line 18, was azure_ad_token_provider' in async_.snippet
    assert "line 18 sets azure_ad_token_provider, now api_key (review it)" in async_.message
    assert "line 18" not in sync.snippet and "line 18" not in sync.message
    assert sync.snippet.endswith("OpenAI(**params)") and async_.snippet.endswith("AsyncOpenAI(**params)")
    assert [p for f in (sync, async_) for p in snippet_oracle.problems(f, LANGCHAIN_SHAPE)] == []


@pytest.mark.parametrize(
    "change",
    [
        "kwargs[name] = key",             # a computed key
        "kwargs.update(extra)",           # keys not visible
        "del kwargs['api_key']",
        "kwargs.setdefault('api_key', key)",
        "kwargs |= {'api_key': key}",
        "kwargs['credential_scopes'] = []",  # a key this cannot migrate
    ],
)
def test_dicts_changed_in_ways_not_visible_keep_the_message(change):
    source = (
        "from openai import AzureOpenAI\n"
        "def make(endpoint, key, name, extra):\n"
        "    kwargs = {'azure_endpoint': endpoint, 'api_version': '2024-10-21', 'api_key': key}\n"
        f"    {change}\n"
        "    return AzureOpenAI(**kwargs)\n"
    )
    (finding,) = _findings(source, "AOM301")
    assert "`**kwargs` must hold" in finding.message
    assert "kwargs = {" not in finding.snippet  # the literal is not shown as migrated
    assert all(e.line == 5 for e in finding.fix.edits)  # only the call is edited


def test_the_same_name_changed_in_another_function_does_not_hide_the_dict():
    source = (
        "from openai import AzureOpenAI\n"
        "def other(kwargs):\n    kwargs['anything'] = 1\n"
        "def make(endpoint, key):\n"
        "    kwargs = {'azure_endpoint': endpoint, 'api_version': '2024-10-21', 'api_key': key}\n"
        "    kwargs['max_retries'] = 1\n"
        "    return AzureOpenAI(**kwargs)\n"
    )
    (finding,) = _findings(source, "AOM301")
    assert "kwargs = {\"base_url\"" in finding.snippet and finding.snippet.endswith("OpenAI(**kwargs)")


def test_keys_the_literal_lacks_are_not_invented_and_a_choice_keeps_the_dict():
    # the endpoint is set only after the literal: migrating the literal alone would invent one
    late = (
        "from openai import AzureOpenAI\n"
        "def make(endpoint, key):\n"
        "    kwargs = {'api_key': key, 'max_retries': 1}\n"
        "    kwargs['azure_endpoint'] = endpoint\n"
        "    return AzureOpenAI(**kwargs)\n"
    )
    (finding,) = _findings(late, "AOM301")
    assert "os.environ" not in finding.snippet and "AZURE_OPENAI_ENDPOINT" not in finding.snippet
    assert "kwargs = {" not in finding.snippet
    # a dict feeding a class chosen at run time (OpenAI or AzureOpenAI) is not edited
    choice = (
        "from openai import AzureOpenAI, OpenAI\n"
        "def make(endpoint, key, azure):\n"
        "    kwargs = {'api_key': key, 'azure_endpoint': endpoint}\n"
        "    kwargs['api_version'] = '2024-10-21'\n"
        "    cls = AzureOpenAI if azure else OpenAI\n"
        "    return cls(**kwargs)\n"
    )
    for finding in _findings(choice, "AOM301"):
        assert all(e.line >= 6 for e in finding.fix.edits) if finding.fix else True
        assert "kwargs = {" not in finding.snippet


def test_a_sentinel_key_in_one_branch_keeps_the_other_branch():
    """``API_KEY_SENTINEL if bearer else key`` next to a token: the key path stays, and the
    sentinel (a truthy string OpenAI would send as the key) becomes None."""
    source = textwrap.dedent(
        """\
        from openai import AzureOpenAI
        from openai.lib.azure import API_KEY_SENTINEL


        def options(bearer):
            return {
                "api_key": API_KEY_SENTINEL if bearer else "a-key",
                "azure_ad_token": "a-token" if bearer else None,
                "azure_endpoint": "https://origin.test",
                "api_version": "2024-01-01",
            }


        def make(bearer):
            return AzureOpenAI(**options(bearer))
        """
    )
    (finding,) = _findings(source, "AOM301")
    assert '"api_key": ("a-token" if bearer else None) or (None if bearer else "a-key")' in finding.snippet
    helper = next(part for part in finding.snippet.split("\n\n") if part.startswith("def options"))
    namespace: dict = {}
    exec(helper, namespace)  # noqa: S102 - the migrated helper, as the snippet shows it
    import openai

    with AzureV1Stub() as stub:
        for bearer, expected in ((False, "Bearer a-key"), (True, "Bearer a-token")):
            made = openai.OpenAI(**{**namespace["options"](bearer), "base_url": stub.base_url})
            made.chat.completions.create(model="m", messages=[{"role": "user", "content": "hi"}])
            assert stub.last.headers.get("authorization") == expected
        assert not stub.failures


def _applied(source: str, findings) -> str:
    """``source`` with the edits of ``findings`` applied, display-only ones included (what a
    person who pastes the snippet gets)."""
    from aoai_migrate.fix import edits as fix_edits

    positions = fix_edits.Positions(source)
    spans = [s for f in findings for s in positions.spans(f.fix.edits, "\n")]
    unique = {(s.start, s.end, s.text): s for s in spans}
    imports = dict.fromkeys(i for f in findings for i in f.fix.imports)
    return "".join(f"{i}\n" for i in imports) + fix_edits.apply(source, unique.values())


def test_a_token_set_next_to_a_key_still_wins_once_migrated(monkeypatch):
    """AzureOpenAI sends the Entra token (a static one, else the provider's) and the key only when
    neither is set. The langchain-style literal holds all three and clears the key in a branch the
    migration removes: with a key and a provider both set, the migrated client still sends the
    provider's token (stub on 127.0.0.1), as the original did."""
    import openai

    for name in ("OPENAI_API_KEY", "AZURE_OPENAI_API_KEY", "AZURE_OPENAI_AD_TOKEN", "OPENAI_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    sync, async_ = _findings(LANGCHAIN_SHAPE, "AOM301")
    migrated = _applied(LANGCHAIN_SHAPE, [sync, async_])
    assert '"api_key": token or provider or key' in migrated and "AzureOpenAI" not in migrated
    original_ns: dict = {}
    exec(compile(LANGCHAIN_SHAPE, "<original>", "exec"), original_ns)
    migrated_ns: dict = {}
    exec(compile(migrated, "<migrated>", "exec"), migrated_ns)
    messages = [{"role": "user", "content": "hi"}]
    cases = [
        ({"key": "sk-key", "provider": lambda: "entra-token"}, "Bearer entra-token"),
        ({"key": "sk-key", "token": "static-token"}, "Bearer static-token"),
    ]
    with AzureV1Stub() as stub:
        for kwargs, expected in cases:
            before = original_ns["Chat"](stub.url, "2024-10-21", "gpt-4o-mini", **kwargs).client
            before.chat.completions.create(model="gpt-4o-mini", messages=messages)
            assert stub.last.authorization == expected and "api-key" not in stub.last.headers, kwargs
            after = migrated_ns["Chat"](stub.url, "2024-10-21", "gpt-4o-mini", **kwargs).client
            assert type(after) is openai.OpenAI
            after.chat.completions.create(model="gpt-4o-mini", messages=messages)
            assert stub.last.path == "/openai/v1/chat/completions"
            assert stub.last.authorization == expected, kwargs
        # a static token next to a provider: the token, as AzureOpenAI's _prepare_options chose it
        # (the installed AzureOpenAI rejects the two together, so only the migrated side runs)
        after = migrated_ns["Chat"](stub.url, "2024-10-21", "gpt-4o-mini", key="sk-key", token="static-token",
                                    provider=lambda: "entra-token").client
        after.chat.completions.create(model="gpt-4o-mini", messages=messages)
        assert stub.last.authorization == "Bearer static-token"
        # the key alone still reaches the service
        after = migrated_ns["Chat"](stub.url, "2024-10-21", "gpt-4o-mini", key="sk-key").client
        after.chat.completions.create(model="gpt-4o-mini", messages=messages)
        assert stub.last.authorization == "Bearer sk-key"
        assert not stub.failures, stub.failures


@pytest.mark.parametrize("cls", ["AzureOpenAI", "AsyncAzureOpenAI"])
def test_a_provider_given_only_without_a_key_keeps_the_key_first(cls):
    """The tricky negative: `p if not key else None` is the code's own choice that a key wins;
    the join keeps it (`key or p`), and a provider under another condition goes first."""
    source = textwrap.dedent(f"""\
    from openai import {cls}

    def make(endpoint, key, p, entra):
        a = {cls}(azure_endpoint=endpoint, api_version="2024-10-21", api_key=key,
                  azure_ad_token_provider=p if not key else None)
        b = {cls}(azure_endpoint=endpoint, api_version="2024-10-21", api_key=key,
                  azure_ad_token_provider=p if entra else None)
        return a, b
    """)
    first, second = sorted(_findings(source, "AOM301"), key=lambda f: f.line)
    assert "api_key=key or " in first.snippet and "the code passes a token only without a key" in first.message
    assert "api_key=(p if entra else None) or key" in second.snippet
    assert "AzureOpenAI's precedence: a token wins over a key" in second.message


SELF_DICT = textwrap.dedent(
    """\
    from typing import Any, Dict

    from azure.ai.inference.aio import ChatCompletionsClient
    from azure.core.credentials import AzureKeyCredential
    from pydantic import BaseModel, PrivateAttr


    class Chat(BaseModel):
        _client_kwargs: Dict[str, Any] = PrivateAttr()

        def __init__(self, endpoint: str, key: str, **client_kwargs: Any) -> None:
            super().__init__()
            self._client_kwargs = dict(
                endpoint=endpoint,
                credential=AzureKeyCredential(key),
                user_agent="my-app",
                **client_kwargs,
            )

        def make_client(self) -> ChatCompletionsClient:
            return ChatCompletionsClient(**self._client_kwargs)
    """
)


def test_a_dict_the_class_assigns_to_self_is_read_where_it_is_built():
    """`**self._client_kwargs`, assigned once in `__init__` (the class only declares it): the
    keys it names are listed with their lines, and spreading it into the OpenAI client would
    raise TypeError, so it is left for a person."""
    (finding,) = _findings(SELF_DICT, "AOM102")
    assert finding.fix.applicability is Applicability.DISPLAY_ONLY
    assert ("at the call it can hold `endpoint` (line 14), `credential` (line 15), `user_agent` (line 16), "
            "which OpenAI does not take (TypeError)") in finding.message
    assert "it may hold OpenAI() parameters only" not in finding.message


@pytest.mark.parametrize("change", [
    "        self._client_kwargs['timeout'] = 5\n",
    "        self._client_kwargs.update(timeout=5)\n",
])
def test_a_self_dict_changed_after_it_is_built_is_not_read_as_the_literal(change):
    source = SELF_DICT.replace("    def make_client(self)", "    def tune(self) -> None:\n" + change + "\n    def make_client(self)")
    (finding,) = _findings(source, "AOM102")
    assert "`user_agent` (line 16)" not in finding.message
