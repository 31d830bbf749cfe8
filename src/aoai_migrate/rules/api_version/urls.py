"""api-version in request URLs (AOM405) and in query-parameter dicts (AOM406)."""

from __future__ import annotations

import ast
import re

from ... import data, known
from ...render import snippets
from ...render.endpoints import runtime_part
from ...engine import Context
from ...model import Applicability, Category
from ...registry import Rule, register
from . import url_template as ut
from .common import OPENAI_CLASSES, dict_key, dict_without, is_message_string, render_call, short
from ..references import API_VERSION_LIFECYCLE

# -- AOM405 ----------------------------------------------------------------------------------------


def _top_of_concat(ctx: Context, node: ast.AST) -> ast.AST:
    """The outermost ``+`` chain ``node`` is an operand of (or ``node``)."""
    top = node
    for parent in reversed(ctx.parents):
        if isinstance(parent, ast.BinOp) and isinstance(parent.op, ast.Add) and (parent.left is top or parent.right is top):
            top = parent
        else:
            break
    return top


def _has_query(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant):
        value = node.value
        if not isinstance(value, str) or ("ersion=" not in value and "ERSION=" not in value):
            return False  # cheap test first: this runs on every string constant
        return "api-version=" in value.lower()
    if isinstance(node, ast.JoinedStr):
        return any(_has_query(v) for v in node.values if isinstance(v, ast.Constant))
    return False


def substitute_constants(encoded: str, fields: list[str], nodes: dict[str, ast.AST], ctx: Context) -> str:
    """The encoded template with every field that resolves to one string constant inlined."""
    for index, text in enumerate(fields):
        node = nodes.get(text)
        if node is None:
            continue
        values = ctx.infer(node)
        strings = {v.name for v in values if v.kind == "str"}
        if len(strings) == 1 and len(values) == 1:
            encoded = encoded.replace(f"\x01{index}\x02", next(iter(strings)).replace("\x01", ""))
    return encoded


def analyse(node: ast.AST, ctx: Context, *, dated_hint: bool = False) -> tuple[ut.UrlInfo, list[str]] | None:
    """``(UrlInfo, fields)`` for a URL expression aimed at Azure OpenAI / AI Services, following a
    name bound once to a URL and inlining constants when the template alone is not enough."""
    parts = ut.template(node, ctx, follow=True)
    if parts is None:
        return None
    encoded, fields = ut.encode(parts)
    info = ut.classify(encoded, fields)
    if info is None and fields:
        target = node
        if isinstance(node, ast.Name):
            target = ut.single_binding(node, ctx) or node
        inlined = substitute_constants(encoded, fields, ut.field_nodes(target), ctx)
        if inlined != encoded:
            info = ut.classify(inlined, fields)
    if info is None and dated_hint:
        info = ut.classify(encoded, fields, bare_ops=True)
    return (info, fields) if info is not None else None


def advice(info: ut.UrlInfo) -> str:
    if info.is_v1:
        return "the /openai/v1/ path needs no api-version"
    text = f"use the v1 path `{info.v1_path}`"
    if info.deployment:
        text += f" and send `model={short(info.deployment, 30)}` in the body"
    if info.needs_root:
        text += " (the URL root must be the resource endpoint)"
    return text


