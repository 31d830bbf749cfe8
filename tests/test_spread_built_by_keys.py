"""A client dict built key by key in the function that spreads it (``args = {...}``, then
``args["azure_endpoint"] = e`` and the credentials under ``if``s, then ``AsyncAzureOpenAI(**args)``):
migrated where each key is set when that is provably the same client, otherwise shown with no
automatic fix; only the keys that can reach the call count (a dict that rebinds the name after
the call is another dict); a spread known to hold keys OpenAI() refuses is never applied."""

from __future__ import annotations

import ast
import asyncio
import textwrap

import snippet_oracle
from fixing import fix_file
from http_stub import AzureV1Stub
from aoai_migrate.analysis import dict_flow
from aoai_migrate.engine import analyze_source
from aoai_migrate.model import Applicability
from aoai_migrate.semantics import PARENT


def _findings(source: str, code: str):
    return [f for f in analyze_source(source, "m.py") if f.code == code]


CONNECTOR = textwrap.dedent(
    """\
    from typing import Any

    from openai import AsyncAzureOpenAI


    class ChatConnector:
        def __init__(self, endpoint, deployment=None, api_version=None, api_key=None, ad_token=None,
                     service_id=None, headers=None):
            settings: dict[str, Any] = {"default_headers": headers or {}, "max_retries": 0}
            if api_version:
                settings["api_version"] = api_version
            if ad_token:
                settings["azure_ad_token"] = ad_token
            settings["api_key"] = api_key
            settings["azure_endpoint"] = str(endpoint)
            if deployment:
                settings["azure_deployment"] = deployment
            client = AsyncAzureOpenAI(**settings)
            settings = {"client": client, "deployment": deployment}
            if service_id:
                settings["service_id"] = service_id
            self.settings = settings

        async def ask(self, text):
            client = self.settings["client"]
            reply = await client.chat.completions.create(
                model=self.settings["deployment"], messages=[{"role": "user", "content": text}]
            )
            return reply.choices[0].message.content
    """
)


def test_a_dict_built_key_by_key_is_migrated_where_each_key_is_set():
    (finding,) = _findings(CONNECTOR, "AOM301")
    assert finding.snippet.endswith("AsyncOpenAI(**settings)")
    assert 'settings["api_key"] = ad_token  # line 13, was azure_ad_token' in finding.snippet
    assert 'settings.setdefault("api_key", api_key)  # line 14, was api_key' in finding.snippet
    assert "settings[\"base_url\"] = f\"{str(endpoint).rstrip('/')}/openai/v1/\"" in finding.snippet
    assert "`azure_deployment` set on line 17 goes: pass model=deployment on each call" in finding.message
    assert "`api_version` set on line 11 goes" in finding.message
    assert "token, then provider, then key" in finding.message
    # the keys of the dict that rebinds the name after the call are not this dict's
    assert "service_id" not in finding.message and "service_id" not in finding.snippet
    assert finding.fix is not None and finding.fix.applicability is Applicability.UNSAFE
    assert snippet_oracle.problems(finding, CONNECTOR) == []


def _run_fixed(path, **kwargs):
    namespace: dict = {}
    exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), namespace)  # noqa: S102 - the fixed fixture
    with AzureV1Stub() as stub:
        connector = namespace["ChatConnector"](stub.url, deployment="gpt-4o-mini", api_version="2024-10-21",
                                               service_id="chat", **kwargs)
        assert connector.settings["service_id"] == "chat"  # the connector's own dict is untouched
        asyncio.run(connector.ask("hi"))
        request = stub.last
        assert not stub.failures
        return request


def test_the_fixed_connector_runs_on_the_v1_endpoint_with_azures_credential_precedence(tmp_path):
    path = tmp_path / "connector.py"
    path.write_text(CONNECTOR, encoding="utf-8")
    fix_file(path)
    fixed = path.read_text(encoding="utf-8")
    ast.parse(fixed)
    assert "AsyncOpenAI(**settings)" in fixed and "api_version" not in fixed.split("def ask")[0].split("):", 1)[1]
    assert "azure_deployment" not in fixed and 'settings["service_id"] = service_id' in fixed
    request = _run_fixed(path, api_key="key-1")
    assert request.path == "/openai/v1/chat/completions" and "api-version" not in request.query
    assert request.headers.get("authorization") == "Bearer key-1"
    assert request.json["model"] == "gpt-4o-mini"
    # a token wins over a key, as it did in AzureOpenAI
    request = _run_fixed(path, api_key="key-1", ad_token="token-1")
    assert request.headers.get("authorization") == "Bearer token-1"
    fix_file(path)
    assert path.read_text(encoding="utf-8") == fixed  # a second run changes nothing


