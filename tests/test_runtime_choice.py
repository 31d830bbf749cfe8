"""A client class chosen at run time (``AzureOpenAI if sync else AsyncAzureOpenAI``) keeps the
choice in the migrated code: the user's condition picks ``OpenAI`` or ``AsyncOpenAI``, and with
Entra ID the token provider of ``azure.identity`` or ``azure.identity.aio``."""

from __future__ import annotations

import ast
import textwrap

import pytest

from aoai_migrate.engine import analyze_source

AOAI_HEAD = """\
    from openai import AzureOpenAI, AsyncAzureOpenAI
    from azure.identity import DefaultAzureCredential, get_bearer_token_provider
"""
INFERENCE_HEAD = """\
    from azure.ai.inference import ChatCompletionsClient
    from azure.ai.inference.aio import ChatCompletionsClient as AsyncChatCompletionsClient
    from azure.core.credentials import AzureKeyCredential
    from azure.identity import DefaultAzureCredential
"""
SCOPE = '"https://cognitiveservices.azure.com/.default"'


def _findings(head: str, body: str):
    source = textwrap.dedent(head) + textwrap.dedent(body)
    return source, analyze_source(source, "app.py")


def _one(found, code):
    (finding,) = [f for f in found if f.code == code]
    ast.parse(finding.snippet)
    return finding


def _apply(source: str, finding) -> str:
    """The source with the finding's fix edits applied (one-line edits suffice here)."""
    lines = source.splitlines(keepends=True)
    for edit in sorted(finding.fix.edits, key=lambda e: e.start, reverse=True):
        assert edit.line == edit.end_line
        line = lines[edit.line - 1].encode()
        lines[edit.line - 1] = (line[: edit.col] + edit.text.encode() + line[edit.end_col :]).decode()
    return "".join(lines)


def test_inline_ternary_with_key_keeps_the_condition_and_fixes_exactly():
    source, found = _findings(AOAI_HEAD, """\
    def make(use_sync, endpoint, key):
        return (AzureOpenAI if use_sync else AsyncAzureOpenAI)(azure_endpoint=endpoint, api_key=key, api_version="2024-06-01")
    """)
    client = _one(found, "AOM301")
    assert "(OpenAI if use_sync else AsyncOpenAI)(" in client.snippet
    assert "api_key=key" in client.snippet and " if use_sync else " in client.message
    assert client.fix is not None
    fixed = _apply(source, client)
    tree = ast.parse(fixed)
    call = next(n for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.IfExp))
    assert ast.unparse(call.func) == "OpenAI if use_sync else AsyncOpenAI"
    assert "AzureOpenAI(" not in fixed and "azure_endpoint" not in fixed


def test_inline_ternary_with_a_token_provider_chooses_the_provider_by_the_same_condition():
    _, found = _findings(AOAI_HEAD, f"""\
    def make(sync, endpoint):
        return (AzureOpenAI if sync else AsyncAzureOpenAI)(
            azure_endpoint=endpoint,
            azure_ad_token_provider=get_bearer_token_provider(DefaultAzureCredential(), {SCOPE}),
            api_version="2024-06-01",
        )
    """)
    client = _one(found, "AOM301")
    call = next(n for n in ast.walk(ast.parse(client.snippet)) if isinstance(n, ast.Call) and isinstance(n.func, ast.IfExp))
    assert ast.unparse(call.func) == "OpenAI if sync else AsyncOpenAI"
    (api_key,) = [k.value for k in call.keywords if k.arg == "api_key"]
    assert isinstance(api_key, ast.IfExp) and ast.unparse(api_key.test) == "sync"
    assert ast.unparse(api_key.body).startswith("get_bearer_token_provider(DefaultAzureCredential()")
    assert ast.unparse(api_key.orelse).startswith(
        "azure.identity.aio.get_bearer_token_provider(azure.identity.aio.DefaultAzureCredential()"
    )
    assert "import azure.identity.aio" in client.snippet


def test_class_bound_to_a_name_shows_the_choice_and_is_display_only():
    _, found = _findings(AOAI_HEAD, """\
    def make(sync, endpoint, key):
        cls = AzureOpenAI if sync else AsyncAzureOpenAI
        client = cls(azure_endpoint=endpoint, api_key=key)
        return client
    """)
    client = _one(found, "AOM301")
    assert "cls = OpenAI if sync else AsyncOpenAI" in client.snippet
    assert "cls(base_url=" in client.snippet and "api_key=key" in client.snippet
    assert client.fix is None  # the assignment of `cls` changes too: no single exact edit