@register
class UrlApiVersion(Rule):
    code = "AOM405"
    symbol = "url-api-version"
    category = Category.API_VERSION
    message = "`api-version={version}` in a URL to {service}: {advice}"
    summary = (
        "Flags `api-version=` query parameters written into request URLs (strings, f-strings, `+` "
        "chains) aimed at Azure OpenAI / AI Services: `*.openai.azure.com`, `*.services.ai.azure.com`, "
        "`*.cognitiveservices.azure.com` with an OpenAI path, or any root followed by "
        "`/openai/deployments/...`, `/openai/...` or `/models/chat/completions`."
    )
    why = (
        "Dated REST paths (`/openai/deployments/<dep>/chat/completions?api-version=...`, "
        "`/models/chat/completions?api-version=...`) pin the request to one api-version. The v1 "
        "endpoint serves the same operations at `/openai/v1/<op>` without api-version; the "
        "deployment moves from the path to `model` in the body."
    )
    example = (
        'url = f"{endpoint}/openai/deployments/{deployment}/chat/completions?api-version=2024-10-21"\n'
    )
    use_instead = (
        'url = f"{endpoint}/openai/v1/chat/completions"  # and "model": deployment in the JSON body\n'
    )
    references = (
        API_VERSION_LIFECYCLE,
        "https://learn.microsoft.com/azure/ai-foundry/openai/reference",
    )
    fixable = True
    fix_applicability = Applicability.UNSAFE
    fix_safety = (
        'Unsafe: the URL changes (the api-version query goes, a deployment path becomes '
        '/openai/v1/), so the request body must carry `model`; review what the URL is '
        'used for.'
    )
    known_problems = (
        "Only a URL that is already `/openai/v1/...` gets a mechanical edit (the query goes); other "
        "URLs change path and need `model` in the body, so their snippet is shown but not applied. "
        "A literal after `root + ` gets its own new suffix when the change stays inside it (else the "
        "finding covers the whole chain); when `root` is a variable's string default that a caller may "
        "replace, the message says the suffix assumes the Azure `/openai` root."
    )
    invalid = (
        'URL = "https://res.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-02-01"\n',
        'url = f"https://{res}.openai.azure.com/openai/deployments/{dep}/embeddings?api-version=2024-06-01"\n',
        'url = endpoint + "/openai/deployments/" + dep + "/chat/completions?api-version=2024-10-21"\n',
        'u = "https://x.services.ai.azure.com/models/chat/completions?api-version=2024-05-01-preview"\n',
        'u = f"{base}/openai/v1/responses?api-version=preview"\n',
        'API_VERSION = "2024-10-21"\nu = f"{endpoint}/openai/deployments/{dep}/chat/completions?api-version={API_VERSION}"\n',
        'u = "{endpoint}/openai/deployments/{deployment}/completions?api-version=2023-05-15".format(endpoint=e, deployment=d)\n',
        # the literal continues a chain: its own suffix is rewritten, and the root a caller may
        # replace is named in the message
        'def models(gateway=None):\n'
        '    root = gateway or "https://res.openai.azure.com/openai"\n'
        '    return root + "/models?api-version=2024-02-01"\n',
    )
    valid = (
        'u = f"https://management.azure.com/subscriptions/{s}/providers/Microsoft.CognitiveServices/accounts?api-version=2023-05-01"\n',
        'u = f"https://{vault}.vault.azure.net/secrets/{name}?api-version=7.4"\n',
        'u = f"https://{svc}.search.windows.net/indexes?api-version=2023-11-01"\n',
        'u = f"https://{r}.cognitiveservices.azure.com/formrecognizer/documentModels?api-version=2023-07-31"\n',
        'u = f"{endpoint}/openai/deployments/{dep}/chat/completions?api-version={api_version}"\n',
        'u = "https://res.openai.azure.com/openai/deployments/d/chat/completions?api-version=<your-api-version>"\n',
        'def f():\n    """Calls https://r.openai.azure.com/openai/deployments/d/chat/completions?api-version=2024-02-01"""\n',
        'raise ValueError("https://r.openai.azure.com/openai/deployments/d/chat/completions?api-version=2024-02-01")\n',
        'import logging\nlogging.info("POST %s/openai/deployments/d/chat/completions?api-version=2024-02-01", e)\n',
        'u = "https://x.services.ai.azure.com/models/images/embeddings?api-version=2024-05-01-preview"\n',
        'u = "https://api.openai.com/v1/chat/completions"\n',
        # a root nothing says is Azure OpenAI, before a path any service may have
        'def models(root):\n    return root + "/models?api-version=2024-02-01"\n',
    )
    node_types = (ast.Constant, ast.JoinedStr)

    def visit(self, node: ast.AST, ctx: Context) -> None:
        if not _has_query(node):
            return
        parent = ctx.parent()
        if isinstance(parent, (ast.JoinedStr, ast.FormattedValue)):
            return  # a piece of an f-string: the f-string is visited itself
        if is_message_string(ctx):
            return
        top = _top_of_concat(ctx, node)
        parts = ut.template(top, ctx)
        if parts is None:
            return
        encoded, fields = ut.encode(parts)
        version = ut.query_version(encoded, fields, ctx, ut.field_nodes(top))
        if version is None:
            return
        found = analyse(top, ctx, dated_hint=data.is_version(version.value, dated_only=True))
        if found is None:
            return
        info, fields = found
        span, snippet, caveat = fitted_rewrite(top, node, info, fields, ctx)
        ctx.report(
            self,
            span,
            snippet=snippet,
            replace=span if info.is_v1 and snippet else None,
            version=version.value,
            service=info.service,
            advice=advice(info) + (f"; {caveat}" if caveat else ""),
        )


def _operand_parts(operands: list[ast.AST], ctx: Context) -> tuple:
    """The template parts of ``+`` operands, as :func:`url_template.template` builds them."""
    parts: list = []
    for operand in operands:
        sub = ut.template(operand, ctx) if isinstance(operand, (ast.Constant, ast.JoinedStr)) else None
        parts.extend(sub if sub is not None else [("field", ast.unparse(operand))])
    return tuple(parts)


