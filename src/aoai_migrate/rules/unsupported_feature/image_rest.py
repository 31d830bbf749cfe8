"""The REST functions that replace an image-embeddings client (AOM603, and AOM605 for its
``GET /info``): ``embed_images()`` / ``get_model_info()`` built from the client's endpoint,
credential, api-version and defaults.

They keep what the code around the client relies on (azure/ai/inference/_patch.py and
azure-core's transports are the reference):

* the authentication: the headers and token scope of the client's credential
  (:mod:`.image_auth`);

* the body: each of ``model``, ``dimensions``, ``encoding_format``, ``input_type`` is the call's
  value unless it is ``None``, then the client's; ``model_extras`` of the call, when not empty,
  *replace* the client's (never merged), go to the body's root and add the
  ``extra-parameters: pass-through`` header; ``None`` values are left out;
* the errors: a status other than 200 raises azure-core's ``HttpResponseError`` (401, 404, 409
  and 304 its subclasses, as ``map_error`` did), and transport failures raise what azure-core's
  transport raised for them (``ServiceRequestError``, ``ServiceResponseError`` and their timeout
  subclasses, ``IncompleteReadError``), so the user's ``except`` clauses still apply. The sync
  function uses ``requests`` (azure-core's default transport), the async one ``aiohttp`` (the
  default transport of the ``aio`` clients);
* the transport's timeouts (``connection_timeout`` / ``read_timeout``, 300 s unless the client
  set them) and ``RetryPolicy``'s retries of statuses (azure/core/pipeline/policies/_retry.py):
  a response with ``Retry-After``, or a status of its set for the method (a POST: 500, 503, 504),
  is retried ``min(retry_total, retry_status)`` times (3), waiting what the response asks
  (``Retry-After``, ``retry-after-ms``, ``x-ms-retry-after-ms``), else the exponential backoff.
  A POST's transport failures were not retried (not an idempotent method); a GET's were, which
  the AOM605 message says.
"""

from __future__ import annotations

import ast
import re

from ... import data, known
from ...render import blocks
from ...render import calls as render_calls
from ...render import snippets
from ...engine import Context
from ..api_version.common import keyword, receiver
from . import image_auth
from .common import credential_of, endpoint_of


def _endpoint_url(ctor: ast.Call | None, ctx: Context, path: str) -> str:
    """``<endpoint>/<path>`` as a Python expression built from the user's endpoint."""
    endpoint = image_auth.visible(ctor, "endpoint", ctx) if ctor is not None else None
    if endpoint is None:
        return f'{image_auth.ENV_ENDPOINT}.rstrip("/") + "/{path}"'
    if isinstance(endpoint, ast.Constant) and isinstance(endpoint.value, str):
        return snippets.string(endpoint.value.rstrip("/") + "/" + path)
    return f'{receiver(ctx.segment(endpoint))}.rstrip("/") + "/{path}"'


#: ImageEmbeddingsClient constructor keywords that are defaults of every request body
#: (azure/ai/inference/_patch.py); ``model_extras`` entries go to the body's root
_BODY_DEFAULTS = ("model", "dimensions", "encoding_format", "input_type")


def _dict_items(node: ast.AST, ctx: Context) -> list[str]:
    """``"k": v`` items of a dict literal, else one ``**expr`` item."""
    if isinstance(node, ast.Dict) and None not in node.keys:
        return [f"{ctx.segment(k)}: {render_calls.render_expression(v, ctx).text}" for k, v in zip(node.keys, node.values)]
    return [snippets.dict_spread(render_calls.render_expression(node, ctx).text)]


