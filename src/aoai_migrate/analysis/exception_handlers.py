"""The analysis behind the error-handling rules: which ``except`` clauses catch azure-core
exceptions raised by Azure AI Inference calls, what they become in the openai exception family,
and how their bodies read the caught exception (api-map §7).

One :class:`TryInfo` per ``try`` statement, computed once per run and shared by the rules.
"""

from __future__ import annotations

import ast
import dataclasses
from typing import Any, NamedTuple

from .. import known, model
from ..render import blocks as render_blocks
from ..engine import Context
from ..locate import scope_containing
from ..render.blocks import Edit
from ..semantics import Scope, Value

AZURE_EXCEPTIONS = "azure.core.exceptions"

#: azure-core exception class -> the openai exception raised for the same failure.
OPENAI_EQUIVALENT: dict[str, str] = {
    "HttpResponseError": "openai.APIStatusError",
    "ODataV4Error": "openai.APIStatusError",
    "ResourceModifiedError": "openai.APIStatusError",
    "ResourceNotModifiedError": "openai.APIStatusError",
    "ClientAuthenticationError": "openai.AuthenticationError",
    "ResourceNotFoundError": "openai.NotFoundError",
    "ResourceExistsError": "openai.ConflictError",
    "ServiceRequestError": "openai.APIConnectionError",
    "ServiceResponseError": "openai.APIConnectionError",
    "IncompleteReadError": "openai.APIConnectionError",
    "TooManyRedirectsError": "openai.APIConnectionError",
    "ServiceRequestTimeoutError": "openai.APITimeoutError",
    "ServiceResponseTimeoutError": "openai.APITimeoutError",
    "AzureError": "openai.OpenAIError",
    "DecodeError": "openai.APIResponseValidationError",
    "DeserializationError": "openai.APIResponseValidationError",
}

INFERENCE_FACTORIES = frozenset({f"{known.INFERENCE}.load_client", f"{known.INFERENCE_AIO}.load_client"})
INFERENCE_STREAMS = frozenset({known.STREAMING_CHAT, known.ASYNC_STREAMING_CHAT})
#: Inference client methods with no OpenAI call the migration puts in their place
NO_OPENAI_CALL = frozenset({"get_model_info"})
KEY_CREDENTIAL = known.AZURE_KEY_CREDENTIAL
TOO_MANY_REQUESTS = frozenset({"http.HTTPStatus.TOO_MANY_REQUESTS", "http.client.TOO_MANY_REQUESTS"})

_TOKEN_NOTE = "# azure-identity's token provider still raises this"
_MIXED_NOTE = "# the other Azure SDK calls in this try still raise this"
TOKEN_REASON = " (keep the azure-core handler after it: the token provider still raises ClientAuthenticationError)"
MIXED_REASON = " (keep the azure-core handler after it for the other Azure SDK calls in this `try`)"
_STATE = "error-handling"


class Rewrite(NamedTuple):
    """``node`` (an expression) becomes ``text``."""

    node: ast.AST
    text: str
    attr: str = ""
    advice: str = ""


@dataclasses.dataclass
class Handler:
    node: ast.ExceptHandler
    #: the migrated exception type expression (openai classes and the non-azure ones)
    type_text: str
    #: why the azure-core handler must stay after the migrated one ("" when it need not)
    keep_reason: str
    attributes: list[Rewrite]
    status_checks: list[Rewrite]


@dataclasses.dataclass
class TryInfo:
    node: ast.AST
    #: edits of the ``try`` body (Inference calls migrated) and the imports they need
    body_edits: list[Edit]
    imports: tuple[str, ...]
    #: handlers catching azure-core exceptions, in source order
    handlers: list[Handler]


@dataclasses.dataclass
class _Scan:
    found: bool = False
    other_azure: bool = False
    owners: list[Value] = dataclasses.field(default_factory=list)
    #: (call, member) for Inference method calls written in the scanned statements themselves
    direct: list[tuple[ast.Call, Value]] = dataclasses.field(default_factory=list)


