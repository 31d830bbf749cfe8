"""The image-embeddings REST helper of AOM603 and the findings around it (AOM107 enum members
passed to it, AOM115 reads of its result, AOM605 on clients that are not image-embeddings ones):
fresh fixtures in the shapes of the Inference SDK's own tests, the helper run against the local
stub and compared with what the SDK itself sends."""

from __future__ import annotations

import json
import textwrap

import pytest

import snippet_oracle
from conftest import run


def findings(source: str, code: str, line: int | None = None):
    return [f for f in run(textwrap.dedent(source)) if f.code == code and (line is None or f.line == line)]


def oracle(source: str, finding) -> list[str]:
    source = textwrap.dedent(source)
    return [str(p) for f, p in snippet_oracle.check_findings(run(source), source) if f == finding]


# -- AOM107: enum members passed to an image-embeddings client ------------------------------------
ENUMS_IN_CONTEXT = """\
import azure.ai.inference as inference
from azure.core.credentials import AzureKeyCredential

photos = inference.ImageEmbeddingsClient(
    endpoint="http://127.0.0.1:9",
    credential=AzureKeyCredential("k"),
    input_type=inference.models.EmbeddingInputType.DOCUMENT,
)
texts = inference.EmbeddingsClient(endpoint="http://127.0.0.1:9", credential=AzureKeyCredential("k"))


def search(items, words):
    hits = photos.embed(input=items, input_type=inference.models.EmbeddingInputType.QUERY,
                        encoding_format=inference.models.EmbeddingEncodingFormat.INT8)
    vectors = texts.embed(input=words, model="m", input_type=inference.models.EmbeddingInputType.QUERY)
    return hits, vectors
"""


def test_enum_members_of_image_embeddings_calls_name_the_rest_body_not_extra_body():
    by_line = {f.line: f for f in findings(ENUMS_IN_CONTEXT, "AOM107")}
    for line in (7, 13, 14):  # the client's default, the embed() call's values
        message = by_line[line].message
        assert "the image-embeddings REST call (AOM603) uses the string" in message, message
        assert "extra_body" not in message and "OpenAI uses" not in message
    assert by_line[7].snippet == '"document"' and by_line[14].snippet == '"int8"'


def test_enum_members_of_text_embeddings_keep_the_extra_body_advice():
    """Tricky negative: the same member on the text-embeddings client of the same module goes
    to `embeddings.create(extra_body=...)` (converted there by AOM104); a module-level name may
    reach either call: the message names both."""
    source = ENUMS_IN_CONTEXT + 'kind = inference.models.EmbeddingInputType.DOCUMENT\n'
    (loose,) = findings(source, "AOM107", line=17)
    assert loose.message.endswith(
        'the migrated code uses the string "document" either way: in `extra_body={"input_type": ...}` of '
        "embeddings.create, or in the JSON body of the image-embeddings REST call (AOM603)"), loose.message
    assert loose.snippet == '"document"'
    assert not findings(source, "AOM107", line=15)  # inside the AOM104 call, which converts it


ENUMS_THROUGH_VARIABLES = """\
import azure.ai.inference as inference
from azure.ai.inference.models import EmbeddingEncodingFormat, EmbeddingInputType
from azure.core.credentials import AzureKeyCredential

photos = inference.ImageEmbeddingsClient(endpoint="http://127.0.0.1:9", credential=AzureKeyCredential("k"))
texts = inference.EmbeddingsClient(endpoint="http://127.0.0.1:9", credential=AzureKeyCredential("k"))


def images(items):
    kind = EmbeddingInputType.DOCUMENT
    fmt = EmbeddingEncodingFormat.INT8
    return photos.embed(input=items, input_type=kind, encoding_format=fmt)


def words(items):
    kind = EmbeddingInputType.QUERY
    return texts.embed(input=items, model="m", input_type=kind)


def mixed(items):
    kind = EmbeddingInputType.TEXT
    photos.embed(input=items, input_type=kind)
    return texts.embed(input=items, model="m", input_type=kind)


def mine(items):
    return helper(items, EmbeddingInputType.QUERY)


def rebound(items):
    kind = EmbeddingInputType.QUERY
    helper(kind)
    kind = EmbeddingInputType.DOCUMENT
    return photos.embed(input=items, input_type=kind)
"""
REST_WORDING = "the image-embeddings REST call (AOM603) uses the string"
OPENAI_WORDING = 'OpenAI uses the string "query" in `extra_body={"input_type": ...}`'
EITHER_WORDING = "the migrated code uses the string"


