"""Migrated OpenAI v1 code really runs: executed with the real ``openai`` package against a stub
of Azure's ``/openai/v1/`` endpoint on 127.0.0.1 (``tests/http_stub.py``).

Part A runs the OpenAI v1 tab of the migration guide (the code the tool steers users to) and
proves the runtime facts the rules rely on: Azure's first streaming chunk has no choices, the
async content filter sends a choice without a delta, a token provider is called per request,
``AsyncOpenAI`` awaits ``api_key`` (so the sync provider raises ``TypeError``), and Azure's
errors map onto openai's exception classes.

Part B runs the tool's own output: each file of ``examples/`` and each Azure AI Inference block of
the guide goes through ``analyze_source``; the findings' snippets are applied to the source (see
:func:`migrate`) and the migrated module is executed against the stub. It is skipped while the
rules it needs are not registered yet, and only then.

Nothing here may reach an address other than 127.0.0.1: :func:`loopback_only` fails the test
on any other name lookup or connection.
"""

from __future__ import annotations

import ast
import asyncio
import builtins
import contextlib
import dataclasses
import functools
import io
import os
import pathlib
import re
import socket
import sys
import textwrap
import time
from typing import Any, Callable

import pytest

openai = pytest.importorskip("openai")
azure_identity = pytest.importorskip("azure.identity")
azure_identity_aio = pytest.importorskip("azure.identity.aio")
from azure.core.credentials import AccessToken  # noqa: E402

from http_stub import REPLY, V1, AzureV1Stub  # noqa: E402

from aoai_migrate import registry  # noqa: E402
from aoai_migrate.engine import analyze_source  # noqa: E402
from aoai_migrate.model import Category, Finding  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"

KEY = "test-api-key"
TOKEN = "fake-entra-token"
GUIDE_SCOPE = "https://cognitiveservices.azure.com/.default"
#: the resource placeholders of the guide; rewritten to the stub's address before running
RESOURCE_URL = re.compile(r"https://<resource>\.(?:openai\.azure\.com|services\.ai\.azure\.com)")
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


# =============================================================================================
# fixtures
# =============================================================================================


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    """No OPENAI_* / AZURE_* variable (nor a proxy) of the developer's shell leaks in."""
    for name in list(os.environ):
        if name.upper().startswith(("OPENAI_", "AZURE_")) or name.lower().endswith("_proxy"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch):
    """Fail the test on any name lookup or connection that is not 127.0.0.1."""
    violations: list[str] = []
    real_getaddrinfo = socket.getaddrinfo
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def host_of(address: Any) -> str | None:
        if isinstance(address, tuple) and address:
            host = address[0]
            return host.decode() if isinstance(host, bytes) else str(host)
        return None  # AF_UNIX and friends

    def getaddrinfo(host, *args, **kwargs):
        name = host.decode() if isinstance(host, bytes) else str(host)
        if name not in LOOPBACK:
            violations.append(f"getaddrinfo({name!r})")
            raise socket.gaierror(socket.EAI_NONAME, f"blocked by the test: {name}")
        return real_getaddrinfo(host, *args, **kwargs)

    def guard(real):
        def connect(self, address):
            host = host_of(address)
            if host is not None and self.family in (socket.AF_INET, socket.AF_INET6) and host not in LOOPBACK:
                violations.append(f"connect({address!r})")
                raise ConnectionRefusedError(f"blocked by the test: {address!r}")
            return real(self, address)

        return connect

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket.socket, "connect", guard(real_connect))
    monkeypatch.setattr(socket.socket, "connect_ex", guard(real_connect_ex))
    yield
    assert not violations, f"the test tried to leave 127.0.0.1: {violations}"


_SSL_CONTEXTS: dict[Any, Any] = {}


@pytest.fixture(autouse=True)
def shared_ssl_context(monkeypatch):
    """Every openai client builds a default SSL context, loading the CA bundle (~80 ms each).
    Nothing here speaks TLS: build it once per session (openai 3.x / httpcore2 only)."""
    try:
        import httpcore2 as core
    except ImportError:
        return
    real = getattr(core, "default_ssl_context", None)
    if real is None:
        return

    def default_ssl_context(*args: Any, **kwargs: Any):
        key = (args, tuple(sorted(kwargs.items())))
        if key not in _SSL_CONTEXTS:
            _SSL_CONTEXTS[key] = real(*args, **kwargs)
        return _SSL_CONTEXTS[key]

    monkeypatch.setattr(core, "default_ssl_context", default_ssl_context)


@pytest.fixture
def stub():
    with AzureV1Stub() as server:
        yield server
        assert not server.failures, server.failures


class FakeCredential:
    """A sync ``TokenCredential``: ``get_token`` returns ``fake-entra-token`` (or, with
    ``rotate=True``, a new short-lived token on every call, so that the bearer-token policy
    must call it again for each request)."""

    def __init__(self, *args: Any, rotate: bool = False, **kwargs: Any) -> None:
        self.rotate = rotate
        self.scopes: list[tuple[str, ...]] = []

    def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        self.scopes.append(scopes)
        if self.rotate:
            # expiring within azure-core's 300 s refresh window: refreshed on every request
            return AccessToken(f"{TOKEN}-{len(self.scopes)}", int(time.time()) + 60)
        return AccessToken(TOKEN, int(time.time()) + 3600)

    def close(self) -> None:
        pass

    def __enter__(self) -> "FakeCredential":
        return self

    def __exit__(self, *exc: object) -> None:
        pass