def analyze_try(node: ast.AST, ctx: Context) -> TryInfo | None:
    """The error-handling facts of one ``try`` statement (memoised per run)."""
    memo: dict[int, tuple[ast.AST, Any]] = ctx.state.setdefault(_STATE, {})
    hit = memo.get(id(node))
    if hit is not None:
        return hit[1]
    try:
        info = _analyze(node, ctx)
    except (RecursionError, AttributeError, TypeError, ValueError):  # never crash on odd code
        info = None
    memo[id(node)] = (node, info)
    return info


def _analyze(node: ast.AST, ctx: Context) -> TryInfo | None:
    handlers = [h for h in getattr(node, "handlers", ()) if h.type is not None]
    caught = {id(h): _azure_elements(h, ctx) for h in handlers}
    if not any(caught.values()):
        return None
    scan = _scan(ctx, node.body, ctx.scope, follow=True)
    if not scan.found:
        return None
    key_only = _key_auth_only(ctx, scan.owners)
    out: list[Handler] = []
    for handler in handlers:
        elements = caught[id(handler)]
        if not elements:
            continue
        parts: list[str] = []
        keep_reason = MIXED_REASON if scan.other_azure else ""
        for elt in _elements(handler.type):
            short = elements.get(id(elt))
            parts.append(ctx.segment(elt) if short is None else OPENAI_EQUIVALENT[short])
            if short == "ClientAuthenticationError" and not key_only:
                keep_reason = TOKEN_REASON
        if handler.name and _reads(handler, "message"):
            # `AzureError.message`: openai's request errors carry it (`APIError.message`), its base
            # class does not; the calls of the `try` raise those (their base stays for setup errors)
            parts = [_WITH_MESSAGE.get(part, part) for part in parts]
        parts = list(dict.fromkeys(parts))
        type_text = parts[0] if len(parts) == 1 else "(" + ", ".join(parts) + ")"
        # under `except*` the name is bound to an ExceptionGroup: its attributes are not the error's
        attributes, checks = _handler_rewrites(handler, ctx) if not _is_try_star(node) else ([], [])
        out.append(Handler(handler, type_text, keep_reason, attributes, checks))
    edits, imports = _body_edits(scan, ctx)
    return TryInfo(node, edits, imports, out)


#: the openai class a handler catches instead when it reads ``.message`` of the exception
_WITH_MESSAGE = {"openai.OpenAIError": "openai.APIError"}


def _reads(handler: ast.ExceptHandler, attr: str) -> bool:
    """The handler's body reads ``attr`` of the exception it binds."""
    return any(
        isinstance(n, ast.Attribute) and n.attr == attr and _is_name(n.value, handler.name or "")
        and isinstance(n.ctx, ast.Load)
        for n, _ in render_blocks.walk(handler.body)
    )


def _is_try_star(node: ast.AST) -> bool:
    return type(node).__name__ == "TryStar"


def _elements(type_node: ast.AST) -> list[ast.AST]:
    return list(type_node.elts) if isinstance(type_node, ast.Tuple) else [type_node]


def _azure_elements(handler: ast.ExceptHandler, ctx: Context) -> dict[int, str]:
    """``id(element) -> azure-core class name`` for the caught classes that have an openai twin."""
    out: dict[int, str] = {}
    for elt in _elements(handler.type):
        for qual in ctx.qualnames(elt):
            module, _, name = qual.rpartition(".")
            if module == AZURE_EXCEPTIONS and name in OPENAI_EQUIVALENT:
                out[id(elt)] = name
                break
    return out


# -- what the try body calls -----------------------------------------------------------------


def _scan(ctx: Context, stmts: list[ast.stmt], scope: Scope, follow: bool) -> _Scan:
    result = _Scan()
    for node, _parent in render_blocks.walk(stmts):
        if isinstance(node, ast.Call):
            _classify_call(ctx, node, scope, follow, result)
        elif isinstance(node, (ast.For, ast.AsyncFor)):
            if any(v.kind == "instance" and v.name in INFERENCE_STREAMS for v in ctx.infer(node.iter, scope)):
                result.found = True
    return result