class _Defaults:
    """What the client's constructor sets for every request: body items, its ``model_extras``
    (an expression), header items, and the names that could not move."""

    def __init__(self, ctor: ast.Call | None, ctx: Context) -> None:
        self.body: list[str] = []
        self.extras: str | None = None
        self.extras_literal = False
        self.headers: list[str] = []
        self.left: list[str] = []
        if ctor is None:
            return
        for name in _BODY_DEFAULTS + ("model_extras", "headers", "user_agent"):
            kw = keyword(ctor, name)
            if kw is None:
                continue
            if not render_calls.portable(kw.value, ctor, ctx):
                self.left.append(name)
            elif name == "model_extras":
                self.extras = render_calls.render_expression(kw.value, ctx).text
                self.extras_literal = isinstance(kw.value, ast.Dict) and bool(kw.value.keys)
            elif name == "headers":
                self.headers[:0] = _dict_items(kw.value, ctx)
            elif name == "user_agent":
                self.headers.append(f'"User-Agent": {ctx.segment(kw.value)}')
            else:
                self.body.append(f"{snippets.string(name)}: {render_calls.render_expression(kw.value, ctx).text}")


#: constructor keywords the REST function carries, or the notes already name
_CLIENT_CARRIED = frozenset({"endpoint", "credential", "api_version", "credential_scopes", "model_extras",
                             "headers", "user_agent", *_BODY_DEFAULTS})
#: what replaces an azure-core pipeline option around a REST call, where a name alone does not help
_PIPELINE_ADVICE = {
    "logging_enable": "the `urllib3` or `aiohttp.client` logger at DEBUG shows the traffic",
    "raw_request_hook": "call it before the REST call",
    "raw_response_hook": "call it on the REST call's response",
    "connection_verify": "pass `verify=` to `requests.post()` (`ssl=` with aiohttp)",
    "connection_cert": "pass `cert=` to `requests.post()`",
    "proxies": "pass `proxies=` to `requests.post()` (`proxy=` with aiohttp)",
}


def pipeline_options(names: list[str]) -> str:
    """``names`` with what replaces each, for the message."""
    return ", ".join(f"{n} ({_PIPELINE_ADVICE[n]})" if n in _PIPELINE_ADVICE else n for n in names)


def dropped_call_options(names: list[str]) -> str:
    """The message's note for ``embed()`` keywords that went to the azure-core pipeline."""
    return (f"; dropped {pipeline_options(names)}: azure-core options of the SDK call, and the REST "
            "function has no azure-core pipeline")


def image_embeddings_notes(ctor: ast.Call | None, ctx: Context) -> str:
    """What the REST function could not carry over from the client, for the message."""
    if ctor is None:
        return image_auth.notes(None, ctx)
    left = _Defaults(ctor, ctx).left
    notes = image_auth.notes(ctor, ctx)
    notes += f"; pass the client's {', '.join(left)} in each call" if left else ""
    pipeline = [kw.arg for kw in ctor.keywords if kw.arg is not None and kw.arg not in _CLIENT_CARRIED
                and kw.arg not in _RETRY_KEYWORDS and kw.arg not in _RETRY_LEFT]
    if pipeline:
        notes += (f"; the client's {pipeline_options(pipeline)} not carried: azure-core pipeline options, and "
                  "the REST function has no azure-core pipeline")
    spread = [ctx.segment(kw.value) for kw in ctor.keywords if kw.arg is None]
    if spread:
        shown = endpoint_of(ctor) is not None and credential_of(ctor) is not None
        notes += (f"; what `**{spread[0]}` holds is not carried: " + (
            "move the defaults and options it holds into the function by hand" if shown
            else "its endpoint, credential and defaults must replace what the function reads here"))
    kept = _Transport(ctor, ctx).left
    if kept:
        notes += (f"; the client's {', '.join(kept)} not carried: the REST function has azure-core's "
                  "default timeouts and retries (or the client's retry_total, retry_status, "
                  "retry_backoff_factor, retry_backoff_max, connection_timeout, read_timeout written here)")
    return notes