def fitted_rewrite(
    top: ast.AST, node: ast.AST, info: ut.UrlInfo, fields: list[str], ctx: Context
) -> tuple[ast.AST, str | None, str | None]:
    """``(span, snippet, caveat)``: the migrated text for exactly the span it replaces. A literal
    that continues a ``+`` chain (``root + "/openai/deployments/d/...?api-version=..."``) gets its
    own rewritten suffix when the change stays inside it (the operands before and after keep
    their text); else the span is the whole chain and the snippet the whole v1 URL. A leading
    field the analysis read through (``root = base_url or "https://.../openai"``) stays a field
    when the change leaves its value whole; ``caveat``: such a root may hold another value at run
    time, so the change assumes it is the Azure root."""
    operands = ut.add_operands(top) if top is not node else [node]
    index = next((i for i, o in enumerate(operands) if o is node), None)
    if index is None:
        return top, ut.rewrite(info, fields), None
    before = ut.encode(_operand_parts(operands[:index], ctx))[0]
    through = ut.encode(_operand_parts(operands[: index + 1], ctx))[0]
    encoded = ut.encode(_operand_parts(operands, ctx))[0]
    after = encoded[len(through):]
    own = through[len(before):]
    nodes = ut.field_nodes(top)
    own_pre = own
    if encoded != info.encoded:  # analyse inlined constants for some fields
        parts = [substitute_constants(t, fields, nodes, ctx) for t in (before, own, after)]
        if "".join(parts) != info.encoded:
            return top, ut.rewrite(info, fields), None
        inlined = [f for i, f in enumerate(fields) if f"\x01{i}\x02" in encoded and f"\x01{i}\x02" not in info.encoded]
        before, own, after = parts
    else:
        inlined = []
    runtime = [(f, r) for f in inlined if f in nodes and (r := runtime_part(nodes[f], ctx)) is not None]
    caveat = None
    if runtime:
        name, alternative = runtime[0]
        caveat = (
            f"`{short(name, 30)}` may hold another URL at run time (`{short(ctx.segment(alternative), 30)}`): "
            "the change assumes it ends in the Azure /openai root, as its default does"
        )
    rewritten = ut.rewrite_encoded(info)
    if top is not node and rewritten.startswith(before) and rewritten.endswith(after) and (
        len(rewritten) >= len(before) + len(after)
    ):
        suffix = _render(_keep_leading_field(rewritten[len(before): len(rewritten) - len(after)], own_pre, fields, nodes, ctx), fields)
        if suffix is not None:
            return node, suffix, caveat
    return top, _render(_keep_leading_field(rewritten, encoded, fields, nodes, ctx), fields), caveat


def _render(encoded: str, fields: list[str]) -> str | None:
    rendered = ut.render(encoded, fields)
    return rendered if rendered is not None and snippets.parses(rendered) else None


def _keep_leading_field(text: str, template: str, fields: list[str], nodes: dict, ctx: Context) -> str:
    """``text`` (a rewritten URL) with the field ``template`` starts with put back where the
    analysis had put the field's string value, when the rewrite left that value whole."""
    lead = re.match(r"\x01\d+\x02", template)
    if lead is None:
        return text
    value = substitute_constants(lead.group(0), fields, nodes, ctx)
    if value != lead.group(0) and value and text.startswith(value):
        return lead.group(0) + text[len(value):]
    return text


# -- AOM406 ----------------------------------------------------------------------------------------

HTTP_FUNCS = frozenset(
    f"{lib}.{method}"
    for lib in ("requests", "httpx", "httpx2")
    for method in ("get", "post", "put", "patch", "delete", "head", "options", "request", "stream")
) | {"aiohttp.request"}
HTTP_SESSIONS = frozenset(
    {"requests.Session", "requests.sessions.Session", "httpx.Client", "httpx.AsyncClient", "httpx2.Client",
     "httpx2.AsyncClient", "aiohttp.ClientSession"}
)
HTTP_METHODS = frozenset({"get", "post", "put", "patch", "delete", "head", "options", "request", "stream"})
HTTP_REQUESTS = frozenset({"azure.core.rest.HttpRequest", "azure.core.pipeline.transport.HttpRequest"})
QUERY_KEYWORDS = ("default_query", "extra_query", "params", "query")