class FakeAsyncCredential:
    """An ``AsyncTokenCredential`` returning ``fake-entra-token``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.scopes: list[tuple[str, ...]] = []

    async def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        self.scopes.append(scopes)
        return AccessToken(TOKEN, int(time.time()) + 3600)

    async def close(self) -> None:
        pass

    async def __aenter__(self) -> "FakeAsyncCredential":
        return self

    async def __aexit__(self, *exc: object) -> None:
        pass


@pytest.fixture
def credentials(monkeypatch):
    """Replace ``DefaultAzureCredential`` (sync and aio) with the fakes; the real
    ``get_bearer_token_provider`` functions stay. Returns the credentials created so far."""
    made: list[Any] = []

    def factory(cls):
        def make(*args, **kwargs):
            made.append(cls(*args, **kwargs))
            return made[-1]

        return make

    monkeypatch.setattr(azure_identity, "DefaultAzureCredential", factory(FakeCredential))
    monkeypatch.setattr(azure_identity_aio, "DefaultAzureCredential", factory(FakeAsyncCredential))
    return made


def run_code(code: str, stub: AzureV1Stub, namespace: dict[str, Any] | None = None,
             filename: str = "<snippet>") -> tuple[dict[str, Any], str]:
    """Execute ``code`` with the guide's resource URLs pointing at the stub; returns the
    namespace and what the code printed."""
    code = RESOURCE_URL.sub(stub.url, textwrap.dedent(code))
    namespace = {} if namespace is None else namespace
    namespace.setdefault("__name__", "__main__")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, filename, "exec"), namespace)  # noqa: S102 - the point of the test
    return namespace, out.getvalue()


def assert_v1_request(request, path: str, *, auth: str | None = None, **body: Any) -> None:
    """``request`` is a v1 call: POST to ``/openai/v1/<path>``, no api-version, the body
    carries ``body``; with ``auth`` the bearer value is checked."""
    assert (request.method, request.path) == ("POST", f"{V1}/{path}")
    assert "api-version" not in request.query, request.query
    assert isinstance(request.json, dict), request.raw_body
    for key, value in body.items():
        assert request.json.get(key) == value, (key, request.json)
    if auth is not None:
        assert request.authorization == f"Bearer {auth}"
        assert "api-key" not in request.headers  # openai sends only the Bearer form


# =============================================================================================
# Part A: the guide's OpenAI v1 code, verbatim
# =============================================================================================

GUIDE_KEY_CLIENT = """
import os
from openai import OpenAI

client = OpenAI(
    api_key=os.getenv("AZURE_OPENAI_API_KEY"),
    base_url="https://<resource>.openai.azure.com/openai/v1/",
)
"""

GUIDE_ENTRA_CLIENT = """
from openai import OpenAI
from azure.identity import DefaultAzureCredential, get_bearer_token_provider

token_provider = get_bearer_token_provider(
    DefaultAzureCredential(),
    "https://cognitiveservices.azure.com/.default"
)

client = OpenAI(
    base_url="https://<resource>.openai.azure.com/openai/v1/",
    api_key=token_provider,
)
"""

GUIDE_RESPONSES = """
response = client.responses.create(
    model="gpt-4o-mini", # Your deployment name
    input="This is a test.",
)

print(response.model_dump_json(indent=2))
"""

GUIDE_CHAT = """
completion = client.chat.completions.create(
    model="gpt-4o-mini",  # Required: your deployment name
    messages=[
        {"role": "system", "content": "You are a helpful assistant."},
        {"role": "user", "content": "What is Azure AI?"}
    ]
)

print(completion.choices[0].message.content)
"""

GUIDE_MESSAGES = [
    {"role": "system", "content": "You are a helpful assistant."},
    {"role": "user", "content": "What is Azure AI?"},
]

GUIDE_STREAM_CALL = """
stream = client.chat.completions.create(
    model="gpt-4o-mini",
    messages=[
        {"role": "system", "content": "You are a helpful assistant."},
        {"role": "user", "content": "Write a poem about Azure."}
    ],
    stream=True
)
"""

#: the guide's loop, unguarded
GUIDE_STREAM_LOOP = """
for chunk in stream:
    if chunk.choices[0].delta.content:
        print(chunk.choices[0].delta.content, end="")
"""

#: the Inference block's guard (`if update.choices:`) carried over: not enough on Azure
CHOICES_ONLY_LOOP = """
for chunk in stream:
    if chunk.choices:
        print(chunk.choices[0].delta.content or "", end="")
"""

#: the guard the tool's streaming snippets use
GUARDED_LOOP = """
for chunk in stream:
    if not chunk.choices or chunk.choices[0].delta is None:
        continue  # Azure: prompt-filter chunk, usage chunk, async content-filter annotation
    if chunk.choices[0].delta.content:
        print(chunk.choices[0].delta.content, end="")