def image_embeddings_function(ctor: ast.Call | None, ctx: Context, is_async: bool) -> str:
    """A small ``embed_images(input, model_extras=None, **params)`` REST function for the client
    ``ctor`` built (``None``: a client whose endpoint and key the module does not show), with the
    SDK's semantics for the client's defaults (module docstring)."""
    defaults = _Defaults(ctor, ctx)
    if defaults.extras is None:
        extras = "model_extras or {}"
    elif defaults.extras_literal:
        extras = f"model_extras or {defaults.extras}"
    else:
        extras = f"model_extras or {_tight(defaults.extras)} or {{}}"
    body = "{" + ", ".join(['"input": input', *defaults.body]) + "}"
    lines = [
        "# the client's defaults: a value given to the call replaces each; its model_extras replace the client's",
    ] if defaults.body or defaults.extras is not None else []
    lines += [
        f"body = {body}",
        "body.update((name, value) for name, value in params.items() if value is not None)",
        f"extras = {extras}",
        "body.update(extras)",
        *image_auth.header_lines(ctor, ctx, is_async, defaults.headers),
        "if extras:  # the service takes parameters it does not know only with this header",
        '    headers["extra-parameters"] = "pass-through"',
    ]
    json_body = "{name: value for name, value in body.items() if value is not None}"
    return _rest_function(ctor, ctx, is_async, "embed_images(input, model_extras=None, **params)", "post",
                          "images/embeddings", lines, [("headers", "headers"), ("json", json_body)])


def model_info_function(ctor: ast.Call | None, ctx: Context, is_async: bool) -> str:
    """A ``get_model_info()`` REST function reading the image-embeddings model's ``GET /info``
    (the client stays a REST client: there is no OpenAI client to ask)."""
    lines = image_auth.header_lines(ctor, ctx, is_async, _Defaults(ctor, ctx).headers)
    if len(lines) == 1:  # one dict: passed as it is
        return _rest_function(ctor, ctx, is_async, "get_model_info()", "get", "info", [],
                              [("headers", lines[0].removeprefix("headers = "))])
    return _rest_function(ctor, ctx, is_async, "get_model_info()", "get", "info", lines, [("headers", "headers")])


def _tight(text: str) -> str:
    """``text`` as an operand of ``or`` (parenthesised unless it is a name, call or display)."""
    try:
        node = ast.parse(text.strip(), mode="eval").body
    except SyntaxError:  # pragma: no cover - rendered expressions parse
        return f"({text})"
    if isinstance(node, (ast.Name, ast.Attribute, ast.Call, ast.Subscript, ast.Dict, ast.Constant)):
        return text
    return f"({text})"


#: azure-core's RetryPolicy: the statuses it retried, by method (``_is_method_retryable`` and
#: ``_RETRY_CODES``); any status >= 400 with a ``Retry-After`` header is retried as well
_RETRY_STATUSES = {
    "post": "{status} in (500, 503, 504)",
    "get": "{status} in (408, 429, 500, 502, 503, 504) or {status} >= 506",
}
#: client keywords of RetryPolicy and the transport that the REST function carries, and defaults
_RETRY_KEYWORDS = {"retry_total": "10", "retry_status": "3", "retry_backoff_factor": "0.8",
                   "retry_backoff_max": "120", "connection_timeout": "300", "read_timeout": "300"}
#: client keywords of RetryPolicy it does not carry (named in the message)
_RETRY_LEFT = ("retry_mode", "retry_on_status_codes", "retry_policy", "transport")

RETRY_AFTER_FUNCTION = (
    "def retry_after(headers):\n"
    '    """The wait a response asks for, read as azure-core read it (seconds or an HTTP date)."""\n'
    '    for name, unit in (("retry-after", 1), ("retry-after-ms", 1000), ("x-ms-retry-after-ms", 1000)):\n'
    "        value = headers.get(name)\n"
    "        if value:\n"
    "            try:\n"
    "                return max(0.0, float(value)) / unit\n"
    "            except ValueError:\n"
    "                moment = email.utils.parsedate_to_datetime(value)\n"
    "                return max(0.0, (moment - datetime.datetime.now(moment.tzinfo)).total_seconds()) / unit\n"
    "    return None\n"
)


