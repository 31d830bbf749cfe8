"""Code fragments in one-line messages are shortened on expression boundaries
(``render.snippets.shorten``), never in the middle of a name, a number or a string."""

from __future__ import annotations

import ast

import pytest
from conftest import run

from aoai_migrate.render.snippets import shorten


@pytest.mark.parametrize(
    "text, limit, shown",
    [
        ("make_provider(mode, value)", 24, "make_provider(...)"),
        ("lambda: asyncio.to_thread(make_provider(mode, value))", 40, "lambda: asyncio.to_thread(...)"),
        ('"https://contoso.openai.azure.com/openai/v1/models"', 30, '"https://contoso.openai..."'),
        ("a if pick(x, y, z) else [b, c, d, e]", 24, "a if pick(...) else [...]"),
        ("{'a': 1, 'b': [1, 2, 3]}", 20, "{'a': 1, 'b': [...]}"),
        ("client_factory(\n    endpoint,\n)", 40, "client_factory( endpoint, )"),  # fits once on one line
        ("settings.azure_openai_endpoint_for_region", 20, "settings.azure_openai_endpoint_for_region"),
    ],
)
def test_fragments_are_cut_between_expressions(text, limit, shown):
    assert shorten(text, limit) == shown


@pytest.mark.parametrize(
    "text",
    [
        "make_provider(mode, value)",
        "os.environ.get('AZURE_OPENAI_ENDPOINT') or settings.endpoint or default_endpoint()",
        "f'{endpoint}/openai/deployments/{deployment}/chat/completions'",
        "[m for m in messages if m['role'] != 'system'] + extra_messages",
        "config['azure']['openai']['endpoints'][region_name]",
    ],
)
def test_a_shortened_expression_is_still_an_expression(text):
    for limit in (8, 16, 24, 40):
        ast.parse(shorten(text, limit), mode="eval")


def test_text_that_is_not_code_is_cut_between_words():
    assert shorten("the endpoint of the resource in this region", 20) == "the endpoint of ..."


def test_the_async_provider_advice_names_the_callee():
    source = '''\
    from typing import Any, Callable
    from openai import AsyncAzureOpenAI, AzureOpenAI


    def make_provider(mode: str, value: str) -> Callable[[], str]:
        return lambda: value


    def build(mode: str, value: str) -> Any:
        cls: Any = AzureOpenAI if mode == "sync" else AsyncAzureOpenAI
        return cls(
            azure_endpoint="https://r.openai.azure.com",
            api_version="2024-02-01",
            azure_ad_token_provider=make_provider(mode, value),
        )
    '''
    (finding,) = [f for f in run(source) if f.code == "AOM301"]
    assert "wrap a sync one as `lambda: asyncio.to_thread(make_provider(...))`" in finding.message
    assert "v...)" not in finding.message