"""

GUIDE_EMBEDDINGS = """
response = client.embeddings.create(
    input="Your text string goes here",
    model="text-embedding-3-small"  # Your deployment name
)

embedding = response.data[0].embedding
"""

GUIDE_IMAGES = """
response = client.images.generate(
    model="dall-e-3",  # Your deployment name
    prompt="a happy monkey eating a banana, in watercolor",
    size="1024x1024",
    quality="standard",
    n=1
)

image_url = response.data[0].url
print(f"Generated image available at: {image_url}")
"""

GUIDE_ERRORS = """
from openai import OpenAIError, RateLimitError, APIError

try:
    completion = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": "Hello"}]
    )
except RateLimitError as e:
    print(f"Rate limit exceeded: {e}")
except APIError as e:
    print(f"API error: {e}")
except OpenAIError as e:
    print(f"OpenAI error: {e}")
"""


@pytest.fixture
def key_client(stub, monkeypatch):
    """The namespace after the guide's key-auth client block."""
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", KEY)
    namespace, _ = run_code(GUIDE_KEY_CLIENT, stub)
    return namespace


def test_guide_key_client_chat_completions(stub, key_client):
    _, printed = run_code(GUIDE_CHAT, stub, key_client)
    assert printed == REPLY + "\n"
    assert len(stub.requests) == 1
    assert_v1_request(stub.last, "chat/completions", auth=KEY, model="gpt-4o-mini", messages=GUIDE_MESSAGES)


def test_guide_entra_client_sends_the_token_on_every_request(stub, credentials):
    namespace, _ = run_code(GUIDE_ENTRA_CLIENT, stub)
    run_code(GUIDE_CHAT, stub, namespace)
    run_code(GUIDE_CHAT, stub, namespace)
    assert [r.authorization for r in stub.requests] == [f"Bearer {TOKEN}"] * 2
    assert_v1_request(stub.last, "chat/completions", auth=TOKEN, model="gpt-4o-mini")
    (credential,) = credentials
    assert set(credential.scopes) == {(GUIDE_SCOPE,)}


def test_token_provider_is_called_per_request(stub):
    """``api_key=<callable>`` is called for each request: a rotating token shows up fresh."""
    credential = FakeCredential(rotate=True)
    client = openai.OpenAI(
        base_url=stub.base_url, api_key=azure_identity.get_bearer_token_provider(credential, GUIDE_SCOPE)
    )
    for _ in range(3):
        client.chat.completions.create(model="gpt-4o-mini", messages=GUIDE_MESSAGES)
    assert [r.authorization for r in stub.requests] == [f"Bearer {TOKEN}-{i}" for i in (1, 2, 3)]


def test_guide_responses_api(stub, key_client):
    _, printed = run_code(GUIDE_RESPONSES, stub, key_client)
    assert_v1_request(stub.last, "responses", auth=KEY, model="gpt-4o-mini", input="This is a test.")
    assert '"id": "resp_stub"' in printed
    assert REPLY in printed


def test_guide_streaming_loop_is_unsafe_on_azure(stub, key_client):
    """The guide's own v1 loop indexes ``choices[0]`` of Azure's first chunk, which has none."""
    run_code(GUIDE_STREAM_CALL, stub, key_client)
    assert_v1_request(stub.last, "chat/completions", auth=KEY, model="gpt-4o-mini", stream=True)
    first = next(iter(key_client["stream"]))
    assert first.choices == [] and "prompt_filter_results" in first.model_extra
    run_code(GUIDE_STREAM_CALL, stub, key_client)
    with pytest.raises(IndexError):
        run_code(GUIDE_STREAM_LOOP, stub, key_client)


def test_choices_guard_alone_fails_on_the_content_filter_annotation(stub, key_client):
    """The Inference block's ``if update.choices:`` guard is not enough: Azure's async content
    filter sends a choice without ``delta``."""
    run_code(GUIDE_STREAM_CALL, stub, key_client)
    with pytest.raises(AttributeError, match="'NoneType' object has no attribute 'content'"):
        run_code(CHOICES_ONLY_LOOP, stub, key_client)


@pytest.mark.parametrize("include_usage", [False, True], ids=["plain", "include_usage"])
def test_guarded_streaming_loop_prints_the_reply(stub, key_client, include_usage):
    call = GUIDE_STREAM_CALL
    if include_usage:
        call = call.replace("stream=True", 'stream=True, stream_options={"include_usage": True}')
    run_code(call, stub, key_client)
    _, printed = run_code(GUARDED_LOOP, stub, key_client)
    assert printed == REPLY
    assert stub.last.json.get("stream_options") == ({"include_usage": True} if include_usage else None)


def test_guide_embeddings(stub, key_client):
    namespace, _ = run_code(GUIDE_EMBEDDINGS, stub, key_client)
    assert_v1_request(
        stub.last, "embeddings", auth=KEY, model="text-embedding-3-small", input="Your text string goes here"
    )
    assert namespace["embedding"] == [d / 64 for d in range(1, 9)]


def test_guide_image_generation(stub, key_client):
    _, printed = run_code(GUIDE_IMAGES, stub, key_client)
    assert_v1_request(
        stub.last, "images/generations", auth=KEY, model="dall-e-3",
        prompt="a happy monkey eating a banana, in watercolor", size="1024x1024", quality="standard", n=1,
    )
    assert printed == f"Generated image available at: {stub.url}/images/stub-0.png\n"


