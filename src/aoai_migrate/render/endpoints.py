"""``base_url`` for the migrated OpenAI client: endpoint expressions of Azure AI Inference clients,
``AzureOpenAI(azure_endpoint=/base_url=)`` and the 0.x ``openai.api_base``, rendered from the user's
own text. Part of the :mod:`aoai_migrate.render.clients` API (re-exported there).

* A literal endpoint follows api-map §2.3: ``https://<res>.services.ai.azure.com/models`` ->
  ``https://<res>.services.ai.azure.com/openai/v1/``; ``https://<res>.openai.azure.com/openai/
  deployments/<dep>`` -> ``https://<res>.openai.azure.com/openai/v1/`` (``<dep>`` becomes
  ``model=``); GitHub Models -> ``https://models.github.ai/inference``; serverless
  (``*.models.ai.azure.com``), managed compute (``*.inference.ml.azure.com``) and unknown hosts keep
  their URL and are marked for manual review. F-strings are transformed the same way, their
  ``{...}`` fields kept. A module constant is resolved and rendered as the migrated literal.
* Any other expression is kept verbatim as ``f"{expr.rstrip('/')}/openai/v1/"`` (a concatenation
  when the expression's quotes would clash in a Python 3.10 f-string): it must then hold the
  resource root.
"""

from __future__ import annotations

import ast
import dataclasses
import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from .. import foreign
from . import nulls, snippets
from .snippets import shorten  # noqa: F401  (re-exported: one abbreviation for every message)

if TYPE_CHECKING:
    from ..engine import Context

ENV_ENDPOINT = 'os.environ["AZURE_OPENAI_ENDPOINT"]'
PLACEHOLDER_BASE_URL = "https://<resource>.openai.azure.com/openai/v1/"


# -- base_url -------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class BaseUrl:
    """The ``base_url=`` argument. ``kind``: ``foundry``, ``aoai``, ``v1``, ``github``,
    ``serverless``, ``managed``, ``unknown`` (literal URLs), ``expression``, ``env`` or ``missing``.
    ``deployment`` is the source text of a deployment found in the URL (it becomes ``model=``)."""

    text: str
    kind: str
    deployment: str | None = None
    note: str | None = None

    @property
    def review(self) -> bool:
        return self.kind in ("serverless", "managed", "unknown", "missing")


_REVIEW_NOTES = {
    "serverless": "serverless endpoint: no documented /openai/v1/ mapping, review base_url manually",
    "managed": "managed compute endpoint: no documented /openai/v1/ mapping, review base_url manually",
    "unknown": "unrecognised endpoint, review base_url manually",
}
_LITERAL = re.compile(r"(?P<prefix>[rRuUfF]{0,2})(?P<quote>'''|\"\"\"|'|\")(?P<body>.*)(?P=quote)\Z", re.S)


def base_url_for(expr: ast.AST | None, ctx: "Context", flavour: str = "inference", env_fallback: bool = False) -> BaseUrl:
    """``base_url`` for an endpoint expression.

    ``flavour`` says what the expression held: ``"inference"`` (an Inference ``endpoint``),
    ``"azure"`` (an ``azure_endpoint`` / 0.x ``api_base``: the resource root) or ``"base_url"``
    (an ``AzureOpenAI(base_url=...)``: ``<root>/openai`` or ``<root>/openai/deployments/<dep>``).
    ``env_fallback``: the expression is an ``AzureOpenAI(azure_endpoint=...)``, which read
    ``AZURE_OPENAI_ENDPOINT`` when it was None; an expression that may be None keeps that fallback.
    """
    if expr is None:
        if flavour == "inference":
            return BaseUrl(snippets.string(PLACEHOLDER_BASE_URL), "missing", None, "review base_url manually")
        text = rooted(ENV_ENDPOINT)
        return BaseUrl(text, "env", None, "OpenAI does not read AZURE_OPENAI_ENDPOINT: pass it explicitly")
    # a string literal, or a name bound to one string constant
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return _from_template(expr.value, flavour, fstring=None)
    if isinstance(expr, ast.JoinedStr):
        match = _LITERAL.match(ctx.segment(expr))
        if match and "\\" not in match.group("body"):
            return _from_template(match.group("body"), flavour, fstring=match)
    if isinstance(expr, (ast.Name, ast.Attribute, foreign.Carried)):
        strings = {v.name for v in ctx.infer(expr) if v.kind == "str"}
        others = [v for v in ctx.infer(expr) if v.kind != "str"]
        # `root = endpoint or "https://..."`: the default is one value, the caller's another
        if len(strings) == 1 and not others and runtime_part(expr, ctx) is None:
            return _from_template(next(iter(strings)), flavour, fstring=None)
    text = ctx.segment(expr)
    if flavour == "base_url":
        return BaseUrl(text, "unknown", None, f"`{shorten(text)}` must end in /openai/v1/, review base_url manually")
    note = None
    if flavour == "inference":
        note = f"`{shorten(text)}` must hold the resource root (https://<resource>.openai.azure.com)"
    elif env_fallback and nulls.may_be_none(expr, ctx):
        # AzureOpenAI read AZURE_OPENAI_ENDPOINT when azure_endpoint was None; OpenAI reads nothing
        if _reads_env_endpoint(expr):
            text = ENV_ENDPOINT  # the same variable, read where AzureOpenAI would have read it
        else:
            note = f"`{shorten(text)}` may be None: AZURE_OPENAI_ENDPOINT, which AzureOpenAI then read, stays the fallback"
            text = f"{text if is_atom(text) else f'({text})'} or {ENV_ENDPOINT}"
    return BaseUrl(rooted(text), "expression", None, note)