SDK_SHAPE = textwrap.dedent(
    """\
    from typing import Any

    from openai import AsyncAzureOpenAI


    class Connector:
        def __init__(self, deployment, endpoint=None, base_url=None, api_version=None, api_key=None,
                     ad_token=None, ad_token_provider=None, service_id=None, role=None, **kwargs):
            args: dict[str, Any] = {"default_headers": {}}
            if api_version:
                args["api_version"] = api_version
            if ad_token:
                args["azure_ad_token"] = ad_token
            if ad_token_provider:
                args["azure_ad_token_provider"] = ad_token_provider
            if api_key:
                args["api_key"] = api_key
            if base_url:
                args["base_url"] = str(base_url)
            if endpoint and not base_url:
                args["azure_endpoint"] = str(endpoint)
            if deployment:
                args["azure_deployment"] = deployment
            client = AsyncAzureOpenAI(**args)
            args = {"ai_model_id": deployment, "client": client}
            if service_id:
                args["service_id"] = service_id
            if role:
                args["instruction_role"] = role
            self.args = args
    """
)


def test_a_dict_that_cannot_be_migrated_at_its_source_gets_no_automatic_fix(tmp_path):
    (finding,) = _findings(SDK_SHAPE, "AOM301")
    # AzureOpenAI's own base_url and an endpoint set on some paths only: not provably the same client
    assert finding.fix is not None and finding.fix.applicability is Applicability.DISPLAY_ONLY
    assert "(no automatic fix)" in finding.message
    held = finding.message.split("at the call it can hold ", 1)[1].split(", which OpenAI", 1)[0]
    for key in ("api_version", "azure_ad_token", "azure_ad_token_provider", "azure_endpoint", "azure_deployment"):
        assert f"`{key}`" in held
    assert "service_id" not in finding.message and "instruction_role" not in finding.message
    path = tmp_path / "sdk.py"
    path.write_text(SDK_SHAPE, encoding="utf-8")
    fix_file(path)
    assert "client = AsyncAzureOpenAI(**args)" in path.read_text(encoding="utf-8")  # nothing that raises TypeError


def _variant(old: str, new: str) -> str:
    assert old in CONNECTOR
    return CONNECTOR.replace(old, new)


def test_tricky_dicts_built_key_by_key_are_shown_not_applied():
    variants = {
        # a key before a token: the later statement would need to win, setdefault cannot say so
        "key before token": _variant(
            '        if ad_token:\n            settings["azure_ad_token"] = ad_token\n'
            '        settings["api_key"] = api_key\n',
            '        settings["api_key"] = api_key\n'
            '        if ad_token:\n            settings["azure_ad_token"] = ad_token\n',
        ),
        # the endpoint on some paths only: OpenAI would fall back to OPENAI_BASE_URL
        "endpoint under if": _variant(
            '        settings["azure_endpoint"] = str(endpoint)\n',
            '        if endpoint:\n            settings["azure_endpoint"] = str(endpoint)\n',
        ),
        # the same dict builds a second client afterwards: an edit at its source changes it too
        "dict used again": _variant(
            "        client = AsyncAzureOpenAI(**settings)\n",
            "        client = AsyncAzureOpenAI(**settings)\n        self.spare = AsyncAzureOpenAI(**settings)\n",
        ),
    }
    for name, source in variants.items():
        findings = _findings(source, "AOM301")
        assert findings, name
        for finding in findings:
            assert finding.fix is not None and finding.fix.applicability is Applicability.DISPLAY_ONLY, name
            assert "service_id" not in finding.message, name


def test_keys_set_in_a_loop_around_the_call_do_not_count_as_visible():
    source = textwrap.dedent(
        """\
        from openai import AzureOpenAI


        def clients(endpoints, key):
            found = []
            args = {"api_key": key, "api_version": "2024-10-21"}
            for endpoint in endpoints:
                found.append(AzureOpenAI(**args))
                args["azure_endpoint"] = endpoint
            return found
        """
    )
    (finding,) = _findings(source, "AOM301")
    assert finding.fix is None or finding.fix.applicability is Applicability.DISPLAY_ONLY