@pytest.mark.parametrize(
    "status, exception, code",
    [
        (429, "RateLimitError", "429"),
        (404, "NotFoundError", "DeploymentNotFound"),
        (401, "AuthenticationError", "401"),
        (400, "BadRequestError", "content_filter"),
    ],
)
@pytest.mark.parametrize("via", ["model", "header"])
def test_azure_errors_map_to_openai_exceptions(stub, key_client, status, exception, code, via):
    client = key_client["client"]
    if via == "model":
        call = {"model": f"stub-error-{status}"}
    else:
        call = {"model": "gpt-4o-mini", "extra_headers": {"x-stub-error": str(status)}}
    with pytest.raises(getattr(openai, exception)) as info:
        client.chat.completions.create(messages=GUIDE_MESSAGES, **call)
    error = info.value
    assert type(error).__name__ == exception
    assert isinstance(error, openai.APIStatusError) and error.status_code == status
    assert error.code == code  # Azure's error.code, e.g. "content_filter"
    if status == 400:
        assert error.body["innererror"]["code"] == "ResponsibleAIPolicyViolation"
    assert len(stub.requests) == 1


@pytest.mark.parametrize(
    "status, branch", [(429, "Rate limit exceeded: "), (404, "API error: "), (400, "API error: ")]
)
def test_guide_error_handling_block(stub, key_client, status, branch):
    stub.error_status = status
    _, printed = run_code(GUIDE_ERRORS, stub, key_client)
    assert printed.startswith(branch) and f"Error code: {status}" in printed


def test_async_client_with_the_aio_token_provider(stub):
    async def main():
        credential = FakeAsyncCredential()
        client = openai.AsyncOpenAI(
            base_url=stub.base_url,
            api_key=azure_identity_aio.get_bearer_token_provider(credential, GUIDE_SCOPE),
        )
        async with client:
            completion = await client.chat.completions.create(model="gpt-4o-mini", messages=GUIDE_MESSAGES)
            stream = await client.chat.completions.create(
                model="gpt-4o-mini", messages=GUIDE_MESSAGES, stream=True
            )
            parts = []
            async for chunk in stream:
                if not chunk.choices or chunk.choices[0].delta is None:
                    continue
                parts.append(chunk.choices[0].delta.content or "")
        return completion, "".join(parts), credential

    completion, streamed, credential = asyncio.run(main())
    assert completion.choices[0].message.content == REPLY and streamed == REPLY
    assert [r.authorization for r in stub.requests] == [f"Bearer {TOKEN}"] * 2
    assert_v1_request(stub.last, "chat/completions", auth=TOKEN, model="gpt-4o-mini", stream=True)
    assert credential.scopes[0] == (GUIDE_SCOPE,)


def test_async_client_with_the_sync_token_provider_raises_type_error(stub):
    """``AsyncOpenAI`` awaits a callable ``api_key``: the sync provider's ``str`` cannot be awaited."""

    async def main():
        client = openai.AsyncOpenAI(
            base_url=stub.base_url,
            api_key=azure_identity.get_bearer_token_provider(FakeCredential(), GUIDE_SCOPE),
        )
        async with client:
            await client.chat.completions.create(model="gpt-4o-mini", messages=GUIDE_MESSAGES)

    with pytest.raises(TypeError, match="await"):
        asyncio.run(main())
    assert stub.requests == []  # it fails before sending anything


def test_already_migrated_example_runs(stub, credentials, monkeypatch):
    """``examples/already_migrated.py`` (which must produce no finding) runs end to end."""
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", KEY)
    path = EXAMPLES / "already_migrated.py"
    _, printed = run_code(path.read_text(), stub, filename=str(path))
    seen = [(r.path.removeprefix(V1 + "/"), r.json.get("model"), r.authorization) for r in stub.requests]
    assert seen == [
        ("responses", "gpt-4o-mini", f"Bearer {KEY}"),
        ("chat/completions", "gpt-4o-mini", f"Bearer {TOKEN}"),
        ("chat/completions", "gpt-4o-mini", f"Bearer {KEY}"),
        ("embeddings", "text-embedding-3-small", f"Bearer {KEY}"),
        ("images/generations", "dall-e-3", f"Bearer {KEY}"),
        ("chat/completions", "gpt-4o-mini", f"Bearer {KEY}"),
        ("chat/completions", "gpt-4o-mini", f"Bearer {TOKEN}"),
    ]
    assert stub.requests[2].json["stream"] is True
    assert printed.count(REPLY) == 5  # responses JSON, chat, stream, errors, async chat


# =============================================================================================
# Part B: the tool's own snippets, applied and run
# =============================================================================================

