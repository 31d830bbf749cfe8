"""A small stub of Azure's ``/openai/v1/`` endpoint for tests that run migrated code.

It is stdlib only (``http.server`` + ``threading``), listens on ``127.0.0.1`` on a free port,
records every request and answers canned OpenAI v1 responses, shaped the way Azure sends them::

    with AzureV1Stub() as stub:
        client = openai.OpenAI(base_url=stub.base_url, api_key="key")
        client.chat.completions.create(model="gpt-4o-mini", messages=[...])
        assert stub.last.path == "/openai/v1/chat/completions"

Routes (everything else answers 404 with Azure's error JSON):

* ``POST /openai/v1/chat/completions``: a chat completion; with ``"stream": true`` in the body,
  Server-Sent Events in Azure's order: a first chunk with ``choices: []`` and
  ``prompt_filter_results``, the content chunks, an asynchronous content-filter annotation whose
  choice has no ``delta``, a usage chunk with ``choices: []`` when
  ``stream_options.include_usage`` is set, then ``data: [DONE]``.
* ``POST /openai/v1/embeddings`` (``float`` or ``base64`` encoding, one vector per input).
* ``POST /openai/v1/responses``.
* ``POST /openai/v1/images/generations``.

The same server also speaks the two formats the migration starts from, so that a program can be
run before and after ``aoai-migrate fix`` against one stub (the request log tells them apart):

* the Azure AI Inference format, under ``/models``: ``POST /models/chat/completions`` and
  ``POST /models/embeddings`` with an ``api-version`` query parameter (the SDK sends the key both
  as ``Authorization: Bearer`` and ``api-key``). Its streams carry neither the empty-``choices``
  prompt-filter chunk nor the content-filter annotation without ``delta`` (the Inference SDK never
  showed them to the caller), so code written against that SDK runs unguarded;
  ``POST /models/images/embeddings`` (image embeddings, which have no v1 route: the REST call
  that replaces them is run against it) answers like ``/models/embeddings``;
* the dated ``AzureOpenAI`` format: ``POST /openai/deployments/<deployment>/chat/completions``
  and ``.../embeddings`` with ``api-version`` (the deployment stands in for ``model``).

Chat completions answer a tool call when the request offers ``tools`` and holds no ``tool``
message yet (the first tool, arguments ``{"city": "Paris"}``), the tool's answer when it holds
one, and a JSON object ``{"reply": ...}`` when ``response_format`` asks for JSON.

Errors are injected with the request header ``x-stub-error: <status>``, with a model name
``stub-error-<status>``, or for every request with ``stub.error_status = <status>``;
``<status>`` is one of :data:`ERRORS` (``400`` is Azure's ``content_filter`` refusal);
``stub.error_sequence = [429, 500]`` answers the next requests with those statuses in turn (then
as usual), ``stub.error_headers`` adds headers to error responses (``Retry-After``). Error
responses carry ``x-should-retry: false`` so that openai's retry loop does not sleep (the request
log shows that only one request was made), and ``retry-after-ms: 1`` so that azure-core's retry
policy (which retries 429 and 5xx) does not sleep either.

Bounded by construction: HTTP/1.0 (one request per connection, no idle keep-alive threads), a
socket timeout on every connection, a cap on request bodies, and ``close()`` that stops the
serving thread and joins it with a timeout.
"""

from __future__ import annotations

import base64
import dataclasses
import http.server
import json
import re
import struct
import threading
import time
import urllib.parse
from typing import Any, Iterator

HOST = "127.0.0.1"
#: prefix of every route; ``OpenAI(base_url=stub.base_url)`` points here
V1 = "/openai/v1"
#: the reply every chat completion / response carries (streams split it into words)
REPLY = "Hello from the stub."
EMBEDDING_DIMENSIONS = 8
MAX_BODY = 1 << 20
SOCKET_TIMEOUT = 5.0

#: status -> (Azure error ``code``, message, extra fields of the ``error`` object)
ERRORS: dict[int, tuple[str, str, dict[str, Any]]] = {
    400: (
        "content_filter",
        "The response was filtered due to the prompt triggering Azure OpenAI's content management "
        "policy. Please modify your prompt and retry.",
        {
            "param": "prompt",
            "status": 400,
            "innererror": {
                "code": "ResponsibleAIPolicyViolation",
                "content_filter_result": {
                    "hate": {"filtered": True, "severity": "high"},
                    "jailbreak": {"filtered": False, "detected": False},
                    "self_harm": {"filtered": False, "severity": "safe"},
                    "sexual": {"filtered": False, "severity": "safe"},
                    "violence": {"filtered": False, "severity": "safe"},
                },
            },
        },
    ),
    401: (
        "401",
        "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide "
        "a valid key for an active subscription and use a correct regional API endpoint for your "
        "resource.",
        {},
    ),
    404: (
        "DeploymentNotFound",
        "The API deployment for this resource does not exist. If you created the deployment within "
        "the last 5 minutes, please wait a moment and try again.",
        {},
    ),
    429: (
        "429",
        "Requests to the ChatCompletions_Create Operation have exceeded token rate limit of your "
        "current OpenAI S0 pricing tier. Please retry after 1 second.",
        {},
    ),
    500: ("InternalServerError", "The server had an error while processing your request.", {}),
}