@pytest.mark.parametrize(("line", "wording"), [
    (10, REST_WORDING), (11, REST_WORDING),  # locals passed only to the image-embeddings call
    (16, OPENAI_WORDING),  # a local passed only to the text-embeddings call (AOM104 converts it)
    (21, EITHER_WORDING),  # a local passed to both
    (27, EITHER_WORDING),  # an argument of the user's own function
    (31, EITHER_WORDING), (33, REST_WORDING),  # a name bound again: each value goes its own way
])
def test_enum_members_held_in_variables_follow_where_they_are_passed(line, wording):
    (finding,) = findings(ENUMS_THROUGH_VARIABLES, "AOM107", line=line)
    assert wording in finding.message, finding.message
    assert finding.snippet.startswith('"')


def test_enum_members_in_modules_without_image_embeddings_keep_the_openai_wording():
    """Tricky negative: without an image-embeddings client, the same shapes are OpenAI's."""
    source = ENUMS_THROUGH_VARIABLES.replace("inference.ImageEmbeddingsClient", "inference.EmbeddingsClient")
    for line in (21, 27, 31):
        (finding,) = findings(source, "AOM107", line=line)
        assert "OpenAI uses the string" in finding.message, finding.message


# -- AOM605: get_model_info() on what load_client() returned ----------------------------------------
def test_model_info_of_a_loaded_client_names_the_deployment_placeholder():
    source = """\
    import azure.ai.inference as inference

    def describe(endpoint, credential):
        client = inference.load_client(endpoint=endpoint, credential=credential)
        assert isinstance(client, inference.EmbeddingsClient)
        return client.get_model_info()
    """
    (finding,) = findings(source, "AOM605")
    assert finding.snippet == 'client.models.retrieve("<deployment-name>")\n'
    assert 'put its name in place of `"<deployment-name>"`' in finding.message
    assert oracle(source, finding) == []


def test_model_info_with_a_known_deployment_has_no_placeholder_note():
    source = """\
    from azure.ai.inference import EmbeddingsClient

    client = EmbeddingsClient(endpoint="https://x.services.ai.azure.com/models", credential=c, model="embed-v3")
    info = client.get_model_info()
    """
    (finding,) = findings(source, "AOM605")
    assert finding.snippet == 'client.models.retrieve("embed-v3")\n'
    assert "not visible here" not in finding.message


# -- AOM603: the REST helper sends what the SDK sent ------------------------------------------------
import asyncio  # noqa: E402
import contextlib  # noqa: E402
import socket  # noqa: E402
import threading  # noqa: E402

from http_stub import AzureV1Stub  # noqa: E402

IMAGE = {"image": "data:image/png;base64,AAAA"}


@pytest.fixture
def stub():
    with AzureV1Stub() as server:
        yield server
        assert not server.failures, server.failures


def _module(client_keywords: str, call_keywords: str, aio: bool = False) -> str:
    """A module in the shape of the SDK's own payload tests: a client with defaults, one call."""
    package = "azure.ai.inference.aio" if aio else "azure.ai.inference"
    call = f"client.embed(input=[IMAGE]{call_keywords})"
    body = f"async def send():\n    return await {call}\n" if aio else f"def send():\n    return {call}\n"
    return (
        f"from {package} import ImageEmbeddingsClient\n"
        "from azure.ai.inference.models import EmbeddingEncodingFormat, EmbeddingInputType\n"
        "from azure.core.credentials import AzureKeyCredential\n"
        f"client = ImageEmbeddingsClient(endpoint=ENDPOINT, credential=AzureKeyCredential('key-1'){client_keywords})\n"
        + body
    )


