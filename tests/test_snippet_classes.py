"""Snippets that stay right on the shapes real code has (each class: fresh fixtures, the oracle,
and where it matters the migrated code run against the local stub)."""

from __future__ import annotations

import textwrap
import types

import pytest

import snippet_oracle
from conftest import run
from http_stub import AzureV1Stub

openai = pytest.importorskip("openai")


def only(source: str, code: str):
    found = [f for f in run(source) if f.code == code]
    assert len(found) == 1, found
    return found[0]


def oracle(source: str, finding) -> list[str]:
    """The oracle's problems with ``finding`` (the module's other findings' imports count)."""
    source = textwrap.dedent(source)
    return [str(p) for f, p in snippet_oracle.check_findings(run(source), source) if f == finding]


@pytest.fixture
def stub():
    with AzureV1Stub() as server:
        yield server
        assert not server.failures, server.failures


# -- azure-core request keywords on calls -------------------------------------------------------
PIPELINE_KEYWORDS = """\
import os
from azure.ai.inference import ChatCompletionsClient
from azure.core.credentials import AzureKeyCredential


class Assistant:
    def __init__(self):
        self.client = ChatCompletionsClient(
            endpoint=os.environ["CHAT_ENDPOINT"], credential=AzureKeyCredential(os.environ["CHAT_KEY"])
        )

    def ask(self, question, on_request):
        return self.client.complete(
            messages=[{"role": "user", "content": question}],
            model="gpt-4o-mini",
            raw_request_hook=on_request,
            logging_enable=True,
            connection_timeout=3,
            read_timeout=20,
            retry_total=1,
            headers={"x-ms-client-request-id": "req-1"},
            params={"trace": "on"},
        )
"""


def test_pipeline_keywords_map_to_openai_options_or_are_named(stub):
    finding = only(PIPELINE_KEYWORDS, "AOM103")
    assert oracle(PIPELINE_KEYWORDS, finding) == []
    for name in ("raw_request_hook", "logging_enable"):
        assert name in finding.message
    for gone in ("raw_request_hook=", "logging_enable=", "connection_timeout=", "retry_total=", " headers={"):
        assert gone not in finding.snippet
    assert "with_options(max_retries=1)" in finding.snippet
    assert "timeout=openai.Timeout(20, connect=3)" in finding.snippet
    client = openai.OpenAI(base_url=stub.base_url, api_key="k")
    exec(finding.snippet, {"self": types.SimpleNamespace(client=client), "question": "hi", "on_request": print})
    assert stub.last.headers["x-ms-client-request-id"] == "req-1"
    assert stub.last.query["trace"] == ["on"]
    assert stub.last.json["model"] == "gpt-4o-mini"


def test_embed_timeout_is_kept_and_hooks_dropped():
    source = PIPELINE_KEYWORDS.replace("ChatCompletionsClient", "EmbeddingsClient").replace(
        """self.client.complete(
            messages=[{"role": "user", "content": question}],""",
        "self.client.embed(\n            input=[question],",
    ).replace("connection_timeout=3,\n            read_timeout=20,", "timeout=30,")
    finding = only(source, "AOM104")
    assert oracle(source, finding) == []
    assert "timeout=30" in finding.snippet and "raw_request_hook" in finding.message


# -- constructors fed by unpacked dicts ---------------------------------------------------------
SPREAD_METHOD = """\
from openai import AzureOpenAI


class Settings:
    def __init__(self, endpoint, key):
        self.endpoint = endpoint
        self.key = key

    def _client_kwargs(self):
        return dict(azure_endpoint=self.endpoint, api_key=self.key, api_version="2024-10-21", timeout=30)

    def client(self):
        return AzureOpenAI(**self._client_kwargs())
"""

SPREAD_HELPER = """\
from openai import AzureOpenAI


def connection_options(endpoint, token):
    return {"azure_endpoint": endpoint, "azure_ad_token_provider": token, "api_version": "2024-06-01"}


client = AzureOpenAI(**connection_options("https://contoso.openai.azure.com", provider))
"""

SPREAD_OPAQUE = """\
from openai import AsyncAzureOpenAI


def make_client(options):
    return AsyncAzureOpenAI(**options)
"""

SPREAD_INFERENCE = """\
import os
from azure.ai.inference import ChatCompletionsClient
from azure.core.credentials import AzureKeyCredential


def build():
    client_kwargs = {
        "endpoint": os.environ["INFERENCE_ENDPOINT"],
        "credential": AzureKeyCredential(os.environ["INFERENCE_KEY"]),
    }
    return ChatCompletionsClient(**client_kwargs)
"""


