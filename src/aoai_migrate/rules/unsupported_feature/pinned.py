"""A version-pinned ``AzureOpenAI`` client used for a feature its api-version does not serve
(AOM602). The feature -> first api-version table is ``data/api_versions.toml``."""

from __future__ import annotations

import ast

from ... import data, known
from ...render import snippets
from ...engine import Context
from ...model import Category
from ...registry import Rule, register
from ...semantics import Value
from ..api_version.common import AZURE_OPENAI_CLASSES, call_args, dict_key, hard_coded, keyword, short
from .common import call_line, client_line, constructor, receiver_of, scope_of
from ..references import API_VERSION_LIFECYCLE


def pinned_versions(owner: Value, ctx: Context, depth: int = 0) -> list[data.Version] | None:
    """The dated api-versions an ``AzureOpenAI`` instance was built with (through ``api_version=``
    on its constructor, a project factory or ``with_options``/``copy``), or ``None`` if unknown."""
    call = constructor(owner)
    if call is None:
        return None
    kw = keyword(call, "api_version")
    if kw is None:
        func = call.func
        if depth < 3 and isinstance(func, ast.Attribute) and func.attr in ("with_options", "copy"):
            bases = [v for v in ctx.infer(func.value, scope_of(call, ctx)) if v.kind == "instance"]
            out: list[data.Version] = []
            for base in bases:
                found = pinned_versions(base, ctx, depth + 1) if base.name in AZURE_OPENAI_CLASSES else None
                if found is None:
                    return None
                out.extend(found)
            return out or None
        return None
    pinned = hard_coded(kw.value, ctx, scope_of(call, ctx), dated_only=True)
    values = pinned.values if pinned is not None else _env_defaults(kw.value, ctx, scope_of(call, ctx))
    if not values:
        return None
    versions = [data.parse_version(v) for v in values]
    return versions if all(v is not None and v.dated for v in versions) else None


_ENV_GETTERS = frozenset({"os.getenv", "os.environ.get"})


def _env_defaults(expr: ast.AST, ctx: Context, scope) -> tuple[str, ...]:
    """The literal defaults of ``os.getenv(NAME, "<version>")`` reaching ``expr`` (directly or
    through a variable): the version the client is pinned to unless the environment overrides it."""
    calls = [expr] if isinstance(expr, ast.Call) else [
        v.node for v in ctx.infer(expr, scope) if v.kind == "result" and isinstance(v.node, ast.Call)
    ]
    out = []
    for call in calls:
        if not isinstance(call, ast.Call) or not ctx.qualnames(call.func) & _ENV_GETTERS:
            return ()
        default = call.args[1] if len(call.args) > 1 else next(
            (kw.value for kw in call.keywords if kw.arg in ("default", "value")), None)
        if not (isinstance(default, ast.Constant) and isinstance(default.value, str)):
            return ()
        out.append(default.value.strip())
    return tuple(out)


def _response_format_type(call: ast.Call) -> str | None:
    kw = keyword(call, "response_format")
    kind = dict_key(kw.value, "type") if kw is not None else None
    return kind.value if isinstance(kind, ast.Constant) and isinstance(kind.value, str) else None


def used_features(path: str, call: ast.Call) -> list[tuple[data.Feature, str]]:
    """The table's features a call ``<client>.<path>(...)`` uses, each with how messages name it
    (the feature, or the keyword that needs it)."""
    out = []
    for prefix in ("with_raw_response.", "with_streaming_response."):
        if path.startswith(prefix):
            path = path[len(prefix):]
    names = [kw.arg for kw in call.keywords if kw.arg]
    for row in data.features():
        if any(path == m or path.startswith(m + ".") for m in row.members):
            out.append((row, row.name))
        elif path in row.on:
            used = [n for n in names if n in row.kwargs]
            if used:
                out.append((row, f"`{used[0]}=`"))
            elif row.response_format_types and _response_format_type(call) in row.response_format_types:
                out.append((row, row.name))
    return out


