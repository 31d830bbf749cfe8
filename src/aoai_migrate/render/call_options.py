"""azure-core request keywords on Inference calls, and what an OpenAI call takes instead.

``ChatCompletionsClient.complete()`` and ``EmbeddingsClient.embed()`` hand every keyword they do
not declare to the azure-core pipeline (``raw_request_hook``, ``logging_enable``,
``connection_timeout``, ``retry_total``, ``headers``, ...). ``chat.completions.create()`` and
``embeddings.create()`` take no ``**kwargs``: each of those keywords is either mapped to its
OpenAI equivalent or dropped, and the message says which.
"""

from __future__ import annotations

import ast
from typing import Callable, NamedTuple

from . import snippets

#: the keywords ``complete()`` / ``embed()`` declare (azure/ai/inference/_patch.py); ``body``
#: and ``content_type`` are the raw-request form, handled by the call renderer
COMPLETE_KEYWORDS = frozenset(
    {
        "body", "content_type", "messages", "stream", "frequency_penalty", "presence_penalty",
        "temperature", "top_p", "max_tokens", "response_format", "stop", "tools", "tool_choice",
        "seed", "model", "model_extras",
    }
)
EMBED_KEYWORDS = frozenset(
    {"body", "content_type", "input", "dimensions", "encoding_format", "input_type", "model", "model_extras"}
)

#: azure-core keywords with a per-call OpenAI equivalent
RENAMED = {"headers": "extra_headers", "params": "extra_query", "timeout": "timeout"}
#: what to tell the user about a dropped keyword, when more than its name helps
DROPPED_ADVICE = {
    "logging_enable": "set OPENAI_LOG=debug",
    "raw_request_hook": "use an httpx event hook on the client's http_client",
    "raw_response_hook": "use an httpx event hook on the client's http_client",
}


class Options(NamedTuple):
    #: OpenAI keywords for the call, as (name, source text)
    keywords: tuple[tuple[str, str], ...]
    #: ``max_retries`` for ``.with_options()`` on the receiver (from ``retry_total``)
    max_retries: str | None
    #: dropped keywords, each with its advice (``"logging_enable (set OPENAI_LOG=debug)"``)
    dropped: tuple[str, ...]


def is_pipeline_keyword(name: str, chat: bool) -> bool:
    """Whether ``name`` on ``complete()`` (``chat``) or ``embed()`` goes to the azure-core pipeline."""
    return name not in (COMPLETE_KEYWORDS if chat else EMBED_KEYWORDS)


def map_options(pipeline: list[tuple[str, ast.expr]], text: Callable[[ast.AST], str]) -> Options:
    """OpenAI call options for the azure-core keywords ``pipeline`` (in source order)."""
    given = dict(pipeline)
    keywords: list[tuple[str, str]] = []
    dropped: list[str] = []
    for name, value in pipeline:
        if name in RENAMED:
            if name == "headers" and "user_agent" in given:
                keywords.append(("extra_headers", _with_user_agent(value, text(value), text(given["user_agent"]))))
            elif not (name == "timeout" and ("connection_timeout" in given or "read_timeout" in given)):
                keywords.append((RENAMED[name], text(value)))
        elif name == "user_agent":
            if "headers" not in given:
                keywords.append(("extra_headers", f'{{"User-Agent": {text(value)}}}'))
        elif name in ("connection_timeout", "read_timeout"):
            if name == "read_timeout" and "connection_timeout" in given:
                continue
            keywords.append(("timeout", _timeout(given, text)))
        elif name != "retry_total":
            advice = DROPPED_ADVICE.get(name)
            dropped.append(f"{name} ({advice})" if advice else name)
    retries = given.get("retry_total")
    return Options(tuple(keywords), text(retries) if retries is not None else None, tuple(dropped))


def _timeout(given: dict[str, ast.expr], text: Callable[[ast.AST], str]) -> str:
    connect, read = given.get("connection_timeout"), given.get("read_timeout")
    if connect is None:
        return text(read)  # type: ignore[arg-type]
    total = given.get("read_timeout") or given.get("timeout")
    return f"openai.Timeout({text(total) if total is not None else '600.0'}, connect={text(connect)})"


def _with_user_agent(headers: ast.expr, headers_text: str, agent: str) -> str:
    entry = f'"User-Agent": {agent}'
    if isinstance(headers, ast.Dict) and headers.keys and headers_text.endswith("}"):
        return f"{headers_text[:-1].rstrip().rstrip(',')}, {entry}}}"
    return f"{{{snippets.dict_spread(headers_text)}, {entry}}}"