_MODEL_ERROR = re.compile(r"^stub-error-(\d{3})$")
#: ``/openai/deployments/<deployment>/<operation>`` of the dated AzureOpenAI API
_DEPLOYMENT_ROUTE = re.compile(r"^/openai/deployments/(?P<deployment>[^/]+)/(?P<operation>chat/completions|embeddings)$")
#: the Azure AI Inference routes (``https://<resource>.services.ai.azure.com/models``)
INFERENCE = "/models"
#: what a tool-calling request gets as the tool's arguments
TOOL_ARGUMENTS = {"city": "Paris"}
_FILTER_OK = {
    "hate": {"filtered": False, "severity": "safe"},
    "self_harm": {"filtered": False, "severity": "safe"},
    "sexual": {"filtered": False, "severity": "safe"},
    "violence": {"filtered": False, "severity": "safe"},
}


@dataclasses.dataclass
class Request:
    """One request the stub received."""

    method: str
    path: str
    #: parsed query string, ``{"api-version": ["2024-06-01"]}``
    query: dict[str, list[str]]
    #: header names lower-cased
    headers: dict[str, str]
    raw_body: bytes
    #: the parsed JSON body, or ``None``
    json: Any

    @property
    def authorization(self) -> str | None:
        return self.headers.get("authorization")


