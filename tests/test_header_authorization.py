"""A default ``Authorization`` header next to an ``AzureOpenAI`` key (AOM301/AOM302).

AzureOpenAI sent the key as ``api-key`` beside the header; OpenAI sends ``api_key=`` as
``Authorization: Bearer``, which a default ``Authorization`` header replaces. The migrated client
carries a string key as the ``api-key`` header too; a provider or a token gets no automatic fix.
The migrated code runs with the real ``openai`` against the stub on 127.0.0.1, next to the
original client, and the request must carry the key."""

from __future__ import annotations

import ast
import asyncio
import os
import textwrap

import pytest

from aoai_migrate.engine import analyze_source
from http_stub import AzureV1Stub

HEAD = "from openai import AzureOpenAI, AsyncAzureOpenAI\n"
MESSAGES = [{"role": "user", "content": "hi"}]


def _finding(body: str, code: str = "AOM301"):
    source = HEAD + textwrap.dedent(body)
    found = analyze_source(source, "app.py")
    (finding,) = [f for f in found if f.code == code]
    return finding, source, found


def _headers_of(build, is_async: bool) -> dict[str, str]:
    """Build a client against a fresh stub (``build(stub)``), send one chat request, return the
    request's headers (lower-case names)."""
    with AzureV1Stub() as stub:
        client = build(stub)
        if is_async:
            async def send():
                await client.chat.completions.create(model="d", messages=MESSAGES)

            asyncio.run(send())
        else:
            client.chat.completions.create(model="d", messages=MESSAGES)
        assert not stub.failures, stub.failures
        return dict(stub.last.headers)


def _migrated(snippet: str, **names):
    """The client the snippet's last expression builds, with ``names`` in scope."""
    def build(stub):
        namespace = {"endpoint": stub.url, **names}
        module = ast.parse(snippet)
        last = module.body.pop()
        exec(compile(module, "<snippet>", "exec"), namespace)
        return eval(compile(ast.Expression(last.value), "<snippet>", "eval"), namespace)
    return build


def _original(source: str, *args):
    """The original ``make(endpoint, *args)`` of the fixture, on AzureOpenAI."""
    def build(stub):
        namespace: dict = {}
        exec(compile(source, "app.py", "exec"), namespace)
        return namespace["make"](stub.url, *args)
    return build


@pytest.fixture(autouse=True)
def _no_environment(monkeypatch):
    for name in list(os.environ):
        if name.upper().startswith(("OPENAI_", "AZURE_")):
            monkeypatch.delenv(name)


LITERAL = """\
def make(endpoint, key):
    return AzureOpenAI(azure_endpoint=endpoint, api_key=key, api_version="2024-06-01",
                       default_headers={"authorization": "Bearer gateway", "x-app": "shop"})
"""


def test_a_literal_authorization_header_keeps_the_key_as_api_key():
    finding, source, _ = _finding(LITERAL)
    assert '"api-key": key' in finding.snippet and "api_key=key" in finding.snippet
    assert "default_headers holds `Authorization`" in finding.message
    assert finding.fix.applicability.value == "unsafe"
    before = _headers_of(_original(source, "KEY"), False)
    after = _headers_of(_migrated(finding.snippet, key="KEY"), False)
    assert before["api-key"] == after["api-key"] == "KEY"
    assert before["authorization"] == after["authorization"] == "Bearer gateway"
    assert after["x-app"] == "shop"


PARAMETER = """\
def make(endpoint, key, headers):
    return AsyncAzureOpenAI(azure_endpoint=endpoint, api_key=key, api_version="2024-06-01",
                            default_headers=headers)
"""


@pytest.mark.parametrize("headers", [{"Authorization": "Bearer gateway"}, None, {"x-app": "shop"}])
def test_headers_of_unknown_contents_carry_the_key_whatever_they_hold(headers):
    finding, source, _ = _finding(PARAMETER)
    assert "default_headers may hold `Authorization`" in finding.message
    assert 'default_headers={**(headers or {}), "api-key": key}' in finding.snippet
    before = _headers_of(_original(source, "KEY", headers), True)
    after = _headers_of(_migrated(finding.snippet, key="KEY", headers=headers), True)
    assert before["api-key"] == after["api-key"] == "KEY"
    if headers and "Authorization" in headers:
        assert before["authorization"] == after["authorization"] == "Bearer gateway"
    else:  # no header in the way: the key is the Bearer too
        assert after["authorization"] == "Bearer KEY"