def test_spread_dict_built_in_the_same_class_is_passed_directly():
    finding = only(SPREAD_METHOD, "AOM301")
    assert oracle(SPREAD_METHOD, finding) == []
    assert "**" not in finding.snippet and "os.environ" not in finding.snippet
    assert "api_key=self.key" in finding.snippet and "timeout=30" in finding.snippet
    assert "/openai/v1/" in finding.snippet


def test_spread_dict_from_a_helper_is_migrated_where_it_is_built():
    finding = only(SPREAD_HELPER, "AOM301")
    assert oracle(SPREAD_HELPER, finding) == []
    assert "migrated where it is built" in finding.message
    assert 'def connection_options(endpoint, token):\n    return {"base_url": ' in finding.snippet
    assert '"api_key": token}' in finding.snippet and "api_version" not in finding.snippet
    assert finding.snippet.endswith('OpenAI(**connection_options("https://contoso.openai.azure.com", provider))')
    assert finding.replacement is None


def test_opaque_spread_invents_nothing_and_names_the_keys():
    finding = only(SPREAD_OPAQUE, "AOM301")
    assert oracle(SPREAD_OPAQUE, finding) == []
    assert "os.environ" not in finding.snippet
    assert finding.snippet.endswith("AsyncOpenAI(**options)")
    assert "`**options` must hold base_url" in finding.message and "api_version" in finding.message


def test_opaque_spread_next_to_an_explicit_provider_must_not_hold_a_key():
    """`AzureOpenAI(**options, azure_ad_token_provider=p)`: the snippet passes `api_key=p`, so the
    dict must not hold `api_key` too (a duplicate keyword); it still needs `base_url`."""
    source = (
        "from openai import AzureOpenAI\n"
        "def connect(options, provider):\n"
        "    return AzureOpenAI(**options, azure_ad_token_provider=provider)\n"
    )
    finding = only(source, "AOM301")
    assert finding.snippet.endswith("OpenAI(api_key=provider, **options)")
    assert (
        "`**options` must hold base_url (<azure_endpoint>/openai/v1/), no api_key (passed here) and none of "
        "azure_endpoint, azure_deployment, api_version, azure_ad_token(_provider)"
    ) in finding.message
    assert oracle(source, finding) == []


def test_inference_spread_dict_is_passed_directly():
    finding = only(SPREAD_INFERENCE, "AOM102")
    assert oracle(SPREAD_INFERENCE, finding) == []
    assert 'api_key=os.environ["INFERENCE_KEY"]' in finding.snippet
    assert "**client_kwargs" not in finding.snippet and "AZURE_OPENAI" not in finding.snippet


def test_spread_dict_changed_later_stays_opaque():
    source = SPREAD_INFERENCE.replace("    return ChatCompletionsClient", '    client_kwargs["logging_enable"] = True\n    return ChatCompletionsClient')
    finding = only(source, "AOM102")
    assert oracle(source, finding) == []
    assert "**client_kwargs" in finding.snippet and "`**client_kwargs` must hold" in finding.message


# -- imports the snippet needs ------------------------------------------------------------------
def test_snippet_imports_what_the_module_lacks():
    source = "from openai import AzureOpenAI\nclient = AzureOpenAI(azure_endpoint='https://r.openai.azure.com', api_key=key, api_version='2024-06-01')\n"
    finding = only(source, "AOM301")
    assert finding.snippet.startswith("from openai import OpenAI\n\nOpenAI(")
    assert finding.replacement.text.startswith("OpenAI(")  # the edit stays the bare call
    assert oracle(source, finding) == []
    already = "from openai import AzureOpenAI, OpenAI\n" + source.split("\n", 1)[1]
    assert only(already, "AOM301").snippet.startswith("OpenAI(")


def test_snippet_imports_the_async_token_provider_module():
    source = (
        "from azure.ai.inference.aio import ChatCompletionsClient\n"
        "from azure.identity.aio import DefaultAzureCredential\n"
        "client = ChatCompletionsClient(endpoint='https://r.openai.azure.com/openai/deployments/gpt', "
        "credential=DefaultAzureCredential())\n"
    )
    finding = only(source, "AOM102")
    assert finding.snippet.startswith("import azure.identity.aio\n")
    assert oracle(source, finding) == []


# -- realtime URLs ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "url, v1",
    [
        (
            'f"wss://{resource}.openai.azure.com/openai/realtime?api-version=2024-10-01-preview&deployment={name}"',
            'f"wss://{resource}.openai.azure.com/openai/v1/realtime?model={name}"',
        ),
        (
            '"wss://contoso.openai.azure.com/openai/realtime?deployment=gpt-realtime&api-version=2025-04-01-preview"',
            '"wss://contoso.openai.azure.com/openai/v1/realtime?model=gpt-realtime"',
        ),
    ],
)
def test_realtime_url_names_the_deployment_as_model(url, v1):
    finding = only(f"REALTIME_URL = {url}\n", "AOM405")
    assert finding.snippet == v1


