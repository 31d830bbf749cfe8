"""Rules of the ``inference-sdk`` category: run-time checks of a value against the Inference client
classes (``isinstance(client, ChatCompletionsClient)``, ``type(client) is EmbeddingsClient``),
which have no counterpart once the clients are ``OpenAI`` / ``AsyncOpenAI``."""

from __future__ import annotations

import ast

from ... import known
from ...analysis.class_checks import CHECK_NODES, checks, with_class
from ...engine import Context
from ...model import Category
from ...registry import Rule, register
from ..references import MIGRATION_GUIDE


@register
class InferenceClientClassCheck(Rule):
    code = "AOM119"
    symbol = "inference-sdk-client-class-check"
    category = Category.INFERENCE_SDK
    message = (
        "`{check}` tests for the Azure AI Inference client `{name}`, which has no counterpart: {why} "
        "(no automatic fix)"
    )
    summary = (
        "Flags `isinstance` / `issubclass` / `type(x) is` checks against the Inference client "
        "classes (`ChatCompletionsClient`, `EmbeddingsClient`, `ImageEmbeddingsClient`, sync or `.aio`)."
    )
    why = (
        "After the migration a chat client and an embeddings client are the same `OpenAI` / "
        "`AsyncOpenAI` class, and image embeddings have no OpenAI client at all (a REST helper "
        "replaces it): a check that told the clients apart (what `load_client()` returned, for "
        "instance) has nothing left to test, and the class names disappear with the deprecated "
        "package. The code must know the client's purpose another way (which endpoint or model it "
        "was built for); where only sync against async mattered, `isinstance(client, AsyncOpenAI)` "
        "is the check, as the snippet shows."
    )
    example = (
        "from azure.ai.inference import EmbeddingsClient, load_client\n\n"
        "client = load_client(endpoint, credential)\n"
        "if type(client) is EmbeddingsClient:\n"
        "    vectors = client.embed(input=texts)\n"
    )
    use_instead = (
        "from openai import OpenAI\n\n"
        "client = OpenAI(base_url=f\"{endpoint.rstrip('/')}/openai/v1/\", api_key=key)\n"
        "# the code knows which deployment serves embeddings: no class check is needed\n"
        "vectors = client.embeddings.create(model=\"text-embedding-3-small\", input=texts)\n"
    )
    references = (MIGRATION_GUIDE,)
    invalid = (
        example,
        "from azure.ai.inference.aio import ChatCompletionsClient\n"
        "def is_chat(c):\n    return isinstance(c, ChatCompletionsClient)\n",
        "import azure.ai.inference as inf\ndef f(c):\n    return isinstance(c, (inf.ImageEmbeddingsClient, str))\n",
    )
    valid = (
        "from openai import AsyncOpenAI\ndef f(c):\n    return isinstance(c, AsyncOpenAI)\n",
        "from mylib import EmbeddingsClient\ndef f(c):\n    return isinstance(c, EmbeddingsClient)\n",
        # a result type: not a client
        "from azure.ai.inference.models import ChatCompletions\ndef f(r):\n    return isinstance(r, ChatCompletions)\n",
    )
    node_types = CHECK_NODES

    def visit(self, node: ast.AST, ctx: Context) -> None:
        for check in checks(node, ctx):
            info = next((known.INFERENCE_CLIENTS[q] for q in sorted(ctx.qualnames(check.cls))
                         if q in known.INFERENCE_CLIENTS), None)
            if info is None:
                continue
            kind, is_async = info
            target = "AsyncOpenAI" if is_async else "OpenAI"
            snippet = f"# no counterpart: an {target} client serves chat and embeddings alike\n"
            if kind == "image-embeddings":
                why = "image embeddings have no OpenAI client (a REST helper replaces it, AOM601)"
            else:
                why = (f"the migrated client is an `{target}`, the same class for chat and embeddings, so the "
                       "code must know the client's purpose another way; "
                       f"`isinstance(x, {target})` only tells an OpenAI client (and sync from async)")
                snippet += (with_class(node, check.cls, target, ctx) or "") + "\n"
            ctx.report(self, check.cls, snippet=snippet, check=check.text, name=ctx.segment(check.cls), why=why)