def _classify_call(ctx: Context, call: ast.Call, scope: Scope, follow: bool, result: _Scan) -> None:
    values = ctx.infer(call.func, scope)
    if not values and isinstance(call.func, ast.Attribute):
        # a receiver known only to the oracle (pylint's inference across modules)
        values = frozenset(
            Value("member", call.func.attr, None, v)
            for v in ctx.infer(call.func.value, scope)
            if v.kind == "instance"
        )
    for value in values:
        owner = value.owner
        if value.kind == "member" and owner is not None and owner.kind == "instance":
            name = owner.name
            if known.INFERENCE_CLIENTS.get(name, ("",))[0] == "image-embeddings" or (
                name in known.INFERENCE_CLIENTS and value.name in NO_OPENAI_CALL
            ):
                # no OpenAI equivalent the migration applies: the REST call replacing image
                # embeddings keeps azure-core's exceptions, get_model_info() stays as written
                # until it is rewritten by hand (AOM605), so the handler around it stays too
                result.other_azure = True
            elif name in known.INFERENCE_CLIENTS or name in INFERENCE_STREAMS:
                result.found = True
                result.owners.append(owner)
                if follow:  # written in the try body itself
                    result.direct.append((call, value))
            elif name in known.PROJECT_CLIENTS and value.name.startswith("inference."):
                continue  # building an Inference client sends no request
            elif _other_azure(name):
                result.other_azure = True
        elif value.kind == "member" and owner is not None and owner.kind == "result":
            if _other_azure(_origin(owner)):  # `blob_service.get_blob_client(...).upload_blob()`
                result.other_azure = True
        elif value.kind == "qual":
            if value.name in INFERENCE_FACTORIES:
                # load_client() has no OpenAI equivalent (AOM604): the explicit OpenAI(...) that
                # replaces it sends no request, so the handler stays with the call as written
                result.other_azure = True
            elif _other_azure(value.name) and not _builds_object(value.name):
                result.other_azure = True  # a request-sending function of another Azure SDK
        elif value.kind == "function" and follow and isinstance(value.node, Scope):
            inner = _follow(ctx, value.node)
            if inner.found:
                result.found = True
                result.owners.extend(inner.owners)
            result.other_azure |= inner.other_azure


_NO_REQUEST = frozenset({known.SYNC_TOKEN_PROVIDER, known.ASYNC_TOKEN_PROVIDER})


def _other_azure(qualname: str) -> bool:
    return qualname.startswith("azure.") and not known.is_inference_name(qualname)


def _origin(value: Value) -> str:
    """The qualname behind a chain of call results (``a.b().c()`` -> ``a``'s class)."""
    for _ in range(20):
        if value.kind != "result" or value.owner is None:
            break
        value = value.owner
    return value.name


def _builds_object(qualname: str) -> bool:
    """A class, a ``from_*`` factory or a token-provider helper: no request is sent."""
    last = qualname.rsplit(".", 1)[-1]
    return qualname in _NO_REQUEST or last[:1].isupper() or last.startswith("from_")


def _follow(ctx: Context, fn_scope: Scope) -> _Scan:
    """One level into a function of this module (memoised per function)."""
    memo: dict[int, tuple[Scope, _Scan]] = ctx.state.setdefault(_STATE + ":functions", {})
    hit = memo.get(id(fn_scope))
    if hit is not None:
        return hit[1]
    memo[id(fn_scope)] = (fn_scope, _Scan())  # recursion guard
    body = getattr(fn_scope.node, "body", None)
    scan = _scan(ctx, body, fn_scope, follow=False) if isinstance(body, list) else _Scan()
    memo[id(fn_scope)] = (fn_scope, scan)
    return scan


def _key_auth_only(ctx: Context, owners: list[Value]) -> bool:
    """Whether every Inference client reached is built with an ``AzureKeyCredential``."""
    if not owners:
        return False
    memo = ctx.state.setdefault(_STATE + ":scopes", {})
    for owner in owners:
        call = owner.node
        if not isinstance(call, ast.Call):
            return False
        credential = next((kw.value for kw in call.keywords if kw.arg == "credential"), None)
        if credential is None and len(call.args) >= 2:
            credential = call.args[1]
        if credential is None:
            return False
        scope = scope_containing(ctx.sem, call, memo)
        names = {v.name for v in ctx.infer(credential, scope) if v.kind == "instance"}
        if names != {KEY_CREDENTIAL}:
            return False
    return True