# -- client defaults in the image-embeddings REST helper ------------------------------------------
IMAGE_CLIENT = """\
import os
from azure.ai.inference import ImageEmbeddingsClient
from azure.ai.inference.models import EmbeddingInputType
from azure.core.credentials import AzureKeyCredential

client = ImageEmbeddingsClient(
    endpoint=os.environ["VISION_ENDPOINT"],
    credential=AzureKeyCredential(os.environ["VISION_KEY"]),
    model="embed-v4",
    dimensions=1024,
    input_type=EmbeddingInputType.QUERY,
    model_extras={"truncate": "END"},
    headers={"x-team": "search"},
    user_agent="search-indexer",
)


def embed(items):
    return client.embed(input=items, raw_request_hook=print)
"""


def test_image_embeddings_helper_keeps_the_clients_defaults(stub, monkeypatch):
    finding = next(f for f in run(IMAGE_CLIENT) if f.code == "AOM603" and f.snippet.rstrip().endswith("embed_images(input=items)"))
    assert "dropped raw_request_hook" in finding.message
    assert oracle(IMAGE_CLIENT, finding) == []
    monkeypatch.setenv("VISION_ENDPOINT", stub.url)
    monkeypatch.setenv("VISION_KEY", "k")
    namespace = {"items": [{"image": "data:image/png;base64,AAAA"}]}
    requests = pytest.importorskip("requests")
    sent = {}

    def post(url, params, headers, json, timeout):  # what the helper sends, without a server for this route
        sent.update(url=url, params=params, headers=headers, json=json, timeout=timeout)
        return types.SimpleNamespace(status_code=200, json=lambda: {"data": []})

    monkeypatch.setattr(requests, "post", post)
    function, _, statement = finding.snippet.rstrip().rpartition("\n\n\n")
    assert statement == "return embed_images(input=items)"  # the statement of the user's function
    exec(function + "\n" + statement.replace("return ", "result = ", 1), namespace)
    assert sent["url"] == stub.url + "/images/embeddings"
    assert sent["json"] == {"input": namespace["items"], "model": "embed-v4", "dimensions": 1024, "input_type": "query", "truncate": "END"}
    assert sent["headers"]["x-team"] == "search" and sent["headers"]["extra-parameters"] == "pass-through"
    assert sent["headers"]["User-Agent"] == "search-indexer"
    assert sent["headers"]["api-key"] == "k"
    assert sent["timeout"] == (300, 300)  # azure-core's transport defaults


def test_image_embeddings_helper_names_what_it_could_not_carry():
    source = (
        "from azure.ai.inference import ImageEmbeddingsClient\n"
        "from azure.core.credentials import AzureKeyCredential\n"
        "def make(size):\n"
        "    return ImageEmbeddingsClient(endpoint=E, credential=AzureKeyCredential(K), dimensions=size)\n"
        "client = make(256)\n"
        "result = client.embed(input=items)\n"
    )
    finding = next(f for f in run(source) if f.code == "AOM603" and f.line == 6)
    assert "pass the client's dimensions in each call" in finding.message
    assert "size" not in finding.snippet
    assert oracle(source, finding) == []


def test_client_defaults_holding_model_classes_become_dicts():
    source = (
        "from azure.ai import inference as sdk\n"
        "from azure.core.credentials import AzureKeyCredential\n"
        "client = sdk.ChatCompletionsClient(endpoint='https://r.openai.azure.com', credential=AzureKeyCredential(k),\n"
        "    model='gpt-4o', tool_choice=sdk.models.ChatCompletionsToolChoicePreset.REQUIRED)\n"
    )
    finding = only(source, "AOM102")
    assert '"tool_choice": "required"' in finding.snippet
    assert "sdk.models" not in finding.snippet
    assert oracle(source, finding) == []


def test_unpacked_call_arguments_are_named_as_a_condition():
    source = (
        "from azure.ai.inference import ChatCompletionsClient\n"
        "client = ChatCompletionsClient(endpoint=e, credential=c)\n"
        "def ask(messages, **settings):\n"
        "    return client.complete(messages=messages, model='gpt-4o', **settings)\n"
    )
    finding = only(source, "AOM103")
    assert finding.snippet.endswith("**settings)")
    assert "`**settings` is passed on: it may hold only OpenAI parameters" in finding.message
