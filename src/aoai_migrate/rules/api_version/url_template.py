"""URLs built in code, seen as templates: literal text plus opaque fields (f-string fields,
``str.format`` placeholders, operands of ``+``). Classifies Azure OpenAI / AI Services request URLs
and rewrites them to the v1 form ``…/openai/v1/<op>``, keeping the user's fields.

A template is a tuple of parts: ``("lit", text)`` or ``("field", expression source)``. Analysis
runs on an encoded string where field ``i`` is ``\\x01i\\x02`` and a ``str.format`` placeholder
stays ``{name}``; both count as one opaque token.
"""

from __future__ import annotations

import ast
import re
from typing import TYPE_CHECKING, NamedTuple

from ... import data
from ...render import snippets

if TYPE_CHECKING:
    from ...engine import Context

Part = tuple  # ("lit", text) | ("field", source text)

_TOKEN = r"(?:\x01\d+\x02|\{[^{}]*\})"
_SEGMENT = rf"(?:{_TOKEN}|[^/?#\s\x01\x02{{}}])+"
_QUERY = re.compile(rf"(?P<sep>[?&])api-version=(?P<value>{_TOKEN}|[^&#\s\x01\x02{{}}]*)", re.I)
_SCHEME_HOST = re.compile(rf"^(?P<scheme>https?|wss?)://(?P<host>(?:{_TOKEN}|[^/?#\x01\x02{{}}])*)", re.I)
_ROOT_FIELD = re.compile(rf"^{_TOKEN}")
_DEPLOYMENT = re.compile(rf"/openai/deployments/(?P<dep>{_SEGMENT})(?=/|\?|#|$)", re.I)
_DEPLOYMENT_LIST = re.compile(r"/openai/deployments/?(?=\?|#|$)", re.I)
_OPENAI_V1 = re.compile(r"/openai/v1(?=/|\?|#|$)", re.I)
_OPENAI_OTHER = re.compile(r"/openai/(?!v1(?:/|\?|#|$))(?=[^?#/\s])", re.I)
_MODELS = re.compile(r"/models/(?P<op>chat/completions|embeddings|info)(?=/|\?|#|$)", re.I)
_BARE_OPS = re.compile(r"^/(?P<op>chat/completions|embeddings)/?(?=\?|#|$)", re.I)

#: hosts that serve Azure OpenAI under /openai/ (Azure public, Government, China)
_AOAI_HOSTS = (".openai.azure.com", ".openai.azure.us", ".openai.azure.cn")
#: AI Services / Foundry hosts: Azure OpenAI only under an OpenAI-shaped path
_SERVICES_HOSTS = (
    ".services.ai.azure.com", ".cognitiveservices.azure.com", ".cognitiveservices.azure.us",
    ".cognitiveservices.azure.cn",
)
#: Azure hosts that are certainly not Azure OpenAI data planes
_OTHER_AZURE = ("management.azure.com", "management.usgovcloudapi.net", "management.chinacloudapi.cn",
                ".vault.azure.net", ".blob.core.windows.net", "login.microsoftonline.com", "graph.microsoft.com")


class UrlInfo(NamedTuple):
    """An Azure OpenAI / AI Services request URL.

    ``service``    what the URL talks to, for messages
    ``v1_path``    the path of the v1 equivalent (``/openai/v1/chat/completions``)
    ``deployment`` source text of the deployment in the URL (it moves to ``model``), or ``None``
    ``is_v1``      already a ``/openai/v1/`` URL
    ``needs_root`` the URL starts with a field that must hold the resource root
    ``encoded``    the encoded template (for rewriting)
    """

    service: str
    v1_path: str
    deployment: str | None
    is_v1: bool
    needs_root: bool
    encoded: str


class QueryVersion(NamedTuple):
    """``api-version=`` in a URL: ``value`` (literal text, or the resolved constant) and whether it
    came from a field (``{API_VERSION}``)."""

    value: str
    from_field: bool


# -- templates -------------------------------------------------------------------------------------


def template(node: ast.AST, ctx: "Context", follow: bool = False) -> tuple[Part, ...] | None:
    """The template of a string expression: a literal, an f-string, a ``+`` chain of strings and
    expressions (at least one string). ``follow``: a name bound once to such an expression is
    followed."""
    if isinstance(node, ast.Constant):
        return (("lit", node.value),) if isinstance(node.value, str) else None
    if isinstance(node, ast.JoinedStr):
        parts: list[Part] = []
        for value in node.values:
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                parts.append(("lit", value.value))
            elif isinstance(value, ast.FormattedValue):
                parts.append(("field", _field_text(value)))
            else:
                return None
        return tuple(parts)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        operands = add_operands(node)
        if not any(isinstance(o, (ast.Constant, ast.JoinedStr)) for o in operands):
            return None
        parts = []
        for operand in operands:
            sub = template(operand, ctx) if isinstance(operand, (ast.Constant, ast.JoinedStr)) else None
            if sub is None:
                parts.append(("field", ast.unparse(operand)))
            else:
                parts.extend(sub)
        return tuple(parts)
    if follow and isinstance(node, ast.Name):
        bound = single_binding(node, ctx)
        if bound is not None and not isinstance(bound, ast.Name):
            return template(bound, ctx)
        strings = {v.name for v in ctx.infer(node) if v.kind == "str"}
        if len(strings) == 1 and all(v.kind == "str" for v in ctx.infer(node)):
            return (("lit", next(iter(strings))),)
    return None