#: What part B needs from the registry, looked up at run time (other rules are still landing):
#: a description -> predicate over rule classes.
NEEDS: dict[str, Callable[[type], bool]] = {
    "imports": lambda r: r.category is Category.INFERENCE_SDK and "import" in r.symbol,
    "inference client": lambda r: r.category is Category.INFERENCE_SDK and r.symbol.endswith("-client"),
    "complete()": lambda r: r.category is Category.INFERENCE_SDK and "complete" in r.symbol,
    "embed()": lambda r: r.category is Category.INFERENCE_SDK and "embed" in r.symbol,
    "AzureOpenAI client": lambda r: r.category is Category.AZURE_OPENAI_CLIENT and r.symbol == "azure-openai-client",
    "except clauses": lambda r: r.category is Category.ERROR_HANDLING and "handler" in r.symbol,
    # the rule that guards `chunk.choices[0]` of a stream: its own examples index choices[0]
    "streaming guard": lambda r: r.category is Category.STREAMING and any("choices[0]" in c for c in r.invalid),
    "sync provider on AsyncOpenAI": lambda r: r.category is Category.AUTH and "sync-token-provider-async" in r.symbol,
}

#: Imports that the snippets take for granted (a fix adds them; the snippets name
#: `openai.APIStatusError`, `get_bearer_token_provider`, `azure.identity.aio....`).
PRELUDE = """\
import os
import openai
import azure.identity
import azure.identity.aio
from openai import AsyncOpenAI, OpenAI
from azure.identity import get_bearer_token_provider
"""


def missing_rules(needs: tuple[str, ...]) -> list[str]:
    rules = list(registry.load().values())
    return [need for need in needs if not any(NEEDS[need](r) for r in rules)]


def rule_codes(needs: tuple[str, ...]) -> list[str]:
    rules = registry.load().values()
    return sorted({r.code for need in needs for r in rules if NEEDS[need](r)})


@dataclasses.dataclass(frozen=True)
class Edit:
    start: tuple[int, int]  # (1-based line, 0-based UTF-8 byte column)
    end: tuple[int, int]
    text: str
    finding: Finding

    def contains(self, other: "Edit") -> bool:
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: "Edit") -> bool:
        return self.start < other.end and other.start < self.end


@dataclasses.dataclass
class Migration:
    """A module with the tool's snippets applied, and which findings were used."""

    findings: list[Finding]
    applied: list[Edit]
    #: findings with a snippet that was not applied, and why
    unused: list[tuple[Finding, str]]
    source: str

    def report(self) -> str:
        lines = ["applied:"]
        lines += [f"  {e.finding.code} line {e.finding.line}" for e in self.applied]
        lines += ["not applied:"]
        lines += [f"  {f.code} line {f.line}: {why}" for f, why in self.unused]
        lines += ["migrated source:", textwrap.indent(self.source, "  | ")]
        return "\n".join(lines)


def _statement_edit(finding: Finding, tree: ast.Module) -> Edit | str:
    """A snippet without an exact replacement that is one or more statements replaces the
    innermost statement around the finding of the same kind as the snippet's first statement
    after its leading imports (an import for an import, a ``try`` for an ``except`` clause, an
    assignment to the same names for an assignment, ...); the leading imports come along, in place."""
    try:
        body = ast.parse(finding.snippet).body
    except SyntaxError:
        return "snippet does not parse"
    imports = (ast.Import, ast.ImportFrom)
    main = next((s for s in body if not isinstance(s, imports)), body[0] if body else None)
    if main is None or isinstance(main, ast.Expr):
        return "an expression, not a statement"
    kind = type(main)
    start, end = (finding.line, finding.col - 1), (finding.end_line, finding.end_col - 1)
    best = None
    targets = ast.dump(ast.Tuple(main.targets)) if isinstance(main, ast.Assign) else None
    for node in ast.walk(tree):
        if type(node) is kind and isinstance(node, ast.stmt):
            span = ((node.lineno, node.col_offset), (node.end_lineno, node.end_col_offset))
            if span[0] <= start and end <= span[1] and (best is None or span[0] >= best[0]):
                # an assignment snippet stands for an assignment to the same names only
                if targets is None or ast.dump(ast.Tuple(node.targets)) == targets:
                    best = span
    if best is None:
        return f"no enclosing {kind.__name__} statement"
    indent = " " * best[0][1]
    text = textwrap.dedent(finding.snippet).strip("\n")
    text = "\n".join((indent + line if i and line else line) for i, line in enumerate(text.split("\n")))
    return Edit(best[0], best[1], text, finding)


@functools.lru_cache(maxsize=None)
def migrate(source: str, path: str = "example.py") -> Migration:
    """Apply every finding of ``source``: exact replacements (what ``fix`` applies) first, and
    statement snippets (see :func:`_statement_edit`); of overlapping edits the outer one wins
    (it carries the inner migration), the lower code on a tie."""
    findings = analyze_source(source, path)
    tree = ast.parse(source)
    candidates: list[Edit] = []
    unused: list[tuple[Finding, str]] = []
    for finding in findings:
        r = finding.replacement
        if r is not None:
            candidates.append(Edit((r.line, r.col), (r.end_line, r.end_col), r.text, finding))
        elif finding.snippet:
            edit = _statement_edit(finding, tree)
            if isinstance(edit, Edit):
                candidates.append(edit)
            else:
                unused.append((finding, edit))
    candidates.sort(key=lambda e: (e.start, (-e.end[0], -e.end[1]), e.finding.code))
    applied: list[Edit] = []
    for edit in candidates:
        holder = next((a for a in applied if a.overlaps(edit)), None)
        if holder is None:
            applied.append(edit)
        elif holder.contains(edit):
            unused.append((edit.finding, f"inside the edit of {holder.finding.code} line {holder.finding.line}"))
        else:
            unused.append((edit.finding, f"overlaps the edit of {holder.finding.code} line {holder.finding.line}"))
    lines = [line.encode() for line in source.splitlines(keepends=True)]
    for edit in sorted(applied, key=lambda e: e.start, reverse=True):
        (l1, c1), (l2, c2) = edit.start, edit.end
        head, tail = lines[l1 - 1][:c1], lines[l2 - 1][c2:]
        lines[l1 - 1 : l2] = [head + edit.text.encode() + tail]
    return Migration(findings, applied, unused, b"".join(lines).decode())


