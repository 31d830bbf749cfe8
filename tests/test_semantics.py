"""The semantic model resolves names before any rule flags them."""

import ast
import textwrap

import pytest

from aoai_migrate import known
from aoai_migrate.semantics import Semantics

CHAT = "azure.ai.inference.ChatCompletionsClient"
ACHAT = "azure.ai.inference.aio.ChatCompletionsClient"


def resolve(source: str, expr_marker: str = "TARGET"):
    """Infer the expression assigned to ``TARGET`` at the end of the scope it appears in."""
    tree = ast.parse(textwrap.dedent(source))
    sem = Semantics(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == expr_marker for t in node.targets
        ):
            scope = _scope_containing(sem, tree, node)
            return sem.infer(node.value, scope)
    raise AssertionError("no TARGET assignment")


def _scope_containing(sem, tree, target):
    best = sem.module
    for node in ast.walk(tree):
        scope = sem.scope_of(node)
        if scope is None or node is tree:
            continue
        if any(child is target for child in ast.walk(node)):
            if best is sem.module or _depth(sem, scope) > _depth(sem, best):
                best = scope
    return best


def _depth(sem, scope):
    n = 0
    while scope.parent is not None:
        n += 1
        scope = scope.parent
    return n


def names(values, kind="instance"):
    return {v.name for v in values if v.kind == kind}


@pytest.mark.parametrize(
    "source,expected",
    [
        ("import azure.ai.inference as aii\nTARGET = aii.ChatCompletionsClient('e', c)", CHAT),
        ("from azure.ai.inference import ChatCompletionsClient as C\nTARGET = C('e', c)", CHAT),
        ("import azure.ai.inference\nTARGET = azure.ai.inference.ChatCompletionsClient('e', c)", CHAT),
        ("from azure.ai import inference\nTARGET = inference.ChatCompletionsClient('e', c)", CHAT),
        ("from azure.ai.inference.aio import ChatCompletionsClient\nTARGET = ChatCompletionsClient('e', c)", ACHAT),
        ("from azure.ai.inference import *\nTARGET = ChatCompletionsClient('e', c)", CHAT),
        ("from azure.ai.inference._patch import ChatCompletionsClient\nTARGET = ChatCompletionsClient('e', c)", CHAT),
        (
            """
            from azure.ai.inference import ChatCompletionsClient
            client = ChatCompletionsClient("e", c)
            other = client
            TARGET = other
            """,
            CHAT,
        ),
        (
            """
            def f():
                from azure.ai.inference import ChatCompletionsClient
                TARGET = ChatCompletionsClient("e", c)
            """,
            CHAT,
        ),
        (
            """
            from azure.ai.inference import ChatCompletionsClient
            def make():
                return ChatCompletionsClient("e", c)
            TARGET = make()
            """,
            CHAT,
        ),
        (
            """
            from azure.ai.inference import ChatCompletionsClient
            def make() -> ChatCompletionsClient:
                ...
            TARGET = make()
            """,
            CHAT,
        ),
        (
            """
            from __future__ import annotations
            from azure.ai.inference import ChatCompletionsClient
            def use(client: ChatCompletionsClient | None):
                TARGET = client
            """,
            CHAT,
        ),
        (
            """
            from typing import Optional
            import azure.ai.inference as aii
            def use(client: "Optional[aii.ChatCompletionsClient]"):
                TARGET = client
            """,
            CHAT,
        ),
        (
            """
            from azure.ai.inference import ChatCompletionsClient
            class Service:
                def __init__(self):
                    self.client = ChatCompletionsClient("e", c)
                def run(self):
                    TARGET = self.client
            """,
            CHAT,
        ),
        (
            """
            from azure.ai.inference import ChatCompletionsClient
            class Service:
                client: ChatCompletionsClient
                def run(self):
                    TARGET = self.client
            """,
            CHAT,
        ),
        (
            """
            from azure.ai.inference.aio import ChatCompletionsClient
            async def main():
                async with ChatCompletionsClient("e", c) as client:
                    TARGET = client
            """,
            ACHAT,
        ),
        (
            """
            from azure.ai.inference import ChatCompletionsClient
            class Mine(ChatCompletionsClient):
                pass
            TARGET = Mine("e", c)
            """,
            CHAT,
        ),
        (
            """
            from azure.ai.projects import AIProjectClient
            project = AIProjectClient.from_connection_string(conn_str="x", credential=c)
            TARGET = project.inference.get_chat_completions_client()
            """,
            CHAT,
        ),
        (
            """
            from azure.ai.projects import AIProjectClient
            project = AIProjectClient(endpoint="x", credential=c)
            TARGET = project.inference.get_azure_openai_client(api_version="2024-06-01")
            """,
            known.AZURE_OPENAI,
        ),
        (
            "from azure.ai.inference import load_client\nTARGET = load_client('e', c)",
            "azure.ai.inference.<loaded client>",
        ),
        (
            "import openai\nTARGET = openai.lib.azure.AzureOpenAI(api_version='x')",
            known.AZURE_OPENAI,
        ),
        (
            """
            from openai import AzureOpenAI
            client = AzureOpenAI(api_version="2024-02-01")
            TARGET = client.with_options(timeout=3)
            """,
            known.AZURE_OPENAI,
        ),
        (
            """
            from openai import OpenAI
            client = OpenAI()
            TARGET = client.chat.completions.create(model="m", messages=[], stream=True)
            """,
            known.OPENAI_STREAM,
        ),
        (
            """
            from azure.ai.inference.aio import ChatCompletionsClient
            async def main(client: ChatCompletionsClient):
                TARGET = await client.complete(messages=[], stream=True)
            """,
            known.ASYNC_STREAMING_CHAT,
        ),
    ],
)
def test_resolves(source, expected):
    assert expected in names(resolve(source))


def test_module_constant_string():
    values = resolve('API_VERSION = "2024-06-01"\nTARGET = API_VERSION')
    assert names(values, "str") == {"2024-06-01"}


def test_module_openai_client_member():
    values = resolve("import openai\nTARGET = openai.chat.completions.create")
    (member,) = values
    assert member.kind == "member" and member.name == "chat.completions.create"
    assert member.owner.name == known.MODULE_CLIENT


@pytest.mark.parametrize(
    "source",
    [
        "TARGET = job.complete()",
        "class Job:\n    def complete(self): ...\nTARGET = Job().complete()",
        "from mistralai import Mistral\nclient = Mistral()\nTARGET = client.chat.complete(model='m')",
        "import stripe\nTARGET = stripe.api_version",
        # a local class shadowing the SDK name
        "class ChatCompletionsClient: ...\nTARGET = ChatCompletionsClient()",
        # rebinding in another function does not leak
        "from azure.ai.inference import ChatCompletionsClient\ndef f():\n    client = 1\n    TARGET = client",
    ],
)
def test_does_not_resolve_lookalikes(source):
    values = resolve(source)
    assert not {v.name for v in values} & set(known.INFERENCE_CLIENTS)


def test_recursive_bindings_terminate():
    values = resolve("a = b\nb = a\nTARGET = a")
    assert values == frozenset()


def test_deep_chain_terminates():
    lines = ["x0 = 1"] + [f"x{i} = x{i - 1}" for i in range(1, 300)] + ["TARGET = x299"]
    resolve("\n".join(lines))