def _helper_call(source: str, aio: bool = False) -> str:
    """The snippet AOM603 shows for the embed() call: the REST function and the call, as a
    program (``send()`` returns what the call returned)."""
    (finding,) = [f for f in run(source) if f.code == "AOM603" and f.line == 6]
    function, _, call = finding.snippet.rstrip().rpartition("\n\n\n")
    call = call.strip().removeprefix("return ")
    return function + ("\n\n\nasync def send():\n    return " if aio else "\n\n\ndef send():\n    return ") + call + "\n"


def _send(program: str, endpoint: str, aio: bool = False):
    namespace = {"ENDPOINT": endpoint, "IMAGE": IMAGE}
    exec(compile(program, "<program>", "exec"), namespace)
    return asyncio.run(namespace["send"]()) if aio else namespace["send"]()


WIRE_HEADERS = ("api-key", "authorization", "extra-parameters", "x-team")

DEFAULT_CASES = {
    # the client's defaults only (the SDK test "with defaults")
    "client defaults": (
        ", headers={'x-team': 'photos'}, dimensions=2048, encoding_format=EmbeddingEncodingFormat.UBINARY,"
        " input_type=EmbeddingInputType.QUERY, model='some-model', model_extras={'key1': 1, 'key5': {'k': [4, 5]}}",
        "",
    ),
    # every default overridden by the call, extras of both: the call's replace the client's
    "call overrides": (
        ", dimensions=1024, encoding_format=EmbeddingEncodingFormat.UINT8, input_type=EmbeddingInputType.DOCUMENT,"
        " model='other-model', model_extras={'hey1': 2, 'key2': False, 'key9': 'client'}",
        ", dimensions=2048, encoding_format=EmbeddingEncodingFormat.UBINARY, input_type=EmbeddingInputType.QUERY,"
        " model='some-model', model_extras={'key1': 1, 'key2': True}",
    ),
    # None in the call keeps the client's value; empty extras keep the client's
    "None and empty keep the client's": (
        ", dimensions=1024, model_extras={'truncate': 'END'}",
        ", dimensions=None, input_type=None, model_extras={}",
    ),
    # no defaults on the client: only what the call says, no pass-through header
    "call only": ("", ", model='m', dimensions=8"),
    # the client's own api-key header wins over the credential's key, its Authorization does not
    "the client's api-key header": (", headers={'api-key': 'from-headers', 'Authorization': 'x', 'x-team': 't'}", ""),
    # the client's extras hold an entry named like a standard parameter: the extras win
    "extras overwrite standard keys": (", model='client-model', model_extras={'model': 'extra-model'}", ""),
}


@pytest.mark.parametrize("case", DEFAULT_CASES)
def test_helper_sends_the_body_and_headers_the_sdk_sent(stub, case):
    client_keywords, call_keywords = DEFAULT_CASES[case]
    source = _module(client_keywords, call_keywords)
    endpoint = stub.url + "/models"
    sdk_result = _send(source, endpoint)
    sdk_request = stub.last
    helper = _helper_call(source)
    stub.clear()
    helper_result = _send(helper, endpoint)
    sent = stub.last
    assert sent.path == sdk_request.path == "/models/images/embeddings"
    assert sent.query == sdk_request.query
    assert sent.json == sdk_request.json, case
    assert {h: sent.headers.get(h) for h in WIRE_HEADERS} == {h: sdk_request.headers.get(h) for h in WIRE_HEADERS}
    assert helper_result == sdk_result.as_dict()


def test_async_helper_sends_what_the_aio_client_sent(stub):
    client_keywords, call_keywords = DEFAULT_CASES["call overrides"]
    source = _module(client_keywords, call_keywords, aio=True)
    endpoint = stub.url + "/models"
    sdk_result = _send(source, endpoint, aio=True)
    sdk_request = stub.last
    stub.clear()
    helper_result = _send(_helper_call(source, aio=True), endpoint, aio=True)
    assert stub.last.json == sdk_request.json
    assert stub.last.headers.get("extra-parameters") == sdk_request.headers.get("extra-parameters") == "pass-through"
    assert helper_result == sdk_result.as_dict()