@pytest.fixture
def no_inference_sdk(monkeypatch):
    """``import azure.ai.inference`` fails: the migrated code must not need it any more."""
    for name in [m for m in sys.modules if m == "azure.ai.inference" or m.startswith("azure.ai.inference.")]:
        monkeypatch.setitem(sys.modules, name, None)
    for name in ("azure.ai.inference", "azure.ai.inference.aio", "azure.ai.inference.models"):
        monkeypatch.setitem(sys.modules, name, None)


ANY_MODEL = object()


@dataclasses.dataclass
class Expect:
    """A request the migrated code must make: POST /openai/v1/<path>, with these body fields."""

    path: str
    auth: str
    body: dict[str, Any]


@dataclasses.dataclass
class Case:
    name: str
    source: str
    needs: tuple[str, ...]
    requests: list[Expect]
    #: what the program prints (``{url}`` is the stub's address), or a predicate
    printed: str | Callable[[str], bool]
    env: dict[str, str] = dataclasses.field(default_factory=dict)
    error_status: int | None = None
    #: the token scopes the Entra credential must be asked for
    scopes: tuple[str, ...] | None = None
    #: what the code raises before the migration (it is run first to show it)
    original_raises: type[BaseException] | None = None


def _example(name: str) -> str:
    return (EXAMPLES / name).read_text()


GUIDE_INF_KEY_CLIENT = """\
import os
from azure.ai.inference import ChatCompletionsClient
from azure.core.credentials import AzureKeyCredential

client = ChatCompletionsClient(
    endpoint="https://<resource>.services.ai.azure.com/models",
    credential=AzureKeyCredential(os.environ["AZURE_INFERENCE_CREDENTIAL"]),
)
"""

GUIDE_INF_ENTRA_CLIENT = """\
from azure.ai.inference import ChatCompletionsClient
from azure.identity import DefaultAzureCredential

client = ChatCompletionsClient(
    endpoint="https://<resource>.services.ai.azure.com/models",
    credential=DefaultAzureCredential(),
    credential_scopes=["https://cognitiveservices.azure.com/.default"],
)
"""

GUIDE_INF_CHAT = """\
from azure.ai.inference.models import SystemMessage, UserMessage

response = client.complete(
    messages=[
        SystemMessage(content="You are a helpful assistant."),
        UserMessage(content="What is Azure AI?"),
    ],
    model="gpt-4o-mini"  # Optional for single-model endpoints
)

print(response.choices[0].message.content)
"""

GUIDE_INF_STREAMING = """\
from azure.ai.inference.models import SystemMessage, UserMessage

response = client.complete(
    stream=True,
    messages=[
        SystemMessage(content="You are a helpful assistant."),
        UserMessage(content="Write a poem about Azure."),
    ],
    model="gpt-4o-mini"
)

for update in response:
    if update.choices:
        print(update.choices[0].delta.content or "", end="")
"""

# the guide's block uses `os` without importing it (it follows the client block on the page)
GUIDE_INF_EMBEDDINGS = """\
import os
from azure.ai.inference import EmbeddingsClient
from azure.core.credentials import AzureKeyCredential

client = EmbeddingsClient(
    endpoint="https://<resource>.services.ai.azure.com/models",
    credential=AzureKeyCredential(os.environ["AZURE_INFERENCE_CREDENTIAL"]),
)

response = client.embed(
    input=["Your text string goes here"],
    model="text-embedding-3-small"
)

embedding = response.data[0].embedding
"""

GUIDE_INF_ERRORS = """\
from azure.core.exceptions import HttpResponseError

try:
    response = client.complete(
        messages=[{"role": "user", "content": "Hello"}],
        model="gpt-4o-mini"
    )
except HttpResponseError as error:
    print(f"Request failed: {error.status_code}")
    print(f"Error message: {error.message}")
"""

ASYNC_CLIENT_WITH_SYNC_PROVIDER = """\
import asyncio

from azure.identity import DefaultAzureCredential, get_bearer_token_provider
from openai import AsyncOpenAI

token_provider = get_bearer_token_provider(DefaultAzureCredential(), "https://cognitiveservices.azure.com/.default")
client = AsyncOpenAI(base_url="https://<resource>.openai.azure.com/openai/v1/", api_key=token_provider)


async def main():
    completion = await client.chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "What is Azure AI?"}]
    )
    print(completion.choices[0].message.content)
    await client.close()


asyncio.run(main())
"""