def _body_edits(scan: _Scan, ctx: Context) -> tuple[list[Edit], tuple[str, ...]]:
    """The Inference ``complete()``/``embed()`` calls written in the try body, migrated (the
    shared call renderer; a plain method rename when it cannot render one), and the imports
    they need."""
    edits: list[Edit] = []
    imports: list[str] = []
    seen: set[int] = set()
    for call, member in scan.direct:
        if id(call) in seen:
            continue
        seen.add(id(call))
        rendered = render_blocks.migrated_call(call, ctx)
        if rendered is not None:
            edits.append(render_blocks.replace(call, rendered[0]))
            imports.extend(rendered[1])
            continue
        replacement = openai_method(call, member, ctx)
        if replacement is not None:
            edits.append(render_blocks.replace(call.func, replacement))
    # a call nested in another one's arguments: keep the outer edit only
    edits.sort(key=lambda e: (e.line, e.col, -e.end_line, -e.end_col))
    kept: list[Edit] = []
    for edit in edits:
        if kept and (edit.line, edit.col) < (kept[-1].end_line, kept[-1].end_col):
            continue
        kept.append(edit)
    return kept, tuple(imports)


def openai_method(call: ast.Call, member: Value, ctx: Context) -> str | None:
    """The openai spelling of an Inference ``complete``/``embed`` method, on the user's receiver."""
    func = call.func
    if not isinstance(func, ast.Attribute) or member.owner is None:
        return None
    kind = known.INFERENCE_CLIENTS.get(member.owner.name, ("", False))[0]
    if member.name == "complete" and kind in ("chat", "any"):
        return f"{ctx.segment(func.value)}.chat.completions.create"
    if member.name == "embed" and kind in ("embeddings", "any"):
        return f"{ctx.segment(func.value)}.embeddings.create"
    return None


# -- the handler body ------------------------------------------------------------------------


def _handler_rewrites(handler: ast.ExceptHandler, ctx: Context) -> tuple[list[Rewrite], list[Rewrite]]:
    return _rewrites_in(handler.body, handler.name, ctx) if handler.name else ([], [])


def _rewrites_in(stmts: list[ast.stmt], name: str, ctx: Context) -> tuple[list[Rewrite], list[Rewrite]]:
    """Reads of azure-core attributes and 429 tests on the exception ``name`` in ``stmts``."""
    pairs = list(render_blocks.walk(stmts))
    if any(isinstance(n, ast.Name) and n.id == name and not isinstance(n.ctx, ast.Load) for n, _ in pairs):
        return [], []  # the name is rebound: not the caught exception everywhere
    parents = {id(n): p for n, p in pairs}
    attributes: list[Rewrite] = []
    checks: list[Rewrite] = []
    for node, parent in pairs:
        if isinstance(node, ast.Attribute) and _is_name(node.value, name) and isinstance(node.ctx, ast.Load):
            rewrite = _attribute_rewrite(node, parent, parents.get(id(parent)), name)
            if rewrite is not None:
                attributes.append(rewrite)
        elif isinstance(node, ast.Compare):
            check = _status_check(node, parent, name, ctx)
            if check is not None:
                checks.append(check)
    return attributes, checks


def _is_name(node: ast.AST, name: str) -> bool:
    return isinstance(node, ast.Name) and node.id == name