def runtime_part(expr: ast.AST, ctx: "Context", depth: int = 0) -> ast.AST | None:
    """A part of what ``expr`` may hold that is no string this code writes (a parameter, a
    caller's value, a call), following ``or`` / conditional alternatives and assigned names;
    ``None`` when every path is a string constant (or a name bound elsewhere, such as an
    imported setting, whose value inference knows)."""
    if depth > 8:
        return expr
    if isinstance(expr, ast.Constant):
        return None if isinstance(expr.value, str) else expr
    if isinstance(expr, ast.BoolOp) and isinstance(expr.op, ast.Or):
        return next((r for v in expr.values if (r := runtime_part(v, ctx, depth + 1)) is not None), None)
    if isinstance(expr, ast.IfExp):
        return runtime_part(expr.body, ctx, depth + 1) or runtime_part(expr.orelse, ctx, depth + 1)
    if isinstance(expr, ast.Name):
        bindings = ctx.sem.lookup(expr.id, ctx.scope)
        if not bindings:
            return expr
        for kind, payload, _ in bindings:
            if kind in ("param", "unpack", "ann"):
                return expr
            if kind == "expr" and isinstance(payload, ast.AST):
                found = runtime_part(payload, ctx, depth + 1)
                if found is not None:
                    return found
        return None
    if isinstance(expr, (ast.Attribute, foreign.Carried)):
        return None
    return expr


def _reads_env_endpoint(expr: ast.AST) -> bool:
    """``os.getenv("AZURE_OPENAI_ENDPOINT")`` / ``os.environ.get("AZURE_OPENAI_ENDPOINT")``."""
    return (
        nulls.none_source(expr) and isinstance(expr, ast.Call)
        and isinstance(expr.args[0], ast.Constant) and expr.args[0].value == "AZURE_OPENAI_ENDPOINT"
        and isinstance(expr.func, ast.Attribute) and ast.unparse(expr.func) in ("os.getenv", "os.environ.get")
    )


def mentions_v1(expr: ast.AST | None, ctx: "Context") -> bool:
    """``expr`` builds a URL containing ``/openai/v1`` (a literal, f-string, concatenation or a
    name bound to such a string)."""
    if expr is None:
        return False
    for node in ast.walk(expr):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and "/openai/v1" in node.value:
            return True
        if isinstance(node, (ast.Name, ast.Attribute)):
            if any(v.kind == "str" and "/openai/v1" in v.name for v in ctx.infer(node)):
                return True
    return False


def rooted(text: str) -> str:
    """``f"{text.rstrip('/')}/openai/v1/"``, or a concatenation when an f-string would not parse
    on Python 3.10 (quotes of both kinds, backslashes, braces or colons in the expression)."""
    base = text if is_atom(text) else f"({text})"
    if "\n" not in text and not set(text) & set("{}\\#:!"):
        for outer, inner in (('"', "'"), ("'", '"')):
            if outer not in text:
                candidate = f"f{outer}{{{base}.rstrip({inner}/{inner})}}/openai/v1/{outer}"
                if snippets.parses(candidate):
                    return candidate
    return f'{base}.rstrip("/") + "/openai/v1/"'


def receiver(text: str) -> str:
    return text if is_atom(text) and not text.lstrip("-").isdigit() else f"({text})"


def is_atom(text: str) -> bool:
    try:
        node = ast.parse(text.strip(), mode="eval").body
    except (SyntaxError, ValueError):
        return False
    return isinstance(node, (ast.Name, ast.Attribute, ast.Subscript, ast.Call, ast.Constant))