POEM = [GUIDE_MESSAGES[0], {"role": "user", "content": "Write a poem about Azure."}]
HELLO = [{"role": "user", "content": "Hello"}]
EMBED_INPUT = ["Your text string goes here"]
KEY_ENV = {"AZURE_INFERENCE_CREDENTIAL": KEY}


def _chat(auth: str, model: Any = "gpt-4o-mini", **body: Any) -> Expect:
    return Expect("chat/completions", auth, {"model": model, **body})


def _error_printed(status: int, *more: str) -> Callable[[str], bool]:
    def check(printed: str) -> bool:
        lines = printed.splitlines()
        return (
            lines[:1] == [f"Request failed: {status}"]
            and lines[1].startswith(f"Error message: Error code: {status}")
            and lines[2:] == list(more)
        )

    return check


CASES = [
    Case(
        "examples/chat_key_auth.py", _example("chat_key_auth.py"), ("imports", "inference client", "complete()"),
        [_chat(KEY, messages=GUIDE_MESSAGES)], REPLY + "\n", KEY_ENV,
    ),
    Case(
        "examples/chat_entra_id.py", _example("chat_entra_id.py"), ("imports", "inference client", "complete()"),
        [
            _chat(TOKEN, messages=GUIDE_MESSAGES),
            _chat(TOKEN, ANY_MODEL, messages=[{"role": "user", "content": "What is Azure AI Foundry?"}]),
        ],
        REPLY + "\n" + REPLY + "\n", scopes=(GUIDE_SCOPE,),
    ),
    Case(
        "examples/chat_streaming.py", _example("chat_streaming.py"),
        ("imports", "inference client", "complete()", "streaming guard"),
        [
            _chat(KEY, messages=POEM, stream=True),
            _chat(KEY, messages=[{"role": "user", "content": "Tell me a short story about a cloud."}], stream=True),
        ],
        REPLY + "\n" + REPLY + "\n", KEY_ENV,
    ),
    Case(
        "examples/embeddings.py", _example("embeddings.py"), ("imports", "inference client", "embed()"),
        [Expect("embeddings", KEY, {"model": "text-embedding-3-small", "input": EMBED_INPUT})],
        "8 dimensions, first values: [0.015625, 0.03125, 0.046875]\n", KEY_ENV,
    ),
    Case(
        "examples/error_handling.py", _example("error_handling.py"),
        ("imports", "inference client", "complete()", "except clauses"),
        [_chat(KEY, messages=HELLO), _chat(KEY, messages=HELLO)],
        _error_printed(404, "No deployment named 'gpt-4o-mini'"), KEY_ENV, error_status=404,
    ),
    Case(
        "examples/async_chat.py", _example("async_chat.py"),
        ("imports", "inference client", "complete()", "streaming guard"),
        [
            _chat(TOKEN, messages=GUIDE_MESSAGES),
            _chat(TOKEN, messages=[{"role": "user", "content": "Write a haiku about Azure."}], stream=True),
        ],
        # the tool documents that an endpoint variable must then hold the resource root
        REPLY + "\n" + REPLY + "\n", {"AZURE_INFERENCE_ENDPOINT": "{url}"}, scopes=(GUIDE_SCOPE,),
    ),
    Case(
        "examples/azure_openai_client.py", _example("azure_openai_client.py"), ("AzureOpenAI client",),
        [
            _chat(KEY, messages=[
                {"role": "system", "content": "Summarize the user's text in one sentence."},
                {"role": "user", "content": "Azure OpenAI serves OpenAI models from Azure data centers."},
            ]),
            Expect("responses", TOKEN, {"model": "gpt-4o-mini", "input": "This is a test."}),
        ],
        REPLY + "\n" + REPLY + "\n", {"AZURE_OPENAI_ENDPOINT": "{url}", "AZURE_OPENAI_API_KEY": KEY},
        scopes=(GUIDE_SCOPE,),
    ),
    Case(
        "guide: client (key) + chat completions", GUIDE_INF_KEY_CLIENT + "\n" + GUIDE_INF_CHAT,
        ("imports", "inference client", "complete()"),
        [_chat(KEY, messages=GUIDE_MESSAGES)], REPLY + "\n", KEY_ENV,
    ),
    Case(
        "guide: client (Entra ID) + chat completions", GUIDE_INF_ENTRA_CLIENT + "\n" + GUIDE_INF_CHAT,
        ("imports", "inference client", "complete()"),
        [_chat(TOKEN, messages=GUIDE_MESSAGES)], REPLY + "\n", scopes=(GUIDE_SCOPE,),
    ),
    Case(
        "guide: client (key) + streaming", GUIDE_INF_KEY_CLIENT + "\n" + GUIDE_INF_STREAMING,
        ("imports", "inference client", "complete()", "streaming guard"),
        [_chat(KEY, messages=POEM, stream=True)], REPLY, KEY_ENV,
    ),
    Case(
        "guide: embeddings", GUIDE_INF_EMBEDDINGS, ("imports", "inference client", "embed()"),
        [Expect("embeddings", KEY, {"model": "text-embedding-3-small", "input": EMBED_INPUT})], "", KEY_ENV,
    ),
    Case(
        "guide: client (key) + error handling", GUIDE_INF_KEY_CLIENT + "\n" + GUIDE_INF_ERRORS,
        ("imports", "inference client", "complete()", "except clauses"),
        [_chat(KEY, messages=HELLO)], _error_printed(429), KEY_ENV, error_status=429,
    ),
    # OpenAI v1 code that is already on the new SDK but breaks at run time
    Case(
        "guide v1: unguarded streaming loop", GUIDE_KEY_CLIENT + GUIDE_STREAM_CALL + GUIDE_STREAM_LOOP,
        ("streaming guard",), [_chat(KEY, messages=POEM, stream=True)], REPLY,
        {"AZURE_OPENAI_API_KEY": KEY}, original_raises=IndexError,
    ),
    Case(
        "v1: sync token provider on AsyncOpenAI", ASYNC_CLIENT_WITH_SYNC_PROVIDER, ("sync provider on AsyncOpenAI",),
        [_chat(TOKEN, messages=[GUIDE_MESSAGES[1]])], REPLY + "\n", scopes=(GUIDE_SCOPE,), original_raises=TypeError,
    ),
]