def test_annotated_binding_keeps_the_choice_and_its_annotation():
    source, found = _findings(AOAI_HEAD, """\
    from typing import Any

    def make_client(mode: str, provider, http_client) -> Any:
        cls: Any = AzureOpenAI if mode == "sync" else AsyncAzureOpenAI
        return cls(
            azure_endpoint="https://example.openai.azure.com",
            api_version="2024-02-01",
            azure_ad_token_provider=provider,
            http_client=http_client,
            max_retries=0,
        )
    """)
    client = _one(found, "AOM301")
    assert 'cls: Any = OpenAI if mode == "sync" else AsyncOpenAI' in client.snippet
    assert "\ncls(\n" in client.snippet and "api_key=provider" in client.snippet
    assert "AsyncOpenAI awaits what api_key returns" in client.message  # a sync provider breaks the async branch
    import snippet_oracle

    assert snippet_oracle.check_findings(found, source) == []


def test_annotation_alone_or_a_second_value_is_no_choice():
    _, found = _findings(AOAI_HEAD, """\
    def make(mode, key):
        cls = AzureOpenAI if mode == "sync" else AsyncAzureOpenAI
        if key is None:
            cls = AzureOpenAI
        return cls(azure_endpoint="https://example.openai.azure.com", api_key=key)
    """)
    assert all("OpenAI if" not in (f.snippet or "") for f in found)


def test_inference_clients_async_first_keep_the_users_order():
    _, found = _findings(INFERENCE_HEAD, f"""\
    def make(is_async, endpoint):
        cls = AsyncChatCompletionsClient if is_async else ChatCompletionsClient
        return cls(endpoint=endpoint, credential=DefaultAzureCredential(), credential_scopes=[{SCOPE}])
    """)
    client = _one(found, "AOM102")
    assert "cls = AsyncOpenAI if is_async else OpenAI" in client.snippet
    tree = ast.parse(client.snippet)
    call = next(n for n in ast.walk(tree) if isinstance(n, ast.Call) and ast.unparse(n.func) == "cls")
    (api_key,) = [k.value for k in call.keywords if k.arg == "api_key"]
    assert isinstance(api_key, ast.IfExp) and ast.unparse(api_key.test) == "is_async"
    assert ast.unparse(api_key.body).startswith("azure.identity.aio.get_bearer_token_provider(")
    assert ast.unparse(api_key.orelse).startswith("get_bearer_token_provider(")
    assert "`AsyncOpenAI if is_async else OpenAI`" in client.message


def test_inference_key_credential_inline():
    _, found = _findings(INFERENCE_HEAD, """\
    def make(sync, endpoint, key):
        return (ChatCompletionsClient if sync else AsyncChatCompletionsClient)(endpoint, AzureKeyCredential(key))
    """)
    client = _one(found, "AOM102")
    assert "(OpenAI if sync else AsyncOpenAI)(" in client.snippet and "api_key=key" in client.snippet
    assert client.fix is not None


def test_condition_out_of_scope_uses_the_chosen_class():
    _, found = _findings(AOAI_HEAD, f"""\
    CLS = AzureOpenAI if SYNC else AsyncAzureOpenAI

    def make(endpoint):
        return CLS(azure_endpoint=endpoint, azure_ad_token_provider=get_bearer_token_provider(DefaultAzureCredential(), {SCOPE}))
    """)
    client = _one(found, "AOM301")
    assert "CLS = OpenAI if SYNC else AsyncOpenAI" in client.snippet
    assert " if CLS is OpenAI else azure.identity.aio.get_bearer_token_provider(" in client.snippet


@pytest.mark.parametrize("body", [
    # a ternary between an Azure client and an unrelated class: no choice to keep
    """\
    from openai import OpenAI
    def make(azure, endpoint, key):
        return (AzureOpenAI if azure else OpenAI)(api_key=key)
    """,
    """\
    class Fake:
        pass
    def make(real, endpoint, key):
        cls = AzureOpenAI if real else Fake
        return cls(azure_endpoint=endpoint, api_key=key)
    """,
])
def test_no_invented_choice(body):
    _, found = _findings(AOAI_HEAD, body)
    for finding in found:
        assert "OpenAI if" not in (finding.snippet or "")
        assert "OpenAI if" not in finding.message