def _attribute_rewrite(node: ast.Attribute, parent: Any, grandparent: Any, name: str) -> Rewrite | None:
    attr = node.attr
    outer = parent if isinstance(parent, ast.Attribute) and parent.value is node else None
    call = None
    if outer is not None and isinstance(grandparent, ast.Call) and grandparent.func is outer:
        call = grandparent if not grandparent.args and not grandparent.keywords else None
    if attr == "reason":
        return Rewrite(node, f"{name}.response.reason_phrase", "HttpResponseError.reason",
                       "; openai exceptions have no `reason`")
    if attr == "error":
        if outer is not None and outer.attr == "code":
            return Rewrite(outer, f"{name}.code", "HttpResponseError.error.code",
                           "; openai puts the error code on the exception")
        if outer is not None and not (isinstance(grandparent, ast.Call) and grandparent.func is outer):
            text = f"{name}.body.get({outer.attr!r})".replace("'", '"')
            return Rewrite(outer, text, f"HttpResponseError.error.{outer.attr}",
                           f"; openai carries the error object as the dict `{name}.body`")
        return Rewrite(node, f"{name}.body", "HttpResponseError.error",
                       f"; openai carries the error object as the dict `{name}.body`")
    if attr == "model":
        return Rewrite(node, f"{name}.body", "HttpResponseError.model",
                       f"; openai carries the parsed error body as `{name}.body`")
    if attr == "inner_exception":
        return Rewrite(node, f"{name}.__cause__", "AzureError.inner_exception",
                       "; openai chains the underlying error as `__cause__`")
    if attr == "exc_msg":
        return Rewrite(node, f"str({name})", "AzureError.exc_msg", "; openai exceptions have no `exc_msg`")
    if attr == "continuation_token":
        return Rewrite(node, "None", "AzureError.continuation_token", "; openai has no equivalent")
    if attr == "response" and outer is not None:
        if outer.attr == "reason":
            return Rewrite(outer, f"{name}.response.reason_phrase", "HttpResponse.reason",
                           "; the httpx response has `reason_phrase`")
        if outer.attr == "text" and call is not None:
            return Rewrite(call, f"{name}.response.text", "HttpResponse.text()",
                           "; httpx's `Response.text` is a property, calling it raises TypeError")
        if outer.attr == "body" and call is not None:
            return Rewrite(call, f"{name}.response.content", "HttpResponse.body()",
                           "; the httpx response has `content`")
        if outer.attr == "content_type":
            return Rewrite(outer, f'{name}.response.headers.get("content-type")', "HttpResponse.content_type",
                           "; the httpx response has no `content_type`")
    return None


_BARE_CONTEXTS = (
    ast.If, ast.While, ast.IfExp, ast.BoolOp, ast.Assert, ast.Return, ast.Assign, ast.AnnAssign,
    ast.Expr, ast.keyword, ast.NamedExpr, ast.UnaryOp,
)


def _status_check(node: ast.Compare, parent: Any, name: str, ctx: Context) -> Rewrite | None:
    if len(node.ops) != 1 or not isinstance(node.ops[0], (ast.Eq, ast.NotEq)):
        return None
    left, right = node.left, node.comparators[0]
    if _is_status(right, name):
        left, right = right, left
    if not _is_status(left, name) or not _is_429(right, ctx):
        return None
    text = f"isinstance({name}, openai.RateLimitError)"
    if isinstance(node.ops[0], ast.NotEq):
        text = "not " + text
        if not isinstance(parent, _BARE_CONTEXTS) or isinstance(parent, ast.UnaryOp):
            text = f"({text})"
    return Rewrite(node, text)


def _is_status(node: ast.AST, name: str) -> bool:
    if not isinstance(node, ast.Attribute) or node.attr != "status_code":
        return False
    base = node.value
    if isinstance(base, ast.Attribute) and base.attr == "response":
        base = base.value
    return _is_name(base, name)


def _is_429(node: ast.AST, ctx: Context) -> bool:
    if isinstance(node, ast.Constant):
        return node.value == 429 and not isinstance(node.value, bool)
    return bool(ctx.qualnames(node) & TOO_MANY_REQUESTS)


# -- isinstance() tests on a broadly caught exception ------------------------------------------


class IsinstanceCheck(NamedTuple):
    """``isinstance(e, HttpResponseError)`` on the exception of a handler whose ``try`` calls
    Azure AI Inference: ``classes`` is the caught azure-core class text, ``type_text`` its openai
    twin, ``snippet`` the enclosing statement migrated (its status tests and attributes too)."""

    call: ast.Call
    classes: str
    type_text: str
    snippet: str
    note: str
    #: the fix: the class argument, and the attribute reads and 429 tests of the ``if`` it opens
    edits: tuple["model.Edit", ...] = ()