@register
class PinnedVersionTooOld(Rule):
    code = "AOM602"
    symbol = "api-version-too-old-for-feature"
    category = Category.UNSUPPORTED_FEATURE
    severity = "error"
    message = "{feature} needs api-version {minimum} or newer but `{client}` is pinned to \"{pinned}\"; use `{cls}` on /openai/v1/ (no api-version)"
    summary = (
        "Flags calls on an `AzureOpenAI`/`AsyncAzureOpenAI` client whose constructor pins a dated "
        "api-version older than the first one serving the feature: the Responses API, Assistants, "
        "batches, vector stores, image generation, structured outputs, `max_completion_tokens`, ... "
        "(the table, with its sources, is `data/api_versions.toml`)."
    )
    why = (
        "Azure serves each dated api-version as a frozen API: a feature added later is not there "
        "(404 or 400 at run time). The v1 endpoint has no version to keep up with: an `OpenAI` client "
        "on `/openai/v1/` reaches every feature the resource offers."
    )
    example = (
        "from openai import AzureOpenAI\n\n"
        'client = AzureOpenAI(azure_endpoint=endpoint, api_key=key, api_version="2024-06-01")\n'
        'response = client.responses.create(model="gpt-4o-mini", input="This is a test.")\n'
    )
    use_instead = (
        "from openai import OpenAI\n\n"
        "client = OpenAI(base_url=f\"{endpoint.rstrip('/')}/openai/v1/\", api_key=key)\n"
        'response = client.responses.create(model="gpt-4o-mini", input="This is a test.")\n'
    )
    references = (
        API_VERSION_LIFECYCLE,
        "https://learn.microsoft.com/azure/ai-foundry/openai/reference-preview",
    )
    known_problems = (
        "Only dated versions are compared. A GA version dated after a feature's first preview is not "
        "flagged unless the sources say it lacks the feature (e.g. Assistants on 2024-06-01)."
    )
    invalid = (
        "from openai import AzureOpenAI\n"
        'client = AzureOpenAI(azure_endpoint=e, api_key=k, api_version="2024-10-21")\n'
        'client.responses.create(model="m", input="hi")\n',
        "from openai import AsyncAzureOpenAI\n"
        'VERSION = "2024-02-01"\n'
        "class Bot:\n    def __init__(self):\n"
        "        self.client = AsyncAzureOpenAI(azure_endpoint=e, api_key=k, api_version=VERSION)\n"
        "    async def run(self):\n"
        "        return await self.client.beta.assistants.create(model=\"m\")\n",
        "from openai import AzureOpenAI\n"
        'client = AzureOpenAI(azure_endpoint=e, api_key=k, api_version="2024-06-01")\n'
        'client.chat.completions.create(model="m", messages=[], stream_options={"include_usage": True})\n',
        "import os\nfrom openai import AzureOpenAI\n"
        'client = AzureOpenAI(azure_endpoint=e, api_key=k, api_version=os.getenv("OPENAI_API_VERSION", "2024-06-01"))\n'
        'client.responses.create(model="m", input="hi")\n',
        "from openai import AzureOpenAI\n"
        'client = AzureOpenAI(azure_endpoint=e, api_key=k, api_version="2023-05-15")\n'
        'client.images.generate(model="dall-e-3", prompt="p")\n',
        "from openai import AzureOpenAI\n"
        'client = AzureOpenAI(azure_endpoint=e, api_key=k, api_version="2024-05-01-preview")\n'
        "client.chat.completions.create(model=\"m\", messages=[], response_format={\"type\": \"json_schema\", \"json_schema\": s})\n",
    )
    valid = (
        "from openai import AzureOpenAI\n"
        'client = AzureOpenAI(azure_endpoint=e, api_key=k, api_version="2025-04-01-preview")\n'
        'client.responses.create(model="m", input="hi")\n',
        "import os\nfrom openai import AzureOpenAI\n"
        'client = AzureOpenAI(azure_endpoint=e, api_key=k, api_version=os.getenv("OPENAI_API_VERSION"))\n'
        'client.responses.create(model="m", input="hi")\n',
        "from openai import AzureOpenAI\n"
        'client = AzureOpenAI(azure_endpoint=e, api_key=k, api_version="2024-10-21")\n'
        'client.chat.completions.create(model="m", messages=[], response_format={"type": "json_schema"})\n',
        "from openai import AzureOpenAI\n"
        "client = AzureOpenAI(azure_endpoint=e, api_key=k, api_version=version)\n"
        'client.responses.create(model="m", input="hi")\n',
        "from openai import OpenAI\n"
        'client = OpenAI(base_url="https://r.openai.azure.com/openai/v1/", api_key=k)\n'
        'client.responses.create(model="m", input="hi")\n',
        "from openai import AzureOpenAI\n"
        'client = AzureOpenAI(azure_endpoint=e, api_key=k, api_version="2024-02-01")\n'
        'client.chat.completions.create(model="m", messages=[])\n',
        'client.responses.create(model="m", input="hi")\n',
    )
    node_types = (ast.Call,)

    def visit(self, node: ast.AST, ctx: Context) -> None:
        members = [m for m in ctx.members(node.func) if m.owner is not None]
        if not members or any(m.owner.kind != "instance" or m.owner.name not in AZURE_OPENAI_CLASSES for m in members):
            return
        paths = {m.name for m in members}
        if len(paths) != 1:
            return
        (path,) = paths
        features = used_features(path, node)
        if not features:
            return
        versions: list[data.Version] = []
        for member in members:
            found = pinned_versions(member.owner, ctx)
            if found is None:
                return
            versions.extend(found)
        lacking = [(f, label) for f, label in features if all(data.lacks(v, f) for v in versions)]
        if not lacking:
            return
        worst, label = max(lacking, key=lambda item: item[0].minimum.date)
        receiver = receiver_of(node.func, path)
        ctors = {id(c): c for c in (constructor(m.owner) for m in members) if c is not None}
        ctor = next(iter(ctors.values())) if len(ctors) == 1 else None
        call = snippets.call(ctx.segment(node.func), call_args(node, ctx))
        snippet = client_line(ctor, receiver, ctx) + call_line(node, call, ctx) + "\n"
        is_async = any(known.OPENAI_CLIENTS[m.owner.name][1] for m in members)
        ctx.report(
            self,
            node,
            snippet=snippet,
            feature=label[0].upper() + label[1:],
            minimum=worst.minimum.raw,
            client=short(ctx.segment(receiver)) if receiver is not None else "client",
            pinned=" | ".join(sorted({v.raw for v in versions})),
            cls="AsyncOpenAI" if is_async else "OpenAI",
        )
