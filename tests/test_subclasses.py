"""User subclasses of the Azure clients (AOM308), their constructions (AOM301 keeps the subclass),
and run-time class checks against the Azure clients (AOM309) and the Inference clients (AOM119)."""

from __future__ import annotations

import inspect

import pytest

import snippet_oracle
from conftest import run
from test_snippet_classes import oracle, stub  # noqa: F401  (a fixture)

from aoai_migrate.model import Applicability
from aoai_migrate.render import subclasses

openai = pytest.importorskip("openai")


def by_code(source: str, code: str):
    return [f for f in run(source) if f.code == code]


def test_the_azure_only_methods_are_those_of_the_installed_openai():
    from openai.lib.azure import AsyncAzureOpenAI, AzureOpenAI

    for azure, plain in ((AzureOpenAI, openai.OpenAI), (AsyncAzureOpenAI, openai.AsyncOpenAI)):
        own = set()
        for klass in azure.__mro__[: azure.__mro__.index(plain)]:
            own |= {name for name, value in vars(klass).items() if inspect.isfunction(value)}
        assert own - set(dir(plain)) == subclasses.AZURE_ONLY_METHODS
    assert hasattr(openai.AsyncOpenAI, "_refresh_api_key") and hasattr(openai.OpenAI, "_refresh_api_key")


# a client that counts its key refreshes (the shape of a test double overriding a hook)
COUNTING = """\
from openai import AsyncAzureOpenAI


class CountingClient(AsyncAzureOpenAI):
    refreshes = 0

    async def _refresh_api_key(self) -> str:
        CountingClient.refreshes += 1
        return await super()._refresh_api_key()


async def make(key_provider):
    async with CountingClient(
        azure_endpoint="https://contoso.openai.azure.com",
        api_version="2024-10-21",
        api_key=key_provider,
        max_retries=0,
    ) as client:
        return await client.embeddings.create(model="text-embedding-3-small", input=["hello"])
"""


def test_the_subclass_is_rebased_and_its_construction_keeps_it():
    (base,) = by_code(COUNTING, "AOM308")
    assert base.snippet.endswith("class CountingClient(AsyncOpenAI):\n    ...\n")
    assert base.replacement.text == "AsyncOpenAI"
    assert "`_refresh_api_key` is kept" in base.message and "no counterpart" not in base.message
    assert base.fix.applicability is Applicability.UNSAFE
    (built,) = by_code(COUNTING, "AOM301")
    assert built.snippet.startswith("CountingClient(") and "AsyncOpenAI(" not in built.snippet
    assert 'base_url="https://contoso.openai.azure.com/openai/v1/"' in built.snippet
    assert "api_version" not in built.snippet
    assert "rebased on `AsyncOpenAI` (AOM308)" in built.message
    assert built.fix.applicability is Applicability.UNSAFE
    assert oracle(COUNTING, built) == [] and oracle(COUNTING, base) == []


def test_the_oracle_sees_a_subclass_built_as_its_base():
    (built,) = by_code(COUNTING, "AOM301")
    as_base = type(built)(**{**built.__dict__, "snippet": built.snippet.replace("CountingClient(", "AsyncOpenAI(", 1)})
    module = snippet_oracle.Module(COUNTING)
    assert any("losing its overrides" in str(p) for p in snippet_oracle.problems(as_base, module))


def test_the_fixed_subclass_keeps_its_override_against_the_stub(tmp_path, stub):
    from fixing import fix_file
    import asyncio
    import runpy

    path = tmp_path / "counting.py"
    path.write_text(COUNTING.replace("https://contoso.openai.azure.com", stub.url))
    status, output = fix_file(path, unsafe=True)
    fixed = path.read_text()
    assert "class CountingClient(AsyncOpenAI):" in fixed and "CountingClient(\n" in fixed, fixed
    assert "AsyncAzureOpenAI" not in fixed and "api_version" not in fixed
    namespace = runpy.run_path(str(path))

    async def key() -> str:
        return "k"

    asyncio.run(namespace["make"](key))
    assert namespace["CountingClient"].refreshes == 1  # the override ran
    assert stub.last.path == "/openai/v1/embeddings" and stub.last.headers["authorization"] == "Bearer k"