class _Transport:
    """The client's retry and timeout settings (``_RETRY_KEYWORDS``) as expressions."""

    def __init__(self, ctor: ast.Call | None, ctx: Context) -> None:
        self.values = dict(_RETRY_KEYWORDS)
        self.left: list[str] = []
        for name in (*_RETRY_KEYWORDS, *_RETRY_LEFT):
            kw = keyword(ctor, name) if ctor is not None else None
            if kw is None:
                continue
            if name in _RETRY_KEYWORDS and render_calls.portable(kw.value, ctor, ctx):
                self.values[name] = _tight(render_calls.render_expression(kw.value, ctx).text)
            else:
                self.left.append(name)

    @property
    def retries(self) -> str:
        """How many times a status is retried: RetryPolicy stops when ``retry_total`` or
        ``retry_status`` runs out."""
        total, status = self.values["retry_total"], self.values["retry_status"]
        if total.isdigit() and status.isdigit():
            return str(min(int(total), int(status)))
        return f"min({total}, {status})"

    @property
    def attempts(self) -> str:
        retries = self.retries
        return str(int(retries) + 1) if retries.isdigit() else f"{retries} + 1"

    def backoff(self, attempt: str) -> str:
        """RetryPolicy's exponential backoff before retry number ``attempt`` (none before the first)."""
        factor, most = self.values["retry_backoff_factor"], self.values["retry_backoff_max"]
        return f"(min({most}, {factor} * 2 ** ({attempt} - 1)) if {attempt} > 1 else 0)"


#: statuses azure-core's ``map_error`` raised as subclasses of ``HttpResponseError``
_STATUS_ERRORS = (
    "{401: ClientAuthenticationError, 404: ResourceNotFoundError, 409: ResourceExistsError, "
    "304: ResourceNotModifiedError}"
)
_STATUS_IMPORTS = (
    "ClientAuthenticationError", "HttpResponseError", "ResourceExistsError", "ResourceNotFoundError",
    "ResourceNotModifiedError",
)
#: azure-core's RequestsTransport.send, in its order
_REQUESTS_ERRORS = (
    ("requests.exceptions.ConnectTimeout", "ServiceRequestTimeoutError"),
    ("requests.exceptions.ReadTimeout", "ServiceResponseTimeoutError"),
    ("requests.exceptions.ConnectionError",
     "ServiceResponseError if error.args and isinstance(error.args[0], urllib3.exceptions.ProtocolError) "
     "else ServiceRequestError"),
    ("requests.exceptions.ChunkedEncodingError",
     'IncompleteReadError if "IncompleteRead" in str(error) else HttpResponseError'),
    ("requests.exceptions.RequestException", "ServiceResponseError"),
)
#: azure-core's AioHttpTransport.send and its body read, in their order
_AIOHTTP_ERRORS = (
    ("aiohttp.ClientPayloadError", "IncompleteReadError"),
    ("aiohttp.ClientResponseError", "ServiceResponseError"),
    ("aiohttp.ConnectionTimeoutError", "ServiceRequestTimeoutError"),
    ("asyncio.TimeoutError", "ServiceResponseTimeoutError"),
    ("aiohttp.ClientError", "ServiceRequestError"),
)
_TRANSPORT_COMMENT = "  # raised as azure-core's transport did: `except ServiceRequestError` etc. still apply"
_STATUS_COMMENT = "  # raised as ImageEmbeddingsClient did: `except HttpResponseError` still applies"


def _handlers(table: tuple[tuple[str, str], ...], indent: str) -> str:
    out = []
    for index, (caught, raised) in enumerate(table):
        comment = _TRANSPORT_COMMENT if index == 0 else ""
        if " if " in raised:
            out.append(f"{indent}except {caught} as error:\n"
                       f"{indent}    failure = {raised}\n"
                       f"{indent}    raise failure(error, error=error) from error\n")
            continue
        out.append(f"{indent}except {caught} as error:{comment}\n"
                   f"{indent}    raise {raised}(error, error=error) from error\n")
    return "".join(out)