def test_every_example_is_covered():
    """Each Inference / AzureOpenAI example of ``examples/`` has a case of part B."""
    covered = {c.name for c in CASES}
    examples = {f"examples/{p.name}" for p in EXAMPLES.glob("*.py")} - {"examples/already_migrated.py"}
    assert examples <= covered, examples - covered


def test_already_migrated_example_has_no_findings():
    path = EXAMPLES / "already_migrated.py"
    assert analyze_source(path.read_text(), str(path)) == []


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_tool_snippets_run(case, stub, credentials, monkeypatch, no_inference_sdk):
    missing = missing_rules(case.needs)
    if missing:
        pytest.skip(f"rules not registered yet: {', '.join(missing)}")
    for name, value in case.env.items():
        monkeypatch.setenv(name, value.format(url=stub.url))
    stub.error_status = case.error_status
    if case.original_raises is not None:
        with pytest.raises(case.original_raises):
            run_code(case.source, stub, filename=f"<original {case.name}>")
        stub.clear()
        credentials.clear()

    migration = migrate(case.source, case.name)
    context = f"{case.name} (rules {', '.join(rule_codes(case.needs))})\n{migration.report()}"
    program = PRELUDE + migration.source
    leftovers = [
        node.lineno for node in ast.walk(ast.parse(migration.source))
        if isinstance(node, ast.Import) and any(a.name.startswith("azure.ai.inference") for a in node.names)
        or isinstance(node, ast.ImportFrom) and (node.module or "").startswith("azure.ai.inference")
    ]
    assert not leftovers, f"Azure AI Inference imports left on lines {leftovers}\n{context}"
    try:
        _, printed = run_code(program, stub, filename=f"<migrated {case.name}>")
    except Exception as exc:
        raise AssertionError(f"the migrated code raised {type(exc).__name__}: {exc}\n{context}") from exc

    seen = [(r.method, r.path.removeprefix(V1 + "/"), r.query, r.authorization) for r in stub.requests]
    want = [("POST", e.path, {}, f"Bearer {e.auth}") for e in case.requests]
    assert seen == want, context
    for request, expect in zip(stub.requests, case.requests):
        for key, value in expect.body.items():
            got = request.json.get(key)
            if value is ANY_MODEL:
                assert isinstance(got, str) and got, (key, request.json, context)
            else:
                assert got == value, (key, request.json, context)
        if "stream" not in expect.body:
            assert "stream" not in request.json, context
    if callable(case.printed):
        assert case.printed(printed), (printed, context)
    else:
        assert printed == case.printed.format(url=stub.url), context
    if case.scopes is not None:
        assert credentials and {s for c in credentials for s in c.scopes} == {case.scopes}, context


def unbound_names(source: str) -> set[str]:
    """Names a module reads but never binds (a flow- and scope-insensitive approximation)."""
    tree = ast.parse(source)
    bound = set(dir(builtins)) | {"__name__", "__file__"}
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            bound.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            bound.add(node.id)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            bound.add(node.name)
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)} - bound


#: Names the applied findings use without any finding importing them; part B supplies them
#: through PRELUDE. A ratchet: when a rule starts providing the import, remove it here.
IMPORTS_NO_FINDING_PROVIDES: dict[str, set[str]] = {}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_tool_snippets_bring_their_imports(case):
    missing = missing_rules(case.needs)
    if missing:
        pytest.skip(f"rules not registered yet: {', '.join(missing)}")
    migration = migrate(case.source, case.name)
    # the imports each applied fix declares (``aoai-migrate fix`` adds the missing ones)
    declared = "".join(f"{line}\n" for e in migration.applied if e.finding.fix for line in e.finding.fix.imports)
    unbound = unbound_names(declared + migration.source)
    assert not unbound_names(PRELUDE + migration.source), "PRELUDE does not cover the snippets"
    assert unbound == IMPORTS_NO_FINDING_PROVIDES.get(case.name, set()), (
        f"names used but not imported after applying the findings: {sorted(unbound)} "
        f"(update IMPORTS_NO_FINDING_PROVIDES if a rule now provides the import)\n{migration.report()}"
    )