def test_helper_passes_the_oracle():
    source = _module(*DEFAULT_CASES["call overrides"])
    (finding,) = [f for f in run(source) if f.code == "AOM603" and f.line == 6]
    assert oracle(source, finding) == []


# -- AOM603: the errors the user's handlers catch ----------------------------------------------------
def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def _hanging_up():
    """A server on 127.0.0.1 that reads the request and closes the connection without an answer."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(10)
    stop = threading.Event()

    def serve():
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(5)
                with contextlib.suppress(OSError):
                    conn.recv(65536)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.getsockname()[1]}"
    finally:
        stop.set()
        server.close()
        thread.join(5)


HANDLED = """\
def handled():
    try:
        send()
    except ServiceRequestError as error:
        return "request", type(error).__name__
    except ServiceResponseError as error:
        return "response", type(error).__name__
    except HttpResponseError as error:
        return "status", type(error).__name__, error.status_code
"""
AHANDLED = HANDLED.replace("def handled", "async def handled").replace("send()", "await send()")
ERRORS = "from azure.core.exceptions import HttpResponseError, ServiceRequestError, ServiceResponseError\n"


def _handled(program: str, endpoint: str, aio: bool = False):
    namespace = {"ENDPOINT": endpoint, "IMAGE": IMAGE}
    exec(compile(ERRORS + program + (AHANDLED if aio else HANDLED), "<program>", "exec"), namespace)
    return asyncio.run(namespace["handled"]()) if aio else namespace["handled"]()


@pytest.mark.parametrize("aio", [False, True], ids=["sync", "aio"])
def test_connection_refused_is_a_service_request_error_as_in_the_sdk(aio):
    source = _module(", retry_total=0", "", aio=aio)  # no retries: one attempt, as the helper makes
    endpoint = f"http://127.0.0.1:{_closed_port()}/models"
    assert _handled(source, endpoint, aio) == ("request", "ServiceRequestError")
    assert _handled(_helper_call(source, aio), endpoint, aio) == ("request", "ServiceRequestError")


def test_a_connection_closed_without_answer_is_a_service_response_error_as_in_the_sdk():
    source = _module(", retry_total=0", "")
    with _hanging_up() as url:
        expected = _handled(source, url + "/models")
        assert expected == ("response", "ServiceResponseError")
        assert _handled(_helper_call(source), url + "/models") == expected


@pytest.mark.parametrize("aio", [False, True], ids=["sync", "aio"])
def test_http_statuses_raise_the_sdks_error_classes(stub, aio):
    """404 was `ResourceNotFoundError` (a subclass of `HttpResponseError`), 429 the base class."""
    source = _module(", retry_total=0", "", aio=aio)
    helper = _helper_call(source, aio)
    missing = stub.url + "/no-such-route"
    expected = _handled(source, missing, aio)
    assert expected == ("status", "ResourceNotFoundError", 404)
    assert _handled(helper, missing, aio) == expected
    stub.error_status = 429
    expected = _handled(source, stub.url + "/models", aio)
    assert expected == ("status", "HttpResponseError", 429)
    assert _handled(helper, stub.url + "/models", aio) == expected


def test_a_read_timeout_is_a_service_response_timeout_error(monkeypatch):
    requests = pytest.importorskip("requests")
    from azure.core.exceptions import ServiceResponseTimeoutError

    def timed_out(*args, **kwargs):
        raise requests.exceptions.ReadTimeout("read timed out")

    monkeypatch.setattr(requests, "post", timed_out)
    namespace = {"ENDPOINT": "http://127.0.0.1:9", "IMAGE": IMAGE}
    exec(_helper_call(_module("", "")), namespace)
    with pytest.raises(ServiceResponseTimeoutError):
        namespace["send"]()


# -- AOM603: azure-core's timeouts and retries ------------------------------------------------------
@pytest.fixture
def sleeps(monkeypatch):
    """The waits of the SDK's retry policy and of the helper (``time.sleep`` / ``asyncio.sleep``),
    recorded and not slept."""
    import time

    waits: list[float] = []
    real_async_sleep = asyncio.sleep

    def sleep(seconds):
        if seconds > 0:
            waits.append(round(seconds, 6))

    async def async_sleep(seconds, *args, **kwargs):
        sleep(seconds)
        await real_async_sleep(0)

    monkeypatch.setattr(time, "sleep", sleep)
    monkeypatch.setattr(asyncio, "sleep", async_sleep)
    return waits


def _attempts(stub, sleeps, program: str, statuses: list[int], headers: dict[str, str], aio: bool):
    """What running ``program`` against the stub answering ``statuses`` first gives: its result
    (or the error's class and status), the requests made, the waits."""
    stub.clear()
    sleeps.clear()
    stub.error_sequence, stub.error_headers = list(statuses), dict(headers)
    try:
        outcome = _send(program, stub.url + "/models", aio)
        outcome = outcome if isinstance(outcome, dict) else outcome.as_dict()
    except Exception as error:  # noqa: BLE001 - compared between the SDK and the helper
        outcome = (type(error).__name__, getattr(error, "status_code", None))
    return outcome, len(stub.requests), list(sleeps)


RETRY_CASES = {
    # a 429 with Retry-After is retried after the wait it asks for
    "429 with Retry-After": ("", [429], {"Retry-After": "2"}, 2),
    # a POST's 500 is retried 3 times; the stub's retry-after-ms: 1 is the wait
    "500 until it gives up": ("", [500] * 5, {}, 4),
    # no wait asked for: the exponential backoff (none, then 1.6 s, 3.2 s)
    "503 with backoff": ("", [503] * 3, {"retry-after-ms": "0"}, 4),
    # the client's own retry settings
    "client retry settings": (", retry_total=1, retry_backoff_factor=0.1", [500] * 3, {}, 2),
    "client backoff": (", retry_backoff_factor=0.5, retry_backoff_max=1", [500] * 3, {"retry-after-ms": "0"}, 4),
    # tricky negatives: a POST's 429 without Retry-After and its 502 were not retried
    "429 without Retry-After": ("", [429], {}, 1),
    "502": ("", [502], {}, 1),
}


#: the sync cases cover the settings, these the async loop
ASYNC_RETRY_CASES = ("429 with Retry-After", "503 with backoff", "429 without Retry-After")


@pytest.mark.parametrize(("case", "aio"), [(c, False) for c in RETRY_CASES] + [(c, True) for c in ASYNC_RETRY_CASES])
def test_helper_retries_as_the_sdk_did(stub, sleeps, case, aio):
    client_keywords, statuses, headers, requests_made = RETRY_CASES[case]
    source = _module(client_keywords, "", aio=aio)
    expected = _attempts(stub, sleeps, source, statuses, headers, aio)
    assert expected[1] == requests_made, expected
    assert _attempts(stub, sleeps, _helper_call(source, aio), statuses, headers, aio) == expected


def test_backoff_waits_are_azure_cores(stub, sleeps):
    source = _module("", "")
    assert _attempts(stub, sleeps, _helper_call(source), [503] * 3, {"retry-after-ms": "0"}, False)[2] == [1.6, 3.2]


def test_model_info_retries_a_get_status_a_post_would_not(stub, sleeps):
    """GET /info: a 429 without Retry-After is retried (the GET set), as get_model_info() did."""
    source = _module("", "").replace("client.embed(input=[IMAGE])", "client.get_model_info()")
    expected = _attempts(stub, sleeps, source, [429], {}, False)
    assert expected[0] == ("ResourceNotFoundError", 404) and expected[1] == 2  # the stub has no /info
    (finding,) = [f for f in run(source) if f.code == "AOM605"]
    function, _, call = finding.snippet.rstrip().rpartition("\n\n\n")
    helper = function + "\n\n\ndef send():\n    return " + call.strip().removeprefix("return ") + "\n"
    assert _attempts(stub, sleeps, helper, [429], {}, False) == expected
    assert "not a failed connection" in finding.message


@pytest.mark.parametrize("aio", [False, True], ids=["sync", "aio"])
@pytest.mark.parametrize("client_keywords", ["", ", connection_timeout=5, read_timeout=7.5"])
def test_helper_has_the_transports_timeouts(stub, monkeypatch, aio, client_keywords):
    """requests: ``timeout=(connect, read)``, aiohttp: ``ClientTimeout(sock_connect, sock_read)``,
    300 s each unless the client set them."""
    timeouts = []
    if aio:
        import aiohttp

        real = aiohttp.ClientSession._request

        def request(self, *args, **kwargs):
            timeouts.append(kwargs.get("timeout"))
            return real(self, *args, **kwargs)

        monkeypatch.setattr(aiohttp.ClientSession, "_request", request)
    else:
        import requests

        real = requests.Session.request

        def request(self, *args, **kwargs):
            timeouts.append(kwargs.get("timeout"))
            return real(self, *args, **kwargs)

        monkeypatch.setattr(requests.Session, "request", request)
    source = _module(client_keywords, "", aio=aio)
    _send(source, stub.url + "/models", aio)
    _send(_helper_call(source, aio), stub.url + "/models", aio)
    assert len(timeouts) == 2 and timeouts[0] == timeouts[1], timeouts
    assert timeouts[0] is not None


def test_retry_settings_the_helper_cannot_carry_are_named():
    source = _module(", retry_mode=RetryMode.Fixed, retry_total=2", "")
    (client,) = [f for f in run(source) if f.code == "AOM603" and f.line == 4]
    assert "the client's retry_mode not carried" in client.message
    assert "retry_mode" not in _module("", "") and "not carried" not in [
        f for f in run(_module("", "")) if f.code == "AOM603" and f.line == 4][0].message


# -- AOM115 / AOM603: what the code reads on the helper's result (a JSON dict) ----------------------
RESULT_READS = """\
import json
import azure.ai.inference as inference
from azure.core.credentials import AzureKeyCredential


class TestImages:
    def test_embed(self):
        client = inference.ImageEmbeddingsClient(endpoint=ENDPOINT, credential=AzureKeyCredential("k"))
        response1 = client.embed(input=[IMAGE])
        first = response1["data"][0]["embedding"]
        return json.dumps(response1.as_dict(), indent=2), first
"""


def test_as_dict_on_the_helpers_result_is_the_dict_itself(stub):
    found = run(RESULT_READS)
    (as_dict,) = [f for f in found if f.code == "AOM115"]  # item access on line 10 is right as it is
    assert as_dict.line == 11 and as_dict.snippet == "response1"
    assert "returns the JSON dict: use `response1` itself" in as_dict.message
    assert "model_dump" not in as_dict.message + as_dict.snippet
    assert as_dict.fix is None or as_dict.fix.applicability.value == "display-only"
    # the migrated lines run: the helper's dict goes through json.dumps and item access
    (call,) = [f for f in found if f.code == "AOM603" and f.line == 9]
    function, _, assignment = call.snippet.rstrip().rpartition("\n\n\n")
    namespace = {"IMAGE": IMAGE, "ENDPOINT": stub.url + "/models", "json": json}
    exec(function + "\n" + assignment + "\nfirst = response1['data'][0]['embedding']\n"
         "dumped = json.dumps(response1, indent=2)\n", namespace)
    assert json.loads(namespace["dumped"])["data"][0]["embedding"] == namespace["first"]
    assert stub.last.path == "/models/images/embeddings"


def test_as_dict_on_a_text_embeddings_result_stays_model_dump():
    """Tricky negative: the text-embeddings client next to it migrates to openai, whose result
    is a pydantic model."""
    source = RESULT_READS.replace("ImageEmbeddingsClient", "EmbeddingsClient").replace(
        "client.embed(input=[IMAGE])", 'client.embed(input=["a"], model="m")')
    as_dicts = [f for f in run(source) if f.code == "AOM115"]
    assert {f.snippet for f in as_dicts} >= {"response1.model_dump()"}
    assert any(f.line == 10 for f in as_dicts)  # item access is flagged there: attributes on openai's model


def test_attribute_reads_of_the_helpers_result_are_named_in_the_call_finding():
    source = """\
    from azure.ai.inference.aio import ImageEmbeddingsClient

    async def vectors(client: ImageEmbeddingsClient, items):
        result = await client.embed(input=items)
        for item in result.data:
            print(item.index, len(item.embedding))
        return result.usage, result.as_dict()
    """
    (call,) = findings(source, "AOM603")
    assert ('`result.data`, `result.usage` read later: a dict has no attributes, use `result["data"]`, '
            '`result["usage"]`') in call.message
    assert '(its items are dicts too: `["embedding"]`, `["index"]`)' in call.message
    assert "as_dict" not in call.message  # AOM115 reports that one
    plain = source.replace("        for item in result.data:\n            print(item.index, len(item.embedding))\n", "").replace(
        "result.usage, ", "")
    (call,) = findings(plain, "AOM603")
    assert "read later" not in call.message


def test_the_rest_calls_keep_the_statement_they_stand_in():
    """`return client.embed(...)` returns the REST call's dict; an attribute read on the result
    is not shown on the dict (the call alone, the message names reads of assigned results)."""
    source = """\
    from azure.ai.inference.aio import ImageEmbeddingsClient

    async def run(client: ImageEmbeddingsClient, items):
        print(len((await client.embed(input=items)).data))
        keep(await client.get_model_info())
        first = (await client.embed(input=items))["data"][0]
        return await client.embed(input=items, dimensions=8)
    """
    by_line = {f.line: f.snippet.rstrip().rpartition("\n\n\n")[2] for f in findings(source, "AOM603")}
    assert by_line == {4: "await embed_images(input=items)",
                       6: 'first = (await embed_images(input=items))["data"][0]',
                       7: "return await embed_images(input=items, dimensions=8)"}
    (info,) = findings(source, "AOM605")
    assert info.snippet.endswith("\n\n\nkeep(await get_model_info())\n")


def test_attribute_reads_of_the_model_info_dict_are_named():
    source = """\
    from azure.ai.inference import ImageEmbeddingsClient
    from azure.core.credentials import AzureKeyCredential

    def describe(endpoint, key):
        client = ImageEmbeddingsClient(endpoint, AzureKeyCredential(key))
        info = client.get_model_info()
        return info.model_name, info["model_type"]
    """
    (finding,) = findings(source, "AOM605")
    assert '`info.model_name` read later: a dict has no attributes, use `info["model_name"]`' in finding.message
    assert oracle(source, finding) == []


def test_loaded_inputs_in_the_helper_call_send_what_the_sdk_sent(stub, tmp_path):
    """`embed(input=[ImageEmbeddingInput.load(...)])`: the snippet's call, with the item converted
    in place, sends the same data URL and text as the SDK (stub on 127.0.0.1)."""
    picture = tmp_path / "cat.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n-not-really-an-image-")
    source = (
        "from azure.ai.inference import ImageEmbeddingsClient\n"
        "from azure.ai.inference.models import ImageEmbeddingInput\n"
        "from azure.core.credentials import AzureKeyCredential\n"
        "client = ImageEmbeddingsClient(endpoint=ENDPOINT, credential=AzureKeyCredential('key-1'))\n"
        "def send():\n"
        "    return client.embed(input=[\n"
        f"        ImageEmbeddingInput.load(image_file={str(picture)!r}, image_format='png', text='a cat'),\n"
        "    ])\n"
    )
    (finding,) = [f for f in run(source) if f.code == "AOM603" and f.line == 6 and f.col == 12]
    assert "ImageEmbeddingInput" not in finding.snippet
    program = source.replace("from azure.ai.inference.models import ImageEmbeddingInput\n", "")
    function, _, call = finding.snippet.rstrip().rpartition("\n\n\n")
    program = function + "\n\n\ndef send():\n    " + call.strip() + "\n"
    endpoint = stub.url + "/models"
    sdk_result = _send(source, endpoint)
    sdk_request = stub.last
    stub.clear()
    assert _send(program, endpoint) == sdk_result.as_dict()
    assert stub.last.json == sdk_request.json
    assert stub.last.json["input"][0]["text"] == "a cat"