def test_flow_order_of_bindings():
    tree = ast.parse(textwrap.dedent(
        """\
        def f(flag, kwargs):
            args = {"a": 1}
            if flag:
                args = {"b": 2}
            use(**args)
            other = {}
            use(**other)
            other = {"c": 3}
            use(**kwargs)
        """
    ))
    for parent in ast.walk(tree):
        for child in ast.iter_child_nodes(parent):
            setattr(child, PARENT, parent)
    function = tree.body[0]
    calls = [n for n in ast.walk(function) if isinstance(n, ast.Call)]
    spreads = {c.keywords[0].value.id: c.keywords[0].value for c in calls}
    assert dict_flow.reaching("args", spreads["args"], function) is None  # two bindings may reach it
    other = dict_flow.reaching("other", spreads["other"], function)
    assert other is not None and other.binding.lineno == 6
    assert dict_flow.reaching("kwargs", spreads["kwargs"], function).binding is None  # the parameter


INFERENCE_TEST_BASE = textwrap.dedent(
    """\
    from azure.ai.inference import ChatCompletionsClient
    from azure.core.credentials import AzureKeyCredential


    class ModelTestBase:
        def _key(self, **kwargs):
            return kwargs.get("chat_test_key")

        def _create_client(self, **kwargs):
            endpoint = kwargs.pop("chat_test_endpoint")
            credential = AzureKeyCredential(self._key(**kwargs))
            return ChatCompletionsClient(endpoint=endpoint, credential=credential, **kwargs)
    """
)


def test_a_spread_known_to_hold_foreign_keys_is_not_applied(tmp_path):
    (finding,) = _findings(INFERENCE_TEST_BASE, "AOM102")
    assert "`chat_test_key` (read by `self._key`)" in finding.message and "(no automatic fix)" in finding.message
    assert finding.fix is not None and finding.fix.applicability is Applicability.DISPLAY_ONLY
    path = tmp_path / "base.py"
    path.write_text(INFERENCE_TEST_BASE, encoding="utf-8")
    fix_file(path)
    assert "ChatCompletionsClient(endpoint=endpoint" in path.read_text(encoding="utf-8")
    # a spread whose keys are not known stays an unsafe fix (nothing says it raises)
    unknown = INFERENCE_TEST_BASE.replace("return kwargs.get(\"chat_test_key\")", "return None")
    (finding,) = _findings(unknown, "AOM102")
    assert finding.fix is not None and finding.fix.applicability is Applicability.UNSAFE


CALL_OPTIONS = textwrap.dedent(
    """\
    from azure.ai.inference import ChatCompletionsClient
    from azure.core.credentials import AzureKeyCredential

    client = ChatCompletionsClient(endpoint="https://r.openai.azure.com/models", credential=AzureKeyCredential(key))


    def ask(messages, verbose):
        options = {"model": "gpt-4o", "temperature": 0.2}
        if verbose:
            options["logging_enable"] = True
        return client.complete(messages=messages, **options)
    """
)


def test_a_call_spreading_a_dict_known_to_hold_azure_core_options_is_not_applied():
    (finding,) = _findings(CALL_OPTIONS, "AOM103")
    assert "`logging_enable` (line 10, when `verbose`)" in finding.message and "(no automatic fix)" in finding.message
    assert finding.fix is not None and finding.fix.applicability is Applicability.DISPLAY_ONLY
    # the same dict without that key: chat.completions.create() takes every key, the fix applies
    clean = CALL_OPTIONS.replace('    if verbose:\n        options["logging_enable"] = True\n', "")
    (finding,) = _findings(clean, "AOM103")
    assert finding.fix is not None and finding.fix.applicability is not Applicability.DISPLAY_ONLY


def test_keys_set_on_a_call_dict_after_the_call_are_not_its_keys():
    source = CALL_OPTIONS.replace(
        '    if verbose:\n        options["logging_enable"] = True\n    return client.complete(messages=messages, **options)\n',
        '    reply = client.complete(messages=messages, **options)\n'
        '    options["logging_enable"] = verbose  # for the next caller, which is not shown\n'
        "    return reply\n",
    )
    (finding,) = _findings(source, "AOM103")
    assert "logging_enable" not in finding.message
    assert finding.fix is not None and finding.fix.applicability is not Applicability.DISPLAY_ONLY