def _query_dict(kw: ast.keyword, ctx: Context) -> tuple[ast.Dict, bool] | None:
    """The dict literal a query keyword passes (``True`` when it is the keyword's own value, else
    it is the dict a name is bound to) when it holds the ``"api-version"`` key."""
    value = kw.value
    inline = True
    if isinstance(value, ast.Name):
        value = ut.single_binding(value, ctx)
        inline = False
    if isinstance(value, ast.Dict) and dict_key(value, "api-version") is not None:
        return value, inline
    return None


def _http_url(call: ast.Call, ctx: Context) -> ast.AST | None:
    """The URL argument of an HTTP call (``requests``/``httpx``/``aiohttp``/azure-core)."""
    quals = ctx.qualnames(call.func)
    method = None
    if quals & HTTP_FUNCS:
        method = min(quals & HTTP_FUNCS).rsplit(".", 1)[1]
    elif quals & HTTP_REQUESTS:
        method = "request"
    else:
        for member in ctx.members(call.func):
            owner = member.owner
            if owner is not None and owner.kind == "instance" and owner.name in HTTP_SESSIONS and member.name in HTTP_METHODS:
                method = member.name
                break
    if method is None:
        return None
    for kw in call.keywords:
        if kw.arg == "url":
            return kw.value
    index = 1 if method in ("request", "stream") else 0
    if len(call.args) > index and not isinstance(call.args[index], ast.Starred):
        return call.args[index]
    return None


def _inference_send_request(ctx: Context) -> bool:
    """The call being visited is the argument of ``send_request`` on an Inference client."""
    parent = ctx.parent()
    if not isinstance(parent, ast.Call):
        return False
    for member in ctx.members(parent.func):
        owner = member.owner
        if member.name == "send_request" and owner is not None and owner.name in known.INFERENCE_CLIENTS:
            return True
    return False


def openai_query_context(call: ast.Call, kw: ast.keyword, ctx: Context) -> str | None:
    """Where a query keyword of an openai client call goes: ``"client"``, ``"options"``,
    ``"request"`` or ``None``."""
    if kw.arg == "default_query" and ctx.qualnames(call.func) & OPENAI_CLASSES:
        return "client"
    for member in ctx.members(call.func):
        owner = member.owner
        if owner is None or owner.kind != "instance" or owner.name not in known.OPENAI_CLIENTS:
            continue
        if kw.arg == "default_query" and member.name in ("with_options", "copy"):
            return "options"
        if kw.arg in ("extra_query", "query"):
            return "request"
    return None