def isinstance_check(call: ast.AST, ctx: Context) -> IsinstanceCheck | None:
    """The facts of an ``isinstance(<caught exception>, <azure-core class>)`` call, if it is one."""
    if not (
        isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == "isinstance"
        and len(call.args) == 2 and not call.keywords and isinstance(call.args[0], ast.Name)
    ) or ctx.sem.lookup("isinstance", ctx.scope):
        return None
    subject, classes = call.args[0].id, call.args[1]
    elements = _elements(classes)
    azure: dict[int, str] = {}
    for elt in elements:
        for qual in ctx.qualnames(elt):
            module, _, name = qual.rpartition(".")
            if module == AZURE_EXCEPTIONS and name in OPENAI_EQUIVALENT:
                azure[id(elt)] = name
                break
    if not azure:
        return None
    parents = ctx.parents
    handler = next(
        (p for p in reversed(parents) if isinstance(p, ast.ExceptHandler) and p.name == subject), None
    )
    if handler is None:
        return None
    try_node = parents[parents.index(handler) - 1]
    scan = _scan(ctx, getattr(try_node, "body", []), ctx.scope, follow=True)
    if not scan.found:
        return None
    key_only = _key_auth_only(ctx, scan.owners)
    parts: list[str] = []
    note = ""
    for elt in elements:
        short = azure.get(id(elt))
        parts.append(ctx.segment(elt) if short is None else OPENAI_EQUIVALENT[short])
        if short == "ClientAuthenticationError" and not key_only:
            parts.append(ctx.segment(elt))  # the token provider still raises it
            note = " (and keep `ClientAuthenticationError`: the token provider still raises it)"
        elif scan.other_azure and short is not None:
            parts.append(ctx.segment(elt))
            note = " (and keep the azure-core class for the other Azure SDK calls in this `try`)"
    parts = list(dict.fromkeys(parts))
    type_text = parts[0] if len(parts) == 1 else "(" + ", ".join(parts) + ")"
    statement = next((p for p in reversed(parents) if isinstance(p, ast.stmt)), call)
    edits = [render_blocks.replace(classes, type_text)]
    attributes, checks = _rewrites_in([statement], subject, ctx) if isinstance(statement, ast.If) else ([], [])
    edits += [render_blocks.replace(r.node, r.text) for r in attributes + checks]
    text = render_blocks.statement(ctx.source, statement, edits)
    if text.startswith("elif"):  # the branch of an `elif` chain, shown on its own
        text = text[2:]
    text = with_openai_import(text + "\n", ctx)
    fix = (ctx.edit(classes, type_text), *(ctx.edit(r.node, r.text) for r in attributes + checks))
    return IsinstanceCheck(call, ctx.segment(classes), type_text, text, note, fix)


# -- the snippet -----------------------------------------------------------------------------


def openai_imported(ctx: Context) -> bool:
    """Whether ``openai`` names the openai module where the visited node is."""
    return any(
        kind == "value" and payload == Value("qual", "openai")
        for kind, payload, _ in ctx.sem.lookup("openai", ctx.scope)
    )


def with_openai_import(text: str, ctx: Context) -> str:
    return text if openai_imported(ctx) else "import openai\n\n" + text


def render_try(info: TryInfo, ctx: Context) -> str:
    """The whole ``try`` statement with its azure-core handlers migrated."""
    node = info.node
    source = ctx.source
    star = "*" if _is_try_star(node) else ""
    out = ["try:", render_blocks.block(source, node.body, info.body_edits)]
    flagged = {id(h.node): h for h in info.handlers}
    for handler in node.handlers:
        migrated = flagged.get(id(handler))
        original = ctx.segment(handler.type) if handler.type is not None else None
        if migrated is not None:
            edits = [render_blocks.replace(r.node, r.text) for r in migrated.attributes + migrated.status_checks]
            out += [_header(star, migrated.type_text, handler.name), render_blocks.block(source, handler.body, edits)]
            if not migrated.keep_reason:
                continue
            note = _TOKEN_NOTE if migrated.keep_reason == TOKEN_REASON else _MIXED_NOTE
            out += [_header(star, original, handler.name, note), render_blocks.block(source, handler.body)]
        else:
            out += [_header(star, original, handler.name), render_blocks.block(source, handler.body)]
    if node.orelse:
        out += ["else:", render_blocks.block(source, node.orelse)]
    if node.finalbody:
        out += ["finally:", render_blocks.block(source, node.finalbody)]
    text = with_openai_import("\n".join(out) + "\n", ctx)
    extra = [line for line in dict.fromkeys(info.imports) if line not in text.split("\n")]
    return "\n".join(extra) + ("\n" if text.startswith("import") else "\n\n") + text if extra else text


def _header(star: str, type_text: str | None, name: str | None, comment: str = "") -> str:
    header = "except" + star
    if type_text:
        header += " " + type_text
    if name:
        header += f" as {name}"
    return header + ":" + (f"  {comment}" if comment else "")