def _from_template(body: str, flavour: str, fstring: "re.Match[str] | None") -> BaseUrl:
    """Transform a URL (a plain string, or the body of an f-string whose ``{...}`` fields are
    opaque) into its migrated form."""

    def render(url: str) -> str:
        if fstring is None:
            return snippets.string(url)
        prefix = fstring.group("prefix")
        if "{" not in url:
            prefix = prefix.replace("f", "").replace("F", "")
        return f"{prefix}{fstring.group('quote')}{url}{fstring.group('quote')}"

    def deployment(segment: str) -> str | None:
        if not segment:
            return None
        if fstring is None:
            return snippets.string(segment)
        field = re.fullmatch(r"\{([^{}!:]+)\}", segment)
        if field:
            return field.group(1).strip()
        return render(segment) if "{" in segment else snippets.string(segment)

    root, path = _split_root(body)
    if root is None:
        return BaseUrl(render(body), "unknown", None, _REVIEW_NOTES["unknown"])
    host = _host(root)
    lower = path.lower()
    dep_match = re.match(r"(?P<pre>.*?)/openai/deployments/(?P<dep>[^/?#]+)", path, re.I)
    v1 = re.search(r"/openai/v1(?:/|$|\?)", lower)

    if flavour in ("azure", "base_url"):
        if v1:
            return BaseUrl(render(body), "v1")
        if dep_match:
            return BaseUrl(render(root + dep_match.group("pre") + "/openai/v1/"), "aoai",
                           deployment(dep_match.group("dep")))
        cut = lower.find("/openai")
        if cut >= 0:
            return BaseUrl(render(root + path[:cut] + "/openai/v1/"), "aoai")
        if flavour == "base_url":
            return BaseUrl(render(body), "unknown", None,
                           "base_url without /openai: review it manually (v1 needs .../openai/v1/)")
        return BaseUrl(render(root + path.rstrip("/") + "/openai/v1/"), "aoai")

    # an Inference endpoint
    if host == "models.inference.ai.azure.com":
        return BaseUrl(render("https://models.github.ai/inference"), "github", None,
                       "GitHub Models moved to https://models.github.ai/inference (model ids like openai/gpt-4o)")
    if host == "models.github.ai":
        return BaseUrl(render(body), "github")
    if host.endswith(".models.ai.azure.com"):
        return BaseUrl(render(body), "serverless", None, _REVIEW_NOTES["serverless"])
    if host.endswith(".inference.ml.azure.com"):
        return BaseUrl(render(body), "managed", None, _REVIEW_NOTES["managed"])
    field_root = re.fullmatch(r"\{[^{}]+\}", root) is not None
    azure_host = host.endswith((".services.ai.azure.com", ".openai.azure.com", ".cognitiveservices.azure.com"))
    if not (azure_host or field_root):
        return BaseUrl(render(body), "unknown", None, _REVIEW_NOTES["unknown"])
    migrated = render(root + "/openai/v1/")
    kind = "foundry" if host.endswith(".services.ai.azure.com") else "aoai"
    if dep_match and not dep_match.group("pre"):
        return BaseUrl(migrated, "aoai", deployment(dep_match.group("dep")))
    stripped = lower.rstrip("/")
    if field_root and not stripped:
        return BaseUrl(migrated, kind, None, f"`{root[1:-1].strip()}` must hold the resource root")
    if stripped in ("", "/models", "/openai") or (v1 and v1.start() == 0):
        return BaseUrl(migrated, kind)
    return BaseUrl(migrated, kind, None, "unexpected endpoint path, review base_url manually")


def _split_root(body: str) -> tuple[str | None, str]:
    """``(scheme://host[:port] or a leading {field}, rest of the path)``."""
    field = re.match(r"\{[^{}]+\}(?=/|$)", body)
    if field:
        return field.group(0), body[field.end():].split("?", 1)[0].split("#", 1)[0]
    try:
        parts = urlsplit(body)
    except ValueError:
        return None, body
    if not parts.scheme or not parts.netloc:
        return None, body
    return f"{parts.scheme}://{parts.netloc}", parts.path


def _host(root: str) -> str:
    if root.startswith("{"):
        return root
    host = root.split("://", 1)[-1].rsplit("@", 1)[-1]
    if not host.startswith("["):
        host = re.sub(r":[^:]*$", "", host)
    return host.lower()


#: what a kept ``websocket_base_url`` must be after the migration
_WEBSOCKET_NOTE = (
    "`{text}` is kept as websocket_base_url: OpenAI connects to <it>/realtime?model=<deployment> "
    "(no api-version, no deployment=), so it must be the v1 realtime base "
    "(wss://<resource>.openai.azure.com/openai/v1)"
)


def websocket_base(expr: ast.AST, ctx: "Context") -> tuple[str, str | None]:
    """``AzureOpenAI(websocket_base_url=...)`` for ``OpenAI``: the resource's ``.../openai``
    base (AzureOpenAI added ``/realtime?api-version=...&deployment=...``) becomes
    ``.../openai/v1`` (OpenAI adds ``/realtime?model=...``); another base is kept, with a note."""
    text = ctx.segment(expr)
    literal = expr.value if isinstance(expr, ast.Constant) and isinstance(expr.value, str) else None
    if literal is not None:
        root = literal.rstrip("/")
        if root.endswith("/openai/v1"):
            return text, None
        if root.endswith("/openai"):
            return snippets.string(root + "/v1"), None
    return text, _WEBSOCKET_NOTE.format(text=shorten(text))