@register
class QueryApiVersion(Rule):
    code = "AOM406"
    symbol = "query-api-version"
    category = Category.API_VERSION
    message = "`{keyword}` sends \"api-version\": {value} to {service}: {advice}"
    summary = (
        "Flags `\"api-version\"` keys in query dicts: `default_query=` of openai clients and "
        "`with_options()`, `extra_query=` of openai calls, and `params=` of `requests`/`httpx`/"
        "`aiohttp`/azure-core `HttpRequest` calls to Azure OpenAI URLs."
    )
    why = (
        "The v1 endpoint needs no api-version: `{\"api-version\": \"preview\"}` on an `OpenAI` client "
        "was only needed during the v1 preview, and a dated value on a REST call pins the request to "
        "the old API (use the `/openai/v1/<op>` URL instead)."
    )
    example = (
        "from openai import OpenAI\n\n"
        "client = OpenAI(\n"
        '    base_url="https://my-resource.openai.azure.com/openai/v1/",\n'
        "    api_key=key,\n"
        '    default_query={"api-version": "preview"},\n'
        ")\n"
    )
    use_instead = (
        "from openai import OpenAI\n\n"
        'client = OpenAI(base_url="https://my-resource.openai.azure.com/openai/v1/", api_key=key)\n'
    )
    references = (
        API_VERSION_LIFECYCLE,
        "https://github.com/openai/openai-python#request-options",
    )
    fixable = True
    fix_applicability = Applicability.UNSAFE
    fix_safety = (
        'Unsafe: the request no longer sends an api-version, which is right only against '
        'the /openai/v1/ endpoint.'
    )
    invalid = (
        'from openai import OpenAI\nc = OpenAI(base_url=u, api_key=k, default_query={"api-version": "preview"})\n',
        "from openai import OpenAI\nc = OpenAI(base_url=u, api_key=k)\n"
        'c.chat.completions.create(model="m", messages=[], extra_query={"api-version": "2024-10-21"})\n',
        "import requests\n"
        'requests.post(f"{endpoint}/openai/deployments/{dep}/chat/completions", params={"api-version": "2024-06-01"}, json=body)\n',
        "import httpx\n"
        'URL = "https://r.openai.azure.com/openai/deployments/d/embeddings"\n'
        'params = {"api-version": "2024-06-01"}\n'
        "async def f():\n    async with httpx.AsyncClient() as http:\n        await http.post(URL, params=params, json={})\n",
        "from azure.core.rest import HttpRequest\n"
        'req = HttpRequest("POST", "https://r.services.ai.azure.com/models/chat/completions", params={"api-version": "2024-05-01-preview"})\n',
    )
    valid = (
        'import requests\nrequests.get("https://management.azure.com/subscriptions", params={"api-version": "2022-12-01"})\n',
        'import requests\nrequests.get(f"https://{v}.vault.azure.net/secrets/s", params={"api-version": "7.4"})\n',
        'import requests\nrequests.post(url, params={"api-version": "2024-06-01"})\n',
        'session.post("https://r.openai.azure.com/openai/deployments/d/chat/completions", params={"api-version": "2024-06-01"})\n',
        'from openai import OpenAI\nc = OpenAI(base_url=u, api_key=k, default_query={"tenant": "x"})\n',
        'from google import genai\nc = genai.Client(http_options={"api_version": "v1alpha"})\n',
        'import requests\nrequests.post("https://x.services.ai.azure.com/models/images/embeddings", params={"api-version": "2024-05-01-preview"})\n',
    )
    node_types = (ast.Call,)

    def visit(self, node: ast.AST, ctx: Context) -> None:
        for kw in node.keywords:
            if kw.arg not in QUERY_KEYWORDS:
                continue
            found = _query_dict(kw, ctx)
            if found is None:
                continue
            mapping, inline = found
            key_value = dict_key(mapping, "api-version")
            context = openai_query_context(node, kw, ctx) if kw.arg != "params" else None
            if context is not None:
                self._openai(node, kw, mapping, inline, key_value, ctx)
            elif kw.arg == "params":
                self._http(node, kw, mapping, inline, key_value, ctx)

    def _key_node(self, mapping: ast.Dict) -> ast.AST:
        for key in mapping.keys:
            if isinstance(key, ast.Constant) and key.value == "api-version":
                return key
        return mapping

    def _openai(self, call, kw, mapping, inline, value, ctx) -> None:
        rest = dict_without(mapping, ctx, ["api-version"])
        if inline:
            snippet = render_call(call, ctx, drop={kw.arg}) if rest is None else render_call(call, ctx, replace={kw.arg: rest})
            replace = call
        else:
            snippet, replace = (rest or "{}"), mapping
        ctx.report(
            self, self._key_node(mapping), snippet=snippet, replace=replace, keyword=kw.arg,
            value=short(ctx.segment(value), 24), service="the /openai/v1/ endpoint", advice="it needs none, drop the key",
        )

    def _http(self, call, kw, mapping, inline, value, ctx) -> None:
        url = _http_url(call, ctx)
        relative_ok = ctx.qualnames(call.func) & HTTP_REQUESTS and _inference_send_request(ctx)
        if url is None:
            return
        version = value if isinstance(value, ast.Constant) else None
        dated = version is not None and data.is_version(version.value, dated_only=True)
        found = analyse(url, ctx, dated_hint=dated or bool(relative_ok))
        if found is None:
            return
        info, fields = found
        rest = dict_without(mapping, ctx, ["api-version"])
        changes: dict = {"drop": {kw.arg}} if rest is None or not inline else {"replace": {kw.arg: rest}}
        new_url = ut.rewrite(info, fields) if isinstance(url, (ast.Constant, ast.JoinedStr, ast.BinOp)) else None
        if new_url is not None:
            index = next((i for i, a in enumerate(call.args) if a is url), None)
            if index is not None:
                changes["positional"] = {index: new_url}
            else:
                changes.setdefault("replace", {})["url"] = new_url
        body = next((k for k in call.keywords if k.arg == "json"), None)
        if info.deployment and body is not None and isinstance(body.value, ast.Dict) and dict_key(body.value, "model") is None:
            text = ctx.segment(body.value).strip()
            inner = text[1:-1].strip()
            model = f'"model": {info.deployment}'
            changes.setdefault("replace", {})["json"] = "{" + model + (", " + inner if inner else "") + "}"
        snippet = render_call(call, ctx, **changes)
        if not inline:
            snippet = f"{ctx.segment(kw.value)} = {rest or '{}'}\n{snippet}"
        if not snippets.parses(snippet):
            snippet = rest or "{}"
        ctx.report(
            self, self._key_node(mapping) if inline else kw.value, snippet=snippet, keyword=kw.arg,
            value=short(ctx.segment(value), 24), service=info.service, advice=advice(info),
        )