def test_client_defaults_stay_in_the_snippet_of_a_bound_choice():
    _, found = _findings(INFERENCE_HEAD, """\
    def make(sync, endpoint, key):
        cls = ChatCompletionsClient if sync else AsyncChatCompletionsClient
        client = cls(endpoint=endpoint, credential=AzureKeyCredential(key), model="gpt-4o", temperature=0.2)
        return client
    """)
    client = _one(found, "AOM102")
    assert "cls = OpenAI if sync else AsyncOpenAI" in client.snippet
    assert 'client_defaults = {"model": "gpt-4o", "temperature": 0.2}' in client.snippet


def test_the_oracle_checks_a_chosen_constructor():
    from snippet_oracle import Module, _callee

    call = ast.parse("(OpenAI if sync else AsyncOpenAI)(api_key=k)").body[0].value
    assert _callee(call) == ("ctor", ("OpenAI", "AsyncOpenAI"))
    other = ast.parse("(OpenAI if sync else Fake)(api_key=k)").body[0].value
    assert _callee(other) is None
    # a name bound to the choice: the snippet's own binding first, then the module's
    snippet = Module("cls = OpenAI if sync else AsyncOpenAI\ncls(api_key=k)\n")
    bound_call = snippet.tree.body[1].value
    assert _callee(bound_call, snippet) == ("ctor", ("OpenAI", "AsyncOpenAI"))
    module = Module("cls = AzureOpenAI if sync else OpenAI\n")
    assert _callee(bound_call, Module("cls(api_key=k)\n"), module) == ("ctor", ("AzureOpenAI", "OpenAI"))
    assert _callee(bound_call, Module("cls = make()\n"), module) is None  # rebound to something else


def test_the_oracle_checks_every_class_of_a_bound_choice():
    import snippet_oracle
    from aoai_migrate.model import Category, Finding

    source = "from openai import OpenAI, AsyncOpenAI, AzureOpenAI\ndef make(sync, k):\n    pass\n"

    def problems(snippet):
        finding = Finding("AOM301", "x", Category.AZURE_OPENAI_CLIENT, "x.py", 3, 5, 3, 9, "m", snippet)
        return [p.detail for p in snippet_oracle.problems(finding, source)]

    good = "cls = OpenAI if sync else AsyncOpenAI\ncls(base_url='u', api_key=k)\n"
    assert problems(good) == []
    assert problems(good.replace("api_key=k", "api_key=k, api_version='2024-06-01'")) == [
        "`OpenAI()` takes no `api_version=`", "`AsyncOpenAI()` takes no `api_version=`",
    ]
    # each class a choice may call is checked: provider= is OpenAI's only
    mixed = "cls = OpenAI if sync else AzureOpenAI\ncls(base_url='u', api_key=k, provider=None)\n"
    assert problems(mixed) == ["`AzureOpenAI()` takes no `provider=`"]


def test_runtime_choice_snippet_of_the_assigned_class_passes_the_oracle():
    import snippet_oracle

    source, found = _findings(AOAI_HEAD, """\
    def make(mode, endpoint, key, provider):
        cls = AzureOpenAI if mode == "sync" else AsyncAzureOpenAI
        return cls(azure_endpoint=endpoint, api_key=key, azure_ad_token_provider=provider if not key else None,
                   api_version="2024-02-01", azure_deployment="d", max_retries=3)
    """)
    client = _one(found, "AOM301")
    assert 'cls = OpenAI if mode == "sync" else AsyncOpenAI' in client.snippet
    tree = ast.parse(client.snippet)
    call = next(n for n in ast.walk(tree) if isinstance(n, ast.Call) and ast.unparse(n.func) == "cls")
    assert {k.arg for k in call.keywords} == {"base_url", "api_key", "max_retries"}
    assert ast.unparse(next(k.value for k in call.keywords if k.arg == "api_key")) == "key or provider"
    assert snippet_oracle.check_findings(found, source) == []