def single_binding(name: ast.Name, ctx: "Context") -> ast.AST | None:
    """The expression a name is bound to, when it is bound exactly once by an assignment."""
    bindings = ctx.sem.lookup(name.id, ctx.scope)
    if len(bindings) != 1:
        return None
    kind, payload, _ = bindings[0]
    return payload if kind == "expr" else None


def add_operands(node: ast.AST) -> list[ast.AST]:
    """The operands of a ``+`` chain, left to right."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return add_operands(node.left) + add_operands(node.right)
    return [node]


def _field_text(value: ast.FormattedValue) -> str:
    text = ast.unparse(value.value)
    if value.conversion and value.conversion > 0:
        text += "!" + chr(value.conversion)
    if value.format_spec is not None:
        spec = ast.unparse(value.format_spec)
        text += ":" + spec[2:-1] if spec.startswith(("f'", 'f"')) else ""
    return text


def encode(parts: tuple[Part, ...]) -> tuple[str, list[str]]:
    """``(encoded string, field texts)``."""
    out, fields = [], []
    for kind, text in parts:
        if kind == "lit":
            out.append(text.replace("\x01", "").replace("\x02", ""))
        else:
            out.append(f"\x01{len(fields)}\x02")
            fields.append(text)
    return "".join(out), fields


def _plain(encoded: str) -> str:
    return re.sub(r"\x01\d+\x02", "{}", encoded)


def _field_of(token: str, fields: list[str]) -> str | None:
    match = re.fullmatch(r"\x01(\d+)\x02", token)
    return fields[int(match.group(1))] if match else None


# -- analysis --------------------------------------------------------------------------------------


def query_version(encoded: str, fields: list[str], ctx: "Context", field_nodes: dict[str, ast.AST] | None = None) -> QueryVersion | None:
    """The literal ``api-version`` a URL template sends, or ``None`` (absent, a placeholder, or a
    field that does not resolve to a version constant)."""
    match = _QUERY.search(encoded)
    if match is None:
        return None
    value = match.group("value")
    field = _field_of(value, fields)
    if field is not None:
        node = (field_nodes or {}).get(field)
        if node is None:
            return None
        strings = {v.name for v in ctx.infer(node)}
        kinds = {v.kind for v in ctx.infer(node)}
        if len(strings) == 1 and kinds == {"str"} and data.is_version(next(iter(strings))):
            return QueryVersion(next(iter(strings)), True)
        return None
    if data.is_version(value):
        return QueryVersion(value, False)
    return None


def classify(encoded: str, fields: list[str], *, bare_ops: bool = False) -> UrlInfo | None:
    """An Azure OpenAI / AI Services request URL, or ``None``. ``bare_ops``: also accept a field
    root followed by ``/chat/completions`` or ``/embeddings`` (the caller has other evidence, such
    as a dated ``api-version``)."""
    path_part = encoded.split("?", 1)[0].split("#", 1)[0]
    match = _SCHEME_HOST.match(path_part)
    if match:
        host = match.group("host")
        host_plain = re.sub(_TOKEN, "", host).lower()
        path = path_part[match.end():]
        host_is_field = not host_plain.strip(".:-")
        if any(host_plain.endswith(h) or h in host_plain for h in _OTHER_AZURE):
            return None
        if host_plain.endswith(_AOAI_HOSTS) or any(h in host_plain for h in _AOAI_HOSTS):
            service = "Azure OpenAI"
        elif host_plain.endswith(_SERVICES_HOSTS) or any(h in host_plain for h in _SERVICES_HOSTS):
            service = "Azure AI Services"
        elif host_is_field:
            service = "Azure OpenAI"
        else:
            service = ""
        needs_root = False
    else:
        root = _ROOT_FIELD.match(path_part)
        if root:
            path = path_part[root.end():]
        elif path_part.startswith("/"):
            path = path_part
        else:
            return None
        service, needs_root = "", bool(root)
    if "images/embeddings" in path.lower():
        return None  # no v1 equivalent (see AOM603)
    deployment = None
    if _OPENAI_V1.search(path):
        rest = path[_OPENAI_V1.search(path).end():].strip("/")
        return UrlInfo(service or "Azure OpenAI", "/openai/v1/" + _plain(rest), None, True, needs_root, encoded)
    dep = _DEPLOYMENT.search(path)
    if dep:
        rest = path[dep.end():].strip("/")
        token = dep.group("dep")
        deployment = _field_of(token, fields) or (token if token.startswith("{") else snippets.string(token))
        return UrlInfo(service or "Azure OpenAI", "/openai/v1/" + _plain(rest), deployment, False, needs_root, encoded)
    if _DEPLOYMENT_LIST.search(path):
        return UrlInfo(service or "Azure OpenAI", "/openai/v1/models", None, False, needs_root, encoded)
    other = _OPENAI_OTHER.search(path)
    if other:
        rest = path[other.end():].strip("/")
        return UrlInfo(service or "Azure OpenAI", "/openai/v1/" + _plain(rest), None, False, needs_root, encoded)
    models = _MODELS.search(path)
    if models and (service or needs_root or match is not None and host_is_field):
        op = models.group("op").lower()
        v1 = "/openai/v1/models" if op == "info" else f"/openai/v1/{op}"
        return UrlInfo(service or "Azure AI model inference", v1, None, False, needs_root, encoded)
    if bare_ops and (needs_root or (match is not None and host_is_field)):
        bare = _BARE_OPS.match(path)
        if bare:
            return UrlInfo("Azure OpenAI", f"/openai/v1/{bare.group('op').lower()}", None, False, True, encoded)
    return None


# -- rewriting -------------------------------------------------------------------------------------


def rewrite(info: UrlInfo, fields: list[str]) -> str | None:
    """The v1 URL as a Python string expression, without ``api-version``; ``None`` when it cannot
    be rendered."""
    rendered = render(rewrite_encoded(info), fields)
    return rendered if rendered is not None and snippets.parses(rendered) else None


def rewrite_encoded(info: UrlInfo) -> str:
    """The encoded template of the v1 URL (fields still opaque), without ``api-version``."""
    text = _drop_query(info.encoded)
    if not info.is_v1:
        text, count = _DEPLOYMENT.subn("/openai/v1", text, count=1)
        if not count:
            text, count = _DEPLOYMENT_LIST.subn("/openai/v1/models", text, count=1)
        if not count:
            text, count = _OPENAI_OTHER.subn("/openai/v1/", text, count=1)
        if not count:
            text, count = _MODELS.subn(lambda m: "/openai/v1/models" if m.group("op").lower() == "info"
                                       else f"/openai/v1/{m.group('op')}", text, count=1)
        if not count:
            text = _rewrite_bare(text)
    return _REALTIME_DEPLOYMENT.sub(r"\g<path>\g<sep>model=", text)


#: the preview realtime URL names the deployment as ``deployment=``; the v1 one takes ``model=``
_REALTIME_DEPLOYMENT = re.compile(r"(?P<path>/openai/v1/realtime(?:\?|[^#]*?&))(?P<sep>)deployment=", re.I)


def _rewrite_bare(text: str) -> str:
    root = _ROOT_FIELD.match(text)
    if root is None:
        match = _SCHEME_HOST.match(text)
        cut = match.end() if match else 0
    else:
        cut = root.end()
    return text[:cut] + re.sub(r"^/(?=chat/completions|embeddings)", "/openai/v1/", text[cut:], flags=re.I)


def _drop_query(text: str) -> str:
    def repl(match: re.Match[str]) -> str:
        if match.group("sep") == "?":
            return "?"
        return ""

    text = _QUERY.sub(repl, text, count=1)
    text = text.replace("?&", "?")
    if text.endswith("?"):
        text = text[:-1]
    return re.sub(r"\?(?=#|$)", "", text)


def render(encoded: str, fields: list[str]) -> str | None:
    """A Python string expression for an encoded template: a plain string when no field is left
    (its braces stay literal, as in a ``str.format`` template), else an f-string."""
    pieces = re.split(r"(\x01\d+\x02)", encoded)
    if not any(_field_of(p, fields) is not None for p in pieces if p):
        return snippets.string(encoded)
    out = []
    for piece in pieces:
        field = _field_of(piece, fields)
        if field is not None:
            if '"' in field or "\\" in field or "\n" in field:
                return None
            out.append("{" + field + "}")
        else:
            escaped = piece.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
            out.append(escaped.replace("{", "{{").replace("}", "}}"))
    return 'f"' + "".join(out) + '"'


def field_nodes(node: ast.AST) -> dict[str, ast.AST]:
    """Field source text -> expression node, for the fields of an f-string or ``+`` chain."""
    out: dict[str, ast.AST] = {}
    if isinstance(node, ast.JoinedStr):
        for value in node.values:
            if isinstance(value, ast.FormattedValue):
                out[_field_text(value)] = value.value
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        for operand in add_operands(node):
            if isinstance(operand, ast.JoinedStr):
                out.update(field_nodes(operand))
            elif not isinstance(operand, ast.Constant):
                out[ast.unparse(operand)] = operand
    return out