class AzureV1Stub:
    """A running stub server; use it as a context manager (or call :meth:`close`)."""

    def __init__(self) -> None:
        self.requests: list[Request] = []
        #: exceptions raised inside the stub's handler (a test should assert this stays empty)
        self.failures: list[str] = []
        #: when set, every request is answered with this error status (see :data:`ERRORS`)
        self.error_status: int | None = None
        #: statuses answered to the next requests, one each, before the usual answers
        self.error_sequence: list[int] = []
        #: headers added to every error response (they replace the stub's own of the same name)
        self.error_headers: dict[str, str] = {}
        self._lock = threading.Lock()
        stub = self

        class Handler(_Handler):
            server_stub = stub

        self._server = http.server.ThreadingHTTPServer((HOST, 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.01}, name="azure-v1-stub", daemon=True
        )
        self._thread.start()

    # -- addresses ---------------------------------------------------------------------------
    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def url(self) -> str:
        """``http://127.0.0.1:<port>``"""
        return f"http://{HOST}:{self.port}"

    @property
    def base_url(self) -> str:
        """What ``OpenAI(base_url=...)`` takes: ``http://127.0.0.1:<port>/openai/v1/``."""
        return f"{self.url}{V1}/"

    # -- the request log ---------------------------------------------------------------------
    def record(self, request: Request) -> None:
        with self._lock:
            self.requests.append(request)

    @property
    def last(self) -> Request:
        with self._lock:
            if not self.requests:
                raise AssertionError("the stub received no request")
            return self.requests[-1]

    def next_error(self) -> int | None:
        with self._lock:
            return self.error_sequence.pop(0) if self.error_sequence else None

    def clear(self) -> None:
        with self._lock:
            self.requests.clear()

    # -- lifecycle ---------------------------------------------------------------------------
    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=SOCKET_TIMEOUT)

    def __enter__(self) -> "AzureV1Stub":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _Handler(http.server.BaseHTTPRequestHandler):
    server_stub: AzureV1Stub
    protocol_version = "HTTP/1.0"
    timeout = SOCKET_TIMEOUT

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass  # keep pytest output clean

    # -- entry points ------------------------------------------------------------------------
    def do_POST(self) -> None:
        self._handle_safely()

    def do_GET(self) -> None:
        self._handle_safely()

    def do_DELETE(self) -> None:
        self._handle_safely()

    def _handle_safely(self) -> None:
        try:
            self._handle()
        except ConnectionError:
            pass  # the client went away mid-response (a test that stops reading a stream)
        except Exception as exc:  # a bug in the stub: answer, and let the test see it
            self.server_stub.failures.append(f"{type(exc).__name__}: {exc}")
            try:
                self._error(500, "StubFailure", f"{type(exc).__name__}: {exc}")
            except OSError:
                pass

    def _handle(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        if length > MAX_BODY:
            self._error(413, "RequestTooLarge", "request body too large")
            return
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = None
        url = urllib.parse.urlsplit(self.path)
        request = Request(
            method=self.command,
            path=url.path,
            query=urllib.parse.parse_qs(url.query),
            headers={k.lower(): v for k, v in self.headers.items()},
            raw_body=raw,
            json=body,
        )
        self.server_stub.record(request)

        status = self.server_stub.next_error() or _injected_error(request, self.server_stub.error_status)
        if status is not None:
            code, message, extra = ERRORS.get(status, (str(status), "Stub error", {}))
            self._error(status, code, message, **extra)
            return
        payload = body if isinstance(body, dict) else {}
        route = (request.method, request.path)
        deployment = _DEPLOYMENT_ROUTE.match(request.path)
        if deployment is not None and request.method == "POST":
            # the dated AzureOpenAI API: the deployment in the URL stands in for `model`
            payload = {"model": urllib.parse.unquote(deployment.group("deployment")), **payload}
            route = ("POST", f"{V1}/{deployment.group('operation')}")
        if route in (("POST", f"{V1}/chat/completions"), ("POST", f"{INFERENCE}/chat/completions")):
            if payload.get("stream"):
                self._sse(_chat_chunks(payload, azure_v1=request.path.startswith(V1 + "/") or deployment is not None))
            else:
                self._json(200, _chat_completion(payload))
        elif route in (("POST", f"{V1}/embeddings"), ("POST", f"{INFERENCE}/embeddings"),
                       ("POST", f"{INFERENCE}/images/embeddings")):
            self._json(200, _embeddings(payload))
        elif route == ("POST", f"{V1}/responses"):
            self._json(200, _response(payload))
        elif route == ("POST", f"{V1}/images/generations"):
            self._json(200, _images(payload, self.server_stub.url))
        else:
            self._error(404, "404", "Resource not found")

    # -- writers -----------------------------------------------------------------------------
    def _json(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("apim-request-id", "00000000-0000-0000-0000-000000000000")
        self.send_header("x-request-id", "stub-request-id")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _error(self, http_status: int, code: str, message: str, **extra: Any) -> None:
        error = {"code": code, "message": message, **extra}
        headers = {"x-should-retry": "false", "retry-after-ms": "1"}
        headers.update((k.lower(), v) for k, v in self.server_stub.error_headers.items())
        self._json(http_status, {"error": error}, headers)

    def _sse(self, events: Iterator[dict[str, Any]]) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        for event in events:
            self.wfile.write(b"data: " + json.dumps(event).encode() + b"\n\n")
        self.wfile.write(b"data: [DONE]\n\n")
        self.wfile.flush()


def _injected_error(request: Request, default: int | None = None) -> int | None:
    header = request.headers.get("x-stub-error")
    if header and header.isdigit() and int(header) in ERRORS:
        return int(header)
    model = request.json.get("model") if isinstance(request.json, dict) else None
    match = _MODEL_ERROR.match(model) if isinstance(model, str) else None
    if match and int(match.group(1)) in ERRORS:
        return int(match.group(1))
    return default


# -- canned bodies ---------------------------------------------------------------------------
_CREATED = 1_700_000_000
_USAGE = {"prompt_tokens": 12, "completion_tokens": 5, "total_tokens": 17}


def _model(payload: dict[str, Any]) -> str:
    """Azure echoes the model version of the deployment; the stub echoes the requested name."""
    model = payload.get("model")
    return model if isinstance(model, str) else "<no model>"


def _answer(payload: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """The assistant message a chat request gets, and its finish reason."""
    messages = payload.get("messages") if isinstance(payload.get("messages"), list) else []
    tool_results = [m for m in messages if isinstance(m, dict) and m.get("role") == "tool"]
    tools = payload.get("tools") if isinstance(payload.get("tools"), list) else []
    if tool_results:
        return {"role": "assistant", "content": f"The tool said: {tool_results[-1].get('content')}"}, "stop"
    if tools:
        function = tools[0].get("function", {}) if isinstance(tools[0], dict) else {}
        call = {"id": "call_stub", "type": "function",
                "function": {"name": function.get("name", "tool"), "arguments": json.dumps(TOOL_ARGUMENTS)}}
        return {"role": "assistant", "content": None, "tool_calls": [call]}, "tool_calls"
    response_format = payload.get("response_format")
    if isinstance(response_format, dict) and response_format.get("type") in ("json_object", "json_schema"):
        return {"role": "assistant", "content": json.dumps({"reply": REPLY})}, "stop"
    return {"role": "assistant", "content": REPLY}, "stop"


def _chat_completion(payload: dict[str, Any]) -> dict[str, Any]:
    message, finish = _answer(payload)
    return {
        "id": "chatcmpl-stub",
        "object": "chat.completion",
        "created": _CREATED,
        "model": _model(payload),
        "system_fingerprint": "fp_stub",
        "prompt_filter_results": [{"prompt_index": 0, "content_filter_results": _FILTER_OK}],
        "choices": [
            {
                "index": 0,
                "finish_reason": finish,
                "logprobs": None,
                "message": {**message, "refusal": None},
                "content_filter_results": _FILTER_OK,
            }
        ],
        "usage": _USAGE,
    }


def _chat_chunks(payload: dict[str, Any], azure_v1: bool = True) -> Iterator[dict[str, Any]]:
    """Azure's chunks; without ``azure_v1`` (the Inference format) the chunks the Inference SDK
    never passed on are left out: the prompt-filter chunk and the content-filter annotation."""
    model = _model(payload)

    def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
        return {
            "id": "chatcmpl-stub",
            "object": "chat.completion.chunk",
            "created": _CREATED,
            "model": model,
            "system_fingerprint": "fp_stub",
            "choices": [
                {"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None,
                 "content_filter_results": {} if finish or not delta.get("content") else _FILTER_OK}
            ],
        }

    # 1. Azure's prompt-filter chunk: no choices (the Inference SDK used to drop it)
    if azure_v1:
        yield {
            "id": "",
            "object": "",
            "created": 0,
            "model": "",
            "choices": [],
            "prompt_filter_results": [{"prompt_index": 0, "content_filter_results": _FILTER_OK}],
        }
    # 2. role, then the content word by word, then the finish reason
    yield chunk({"role": "assistant", "content": "", "refusal": None})
    message, _ = _answer(payload)
    words = (message.get("content") or REPLY).split(" ")
    for i, word in enumerate(words):
        yield chunk({"content": word if i == 0 else " " + word})
    yield chunk({}, finish="stop")
    # 3. the asynchronous content filter's annotation: a choice without ``delta``
    if azure_v1:
        yield {
            "id": "",
            "object": "",
            "created": 0,
            "model": "",
            "choices": [
                {
                    "index": 0,
                    "finish_reason": None,
                    "content_filter_offsets": {"check_offset": 0, "start_offset": 0, "end_offset": len(REPLY)},
                    "content_filter_results": _FILTER_OK,
                }
            ],
        }
    # 4. the usage chunk, only when asked for: again no choices
    options = payload.get("stream_options")
    if isinstance(options, dict) and options.get("include_usage"):
        yield {"id": "chatcmpl-stub", "object": "chat.completion.chunk", "created": _CREATED,
               "model": model, "choices": [], "usage": _USAGE}


def _embeddings(payload: dict[str, Any]) -> dict[str, Any]:
    inputs = payload.get("input")
    count = len(inputs) if isinstance(inputs, list) and inputs and not isinstance(inputs[0], int) else 1
    dims = payload.get("dimensions") if isinstance(payload.get("dimensions"), int) else EMBEDDING_DIMENSIONS
    data = []
    for index in range(count):
        # multiples of 1/64: exact in float32, so base64 and float encodings decode alike
        vector = [(index + 1) * (d + 1) / 64 for d in range(dims)]
        if payload.get("encoding_format") == "base64":
            value: Any = base64.b64encode(struct.pack(f"<{dims}f", *vector)).decode()
        elif payload.get("encoding_format") in ("int8", "uint8", "binary", "ubinary"):
            value = [(index + d) % 100 for d in range(dims)]  # quantized: integers, as JSON numbers
        else:
            value = vector
        data.append({"object": "embedding", "index": index, "embedding": value})
    return {
        "object": "list",
        "model": _model(payload),
        "data": data,
        "usage": {"prompt_tokens": 4 * count, "total_tokens": 4 * count},
    }


def _response(payload: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": "resp_stub",
        "object": "response",
        "created_at": _CREATED,
        "status": "completed",
        "model": _model(payload),
        "output": [
            {
                "id": "msg_stub",
                "type": "message",
                "status": "completed",
                "role": "assistant",
                "content": [{"type": "output_text", "text": REPLY, "annotations": []}],
            }
        ],
        "parallel_tool_calls": True,
        "tool_choice": "auto",
        "tools": [],
        "error": None,
        "incomplete_details": None,
        "instructions": None,
        "metadata": {},
        "temperature": 1.0,
        "top_p": 1.0,
        "usage": {
            "input_tokens": 12,
            "output_tokens": 5,
            "total_tokens": 17,
            "input_tokens_details": {"cached_tokens": 0},
            "output_tokens_details": {"reasoning_tokens": 0},
        },
    }


def _images(payload: dict[str, Any], base: str) -> dict[str, Any]:
    n = payload.get("n") if isinstance(payload.get("n"), int) else 1
    return {
        "created": int(time.time()),
        "data": [
            {"url": f"{base}/images/stub-{i}.png", "revised_prompt": payload.get("prompt")}
            for i in range(max(1, min(n, 10)))
        ],
    }