def test_overrides_without_counterpart_and_an_own_init_are_named():
    source = """\
    import openai


    class LegacyClient(openai.AzureOpenAI):
        def __init__(self, endpoint, token):
            super().__init__(azure_endpoint=endpoint, azure_ad_token=token, api_version="2024-06-01")

        def _get_azure_ad_token(self):
            return refresh()


    client = LegacyClient("https://contoso.openai.azure.com", token)
    """
    (base,) = by_code(source, "AOM308")
    assert "`_get_azure_ad_token` has no counterpart on `OpenAI`" in base.message
    assert "`__init__` must pass OpenAI's arguments" in base.message
    (built,) = by_code(source, "AOM301")
    assert built.snippet.startswith("LegacyClient(")
    assert "its `__init__` receives these arguments" in built.message
    assert built.fix is None or built.fix.applicability is Applicability.DISPLAY_ONLY


def test_look_alike_bases_are_not_flagged():
    assert not by_code("from llama_index.llms.azure_openai import AzureOpenAI\nclass L(AzureOpenAI):\n    pass\n", "AOM308")
    assert not by_code("from openai import OpenAI\nclass L(OpenAI):\n    pass\n", "AOM308")


# -- class checks ----------------------------------------------------------------------------------
DISPATCH = """\
import asyncio
from openai import AsyncAzureOpenAI, AzureOpenAI


async def list_models(client: AzureOpenAI | AsyncAzureOpenAI):
    if isinstance(client, AsyncAzureOpenAI):
        return await client.models.list()
    return await asyncio.to_thread(client.models.list)
"""


def test_isinstance_against_an_azure_client_becomes_against_the_openai_class(stub):
    (check,) = by_code(DISPATCH, "AOM309")
    assert check.snippet.endswith("isinstance(client, AsyncOpenAI)")
    assert check.replacement.text == "AsyncOpenAI"
    assert check.fix.applicability is Applicability.UNSAFE
    assert oracle(DISPATCH, check) == []
    # the migrated check takes the async path for the migrated client
    namespace = {"client": openai.AsyncOpenAI(base_url=stub.base_url, api_key="k"), "AsyncOpenAI": openai.AsyncOpenAI}
    assert eval(check.snippet.rsplit("\n", 1)[-1], namespace) is True


def test_type_comparisons_and_tuples_are_checks_too():
    source = """\
    import openai
    from openai import AzureOpenAI, AsyncAzureOpenAI

    def describe(c):
        if type(c) is openai.AzureOpenAI:
            return "sync"
        return isinstance(c, (AzureOpenAI, AsyncAzureOpenAI))
    """
    found = by_code(source, "AOM309")
    assert [f.replacement.text for f in found] == ["OpenAI", "OpenAI", "AsyncOpenAI"]
    assert found[0].snippet.endswith("type(c) is OpenAI")


def test_inference_client_checks_have_no_counterpart():
    source = """\
    from azure.ai.inference.aio import ChatCompletionsClient, EmbeddingsClient, load_client

    async def describe(endpoint, credential):
        client = await load_client(endpoint, credential)
        if type(client) is EmbeddingsClient:
            return "embeddings"
        return "chat" if isinstance(client, ChatCompletionsClient) else "other"
    """
    found = by_code(source, "AOM119")
    assert len(found) == 2
    for finding in found:
        assert "no counterpart" in finding.message
        assert finding.fix is None
        assert "AsyncOpenAI" in finding.message
    assert not by_code("from mylib import EmbeddingsClient\nisinstance(c, EmbeddingsClient)\n", "AOM119")