def test_an_authorization_header_set_after_the_literal_is_seen():
    finding, _, _ = _finding("""\
    def make(endpoint, key, token):
        headers = {"x-app": "shop"}
        headers["Authorization"] = f"Bearer {token}"
        return AzureOpenAI(azure_endpoint=endpoint, api_key=key, api_version="2024-06-01", default_headers=headers)
    """)
    assert "default_headers holds `Authorization`" in finding.message
    assert '"api-key": key' in finding.snippet


@pytest.mark.parametrize("body", [
    # headers certainly without Authorization: a literal, a module dict, None
    'def make(endpoint, key):\n    return AzureOpenAI(azure_endpoint=endpoint, api_key=key, api_version="v",\n'
    '                       default_headers={"x-app": "shop", "api-key-hint": "no"})\n',
    'HEADERS = {"x-app": "shop"}\ndef make(endpoint, key):\n'
    '    return AzureOpenAI(azure_endpoint=endpoint, api_key=key, api_version="v", default_headers=HEADERS)\n',
    'def make(endpoint, key):\n    return AzureOpenAI(azure_endpoint=endpoint, api_key=key, api_version="v", default_headers=None)\n',
    # the Authorization header is sent per request, not by default: nothing to carry
    'def make(endpoint, key):\n    c = AzureOpenAI(azure_endpoint=endpoint, api_key=key, api_version="v")\n'
    '    return c.chat.completions.create(model="d", messages=[], extra_headers={"Authorization": "Bearer x"})\n',
])
def test_headers_without_authorization_change_nothing(body):
    finding, _, _ = _finding(body)
    assert '"api-key"' not in finding.snippet
    assert "Authorization`" not in finding.message


@pytest.mark.parametrize("body, what", [
    ("async def fetch_key():\n    return 'k'\n"
     "def make(endpoint):\n    return AsyncAzureOpenAI(azure_endpoint=endpoint, api_key=fetch_key, api_version='v',\n"
     "                            default_headers={'Authorization': 'Bearer gateway'})\n", "key provider"),
    ("from typing import Callable\n"
     "def make(endpoint, key: Callable[[], str], headers):\n"
     "    return AzureOpenAI(azure_endpoint=endpoint, api_key=key, api_version='v', default_headers=headers)\n",
     "key provider"),
    ("def make(endpoint, provider):\n    return AzureOpenAI(azure_endpoint=endpoint, azure_ad_token_provider=provider,\n"
     "                       api_version='v', default_headers={'Authorization': 'Bearer gateway'})\n", "credential"),
    ("def make(endpoint, key, provider, headers):\n"
     "    return AzureOpenAI(azure_endpoint=endpoint, api_key=key, azure_ad_token_provider=provider,\n"
     "                       api_version='v', default_headers=headers)\n", "credential"),
])
def test_a_provider_or_token_beside_authorization_gets_no_automatic_fix(body, what):
    finding, source, _ = _finding(body)
    assert f"no automatic fix: default_headers" in finding.message
    assert f"so this {what} would never be sent" in finding.message
    assert '"api-key"' not in finding.snippet
    assert finding.fix is None or finding.fix.applicability.value == "display-only"


def test_the_v1_base_url_client_carries_the_key_too():
    finding, _, _ = _finding("""\
    def make(key):
        return AzureOpenAI(base_url="https://r.openai.azure.com/openai/v1/", api_key=key,
                           default_headers={"Authorization": "Bearer gateway"})
    """, "AOM302")
    assert '"api-key": key' in finding.snippet


def test_the_snippets_pass_the_oracle():
    import snippet_oracle

    for body in (LITERAL, PARAMETER):
        _, source, found = _finding(body)
        assert snippet_oracle.check_findings(found, source) == []


def test_the_oracle_sees_a_key_behind_an_authorization_header():
    import dataclasses

    import snippet_oracle

    finding, source, _ = _finding(LITERAL)
    lost = 'from openai import OpenAI\n\nOpenAI(base_url=endpoint, api_key=key, default_headers={"Authorization": "Bearer gateway"})'
    before = dataclasses.replace(finding, snippet=lost, message="`AzureOpenAI` builds a client")
    assert [p.kind for p in snippet_oracle.problems(before, source)] == ["lost"]
    assert snippet_oracle.problems(finding, source) == []