def _error_imports(table: tuple[tuple[str, str], ...]) -> str:
    names = set(_STATUS_IMPORTS)
    for _, raised in table:
        names.update(re.findall(r"(?<![.\w])([A-Z]\w*Error)\b", raised))
    body = "".join(f"    {name},\n" for name in sorted(names))
    return f"from azure.core.exceptions import (\n{body})\n"


def _rest_function(ctor: ast.Call | None, ctx: Context, is_async: bool, signature: str, method: str,
                   path: str, prelude: list[str], extra: list[tuple[str | None, str]]) -> str:
    """``def <signature>:`` running ``prelude`` then sending ``method`` to ``<endpoint>/<path>``
    with the client's api-version (and ``extra`` arguments), with azure-core's timeouts and
    retries, raising azure-core's errors as the client did, returning the JSON body."""
    url = _endpoint_url(ctor, ctx, path)
    version_kw = image_auth.visible(ctor, "api_version", ctx) if ctor is not None else None
    version = ctx.segment(version_kw) if version_kw else snippets.string(data.inference_default_api_version())
    transport = _Transport(ctor, ctx)
    connect, read = transport.values["connection_timeout"], transport.values["read_timeout"]
    timeout = (f"aiohttp.ClientTimeout(sock_connect={connect}, sock_read={read})" if is_async
               else f"({connect}, {read})")
    args = [(None, url), ("params", '{"api-version": ' + version + "}"), *extra, ("timeout", timeout)]
    text = url + "".join(prelude) + "".join(t for _, t in extra)
    os_import = "import os\n" if "os.environ" in text else ""
    inspect_import = "import inspect\n" if "inspect." in text else ""
    head = "".join(f"    {line}\n" for line in prelude)
    code = "response.status" if is_async else "response.status_code"
    retried = _RETRY_STATUSES[method].format(status=code)
    wait = f"retry_after(response.headers) or {transport.backoff('attempt')}"
    loop = (
        f"    for attempt in range({transport.attempts}):  # azure-core's RetryPolicy: the same retries\n"
        "        if attempt:  # the wait the response asked for, else its exponential backoff\n"
        f"            {'await asyncio.sleep' if is_async else 'time.sleep'}({wait})\n"
        "        try:\n"
    )
    again = (
        f'        if not ({code} >= 400 and (response.headers.get("Retry-After") or {retried})):\n'
        "            break\n"
    )

    def status(code: str, text: str, reason: str) -> str:
        return (
            f"    if {code} != 200:{_STATUS_COMMENT}\n"
            f"        failure = {_STATUS_ERRORS}.get({code}, HttpResponseError)\n"
            f"        error = failure(message={text})\n"
            f"        error.status_code, error.reason = {code}, {reason}\n"
            "        raise error\n"
        )

    if is_async:
        request = snippets.call(f"http.{method}", args, "                ")
        return (
            f"import asyncio\nimport datetime\nimport email.utils\n{inspect_import}import json\n{os_import}import aiohttp\n"
            f"{_error_imports(_AIOHTTP_ERRORS)}\n\n{RETRY_AFTER_FUNCTION}\n\n"
            f"async def {signature}:\n{head}{loop}"
            "            async with aiohttp.ClientSession() as http:\n"
            f"                async with {request} as response:\n"
            "                    text = await response.text()\n"
            f"{_handlers(_AIOHTTP_ERRORS, '        ')}{again}"
            + status(code, "text", "response.reason")
            + "    return json.loads(text)\n"
        )
    request = snippets.call(f"requests.{method}", args, "            ")
    return (
        f"import datetime\nimport email.utils\n{os_import}import time\n\nimport requests\nimport urllib3\n"
        f"{_error_imports(_REQUESTS_ERRORS)}\n\n{RETRY_AFTER_FUNCTION}\n\n"
        f"def {signature}:\n{head}{loop}"
        f"            response = {request}\n"
        f"{_handlers(_REQUESTS_ERRORS, '        ')}{again}"
        + status(code, "response.text", "response.reason")
        + "    return response.json()\n"
    )


#: what ImageEmbeddingsClient.embed() declares; anything else went to the azure-core pipeline
_EMBED_KEYWORDS = frozenset({"input", "dimensions", "encoding_format", "input_type", "model", "model_extras", "body"})


