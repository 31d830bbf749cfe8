"""Imports from azure.ai.inference: each imported name gets its own OpenAI v1 counterpart (or
the message says it has none), and every counterpart the table promises exists in the installed
openai package."""

from __future__ import annotations

import importlib

import azure.ai.inference
import azure.ai.inference.aio
import azure.ai.inference.models
import pytest

from aoai_migrate.engine import analyze_source
from aoai_migrate.render import counterparts as imports


def _promised():
    for name, target in imports.MODELS.items():
        if target.module is not None:
            yield f"azure.ai.inference.models.{name}", target
    for module in ("azure.ai.inference", "azure.ai.inference.aio"):
        for name in imports.CLIENTS:
            target = imports.counterpart(module, name)
            if target.module is not None:
                yield f"{module}.{name}", target


@pytest.mark.parametrize("source,target", list(_promised()), ids=lambda v: v if isinstance(v, str) else "")
def test_every_promised_openai_name_exists(source, target):
    module = importlib.import_module(target.module)
    assert hasattr(module, target.name), f"{source} -> {target.module}.{target.name} is not in openai"


def test_the_table_covers_every_public_model_name():
    exported = set(azure.ai.inference.models.__all__)
    assert exported <= set(imports.MODELS), sorted(exported - set(imports.MODELS))
    assert set(azure.ai.inference.__all__) <= set(imports.CLIENTS)
    assert set(azure.ai.inference.aio.__all__) <= set(imports.CLIENTS)


def _import_finding(code: str):
    (finding,) = [f for f in analyze_source(code, "m.py") if f.code == "AOM101"]
    return finding


def test_each_imported_name_is_named_in_the_snippet():
    finding = _import_finding(
        "from azure.ai.inference.models import SystemMessage, UserMessage, JsonSchemaFormat, "
        "StreamingChatCompletionsUpdate, ChatCompletionsToolDefinition, FunctionDefinition\n"
    )
    lines = finding.snippet.splitlines()
    assert lines[0] == (
        "from openai.types.chat import ChatCompletionSystemMessageParam, ChatCompletionUserMessageParam, "
        "ChatCompletionChunk, ChatCompletionToolParam"
    )
    assert lines[1] == "from openai.types.shared_params import ResponseFormatJSONSchema, FunctionDefinition"
    assert "ChatCompletionMessageParam" not in finding.snippet
    assert "no OpenAI v1 counterpart" not in finding.message
    namespace: dict = {}
    exec(finding.snippet, namespace)  # the migrated imports run against the installed openai
    assert namespace["ChatCompletionUserMessageParam"](role="user", content="hi") == {"role": "user", "content": "hi"}


def test_names_without_counterpart_are_said_in_the_message():
    finding = _import_finding("from azure.ai.inference.models import ModelInfo, ImageEmbeddingInput, UserMessage\n")
    assert "no OpenAI v1 counterpart for ModelInfo, ImageEmbeddingInput" in finding.message
    assert "# ModelInfo: none" in finding.snippet
    assert "from openai.types.chat import ChatCompletionUserMessageParam" in finding.snippet
    exec(finding.snippet, {})


def test_enums_become_string_literals_without_an_import():
    finding = _import_finding("from azure.ai.inference.models import ChatRole, CompletionsFinishReason\n")
    assert "import" not in finding.snippet.replace("# ", "")  # comments only
    assert '"system"' in finding.snippet and '"content_filter"' in finding.snippet
    assert "no OpenAI v1 counterpart" not in finding.message


def test_clients_by_flavour_and_unknown_names():
    sync = _import_finding("from azure.ai.inference import ChatCompletionsClient, EmbeddingsClient\n")
    assert sync.snippet.splitlines()[0] == "from openai import OpenAI"
    aio = _import_finding("from azure.ai.inference.aio import ChatCompletionsClient\n")
    assert aio.snippet.splitlines()[0] == "from openai import AsyncOpenAI"
    image = _import_finding("from azure.ai.inference import ImageEmbeddingsClient\n")
    assert "no OpenAI v1 counterpart for ImageEmbeddingsClient" in image.message
    odd = _import_finding("from azure.ai.inference.models import NotARealName\n")
    assert "no known counterpart for NotARealName" in odd.message


def test_tracing_import():
    finding = _import_finding("from azure.ai.inference.tracing import AIInferenceInstrumentor\n")
    assert finding.snippet.startswith("from opentelemetry.instrumentation.openai_v2 import OpenAIInstrumentor")


def test_names_two_openai_modules_share_are_imported_through_their_modules():
    finding = _import_finding("from azure.ai.inference.models import ChatChoice, StreamingChatChoiceUpdate\n")
    assert finding.snippet.splitlines()[0] == "from openai.types.chat import chat_completion, chat_completion_chunk"
    assert "# ChatChoice -> chat_completion.Choice" in finding.snippet
    assert "# StreamingChatChoiceUpdate -> chat_completion_chunk.Choice" in finding.snippet
    namespace: dict = {}
    exec(finding.snippet, namespace)
    assert namespace["chat_completion"].Choice is not namespace["chat_completion_chunk"].Choice
    # one of them alone keeps the plain name
    alone = _import_finding("from azure.ai.inference.models import ChatChoice\n")
    assert alone.snippet.splitlines()[0] == "from openai.types.chat.chat_completion import Choice"