def embed_arguments(call: ast.Call, ctx: Context) -> tuple[list[tuple[str | None, str]], list[str], bool]:
    """The ``embed()`` call's arguments as parameters of ``embed_images``: enum members become
    strings, ``ImageEmbeddingInput``s their JSON items, azure-core options are dropped (and
    returned); and whether an item reads a file (``base64`` and ``pathlib`` are then needed)."""
    reads_file = False

    def render(expr: ast.expr) -> str:
        nonlocal reads_file
        text, loads = _render_input(expr, ctx)
        reads_file = reads_file or loads
        return text

    args: list[tuple[str | None, str]] = [(None, render(a)) for a in call.args]
    dropped: list[str] = []
    for kw in call.keywords:
        if kw.arg is None:
            args.append(("**", ctx.segment(kw.value)))
        elif kw.arg not in _EMBED_KEYWORDS:
            dropped.append(kw.arg)
        else:
            args.append((kw.arg, render(kw.value)))
    return args, dropped, reads_file


def image_input_kind(quals: set[str]) -> str | None:
    """``"class"`` for ``ImageEmbeddingInput(...)``, ``"load"`` for ``ImageEmbeddingInput.load``."""
    for qual in quals:
        if not qual.startswith(known.INFERENCE_MODELS + "."):
            continue
        parts = qual.split(".")
        if parts[-1] == "ImageEmbeddingInput":
            return "class"
        if parts[-2:] == ["ImageEmbeddingInput", "load"]:
            return "load"
    return None


def image_input_dict(call: ast.Call, kind: str, ctx: Context) -> str:
    """The JSON item an ``ImageEmbeddingInput`` stands for (an expression; a ``load`` needs
    ``base64`` and ``pathlib`` imported)."""
    bound = {kw.arg: kw.value for kw in call.keywords if kw.arg}
    if kind == "class":
        if call.args and not bound:
            return ctx.segment(call.args[0])
        items = [(k, ctx.segment(v)) for k, v in bound.items() if k in ("image", "text")]
        return snippets.kwargs_dict(items)
    names = ("image_file", "image_format", "text")
    for name, arg in zip(names, call.args):
        bound.setdefault(name, arg)
    image_file = ctx.segment(bound["image_file"]) if "image_file" in bound else '"<image file>"'
    fmt = bound.get("image_format")
    encoded = f"base64.b64encode(pathlib.Path({image_file}).read_bytes()).decode()"
    if fmt is None or (isinstance(fmt, ast.Constant) and isinstance(fmt.value, str)):
        prefix = f"data:image/{fmt.value if fmt is not None else 'png'};base64,"  # type: ignore[union-attr]
        data_url = f"{snippets.string(prefix)} + {encoded}"
    else:
        data_url = f'"data:image/" + {ctx.segment(fmt)} + ";base64," + {encoded}'
    items = [("image", data_url)]
    if "text" in bound:
        items.append(("text", ctx.segment(bound["text"])))
    return snippets.kwargs_dict(items)


def _render_input(expr: ast.expr, ctx: Context) -> tuple[str, bool]:
    """``expr`` (an ``embed()`` argument) with its ``ImageEmbeddingInput``s replaced by their
    JSON items, and whether one reads a file; other Inference models and enums converted."""
    edits: list[blocks.Edit] = []
    loads = False
    for node in ast.walk(expr):
        if isinstance(node, ast.Call) and getattr(node, "lineno", None) is not None:
            kind = image_input_kind(ctx.qualnames(node.func))
            if kind is not None:
                edits.append(blocks.replace(node, image_input_dict(node, kind, ctx)))
                loads = loads or kind == "load"
    if not edits:
        return render_calls.render_expression(expr, ctx).text, False
    start, end = (expr.lineno, expr.col_offset), (expr.end_lineno or expr.lineno, expr.end_col_offset or 0)
    return blocks.span(ctx.source, start, end, edits), loads
