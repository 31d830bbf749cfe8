"""Focused tests of the unsupported-feature rules (AOM601-AOM605)."""

import ast

import pytest

from aoai_migrate import registry
from aoai_migrate.render import snippets
from conftest import code, run


def only(code, source):
    return [f for f in run(source) if f.code == code]


def one(code, source):
    found = only(code, source)
    assert len(found) == 1, found
    return found[0]


INFERENCE_CHAT = (
    "from azure.ai.inference import ChatCompletionsClient\n"
    "from azure.core.credentials import AzureKeyCredential\n"
    "from azure.core.rest import HttpRequest\n"
    'client = ChatCompletionsClient(endpoint="https://r.openai.azure.com/openai/deployments/gpt-4o-mini",\n'
    "                               credential=AzureKeyCredential(key))\n"
)


# -- AOM601 ---------------------------------------------------------------------------------------------


def test_guide_responses_note_via_send_request():
    finding = one(
        "AOM601",
        INFERENCE_CHAT
        + 'request = HttpRequest("POST", "/responses", json={"input": "This is a test."})\n'
        + "response = client.send_request(request)\n",
    )
    assert finding.message == (
        'Azure AI Inference cannot do the Responses API (`POST "/responses"`); '
        "call `responses.create()` on an OpenAI client on /openai/v1/"
    )
    assert finding.snippet == (
        'client = OpenAI(base_url="https://r.openai.azure.com/openai/v1/", api_key=key)\n'
        'response = client.responses.create(model="gpt-4o-mini", input="This is a test.")\n'
    )
    assert registry.get("AOM601").severity == "error"


def test_guide_image_generation_note_via_member():
    finding = one(
        "AOM601",
        INFERENCE_CHAT
        + 'image = client.images.generate(prompt="a happy monkey eating a banana, in watercolor",\n'
        + '                               size="1024x1024", quality="standard", n=1)\n',
    )
    assert finding.message.startswith("Azure AI Inference cannot do image generation (`client.images.generate`)")
    assert finding.snippet.splitlines()[1:] == [
        "image = client.images.generate(",
        '    model="<deployment-name>",',
        '    prompt="a happy monkey eating a banana, in watercolor",',
        '    size="1024x1024",',
        '    quality="standard",',
        "    n=1,",
        ")",
    ]


def test_absolute_url_and_body_name_are_kept():
    finding = one(
        "AOM601",
        INFERENCE_CHAT
        + 'client.send_request(HttpRequest(method="POST", url=f"{base}/openai/v1/images/generations", json=body))\n',
    )
    assert finding.snippet.endswith("client.images.generate(**body)\n")


def test_unresolved_receivers_and_supported_routes_are_not_flagged():
    assert not only("AOM601", 'client.responses.create(model="m", input="x")\n')
    assert not only("AOM601", INFERENCE_CHAT + 'client.send_request(HttpRequest("POST", "/embeddings", json={}))\n')
    assert not only("AOM601", INFERENCE_CHAT + 'client.send_request(HttpRequest("GET", "/responses"))\n')


# -- AOM602 ---------------------------------------------------------------------------------------------


def test_responses_on_a_ga_client():
    finding = one(
        "AOM602",
        "from openai import AzureOpenAI\n"
        'client = AzureOpenAI(azure_endpoint=endpoint, api_key=key, api_version="2024-10-21")\n'
        'response = client.responses.create(model="gpt-4o-mini", input="This is a test.")\n',
    )
    assert finding.message == (
        'The Responses API needs api-version 2025-03-01-preview or newer but `client` is pinned to '
        '"2024-10-21"; use `OpenAI` on /openai/v1/ (no api-version)'
    )
    assert code(finding.snippet) == (
        "client = OpenAI(base_url=f\"{endpoint.rstrip('/')}/openai/v1/\", api_key=key)\n"
        'response = client.responses.create(model="gpt-4o-mini", input="This is a test.")\n'
    )
    assert registry.get("AOM602").severity == "error"


def test_keyword_feature_names_the_keyword():
    finding = one(
        "AOM602",
        "from openai import AzureOpenAI\n"
        'client = AzureOpenAI(azure_endpoint=e, api_key=k, api_version="2024-06-01")\n'
        'client.chat.completions.create(model="m", messages=[], max_completion_tokens=100)\n',
    )
    assert finding.message.startswith("`max_completion_tokens=` needs api-version 2024-09-01-preview or newer")


def test_version_through_with_options_and_newest_minimum_wins():
    finding = one(
        "AOM602",
        "from openai import AzureOpenAI\n"
        'base = AzureOpenAI(azure_endpoint=e, api_key=k, api_version="2023-05-15")\n'
        "fast = base.with_options(timeout=5)\n"
        'fast.chat.completions.create(model="m", messages=[], tools=t, stream_options={"include_usage": True})\n',
    )
    assert "2024-09-01-preview" in finding.message  # stream_options (newer) wins over tools
    assert '"2023-05-15"' in finding.message


@pytest.mark.parametrize(
    "version,call",
    [
        ("2025-03-01-preview", 'client.responses.create(model="m", input="x")'),
        ("2024-10-21", 'client.batches.create(input_file_id="f", endpoint="/chat/completions", completion_window="24h")'),
        ("2024-08-01-preview", "client.chat.completions.parse(model='m', messages=[], response_format=M)"),
        ("preview", 'client.responses.create(model="m", input="x")'),
    ],
)
def test_recent_enough_or_undated_versions_are_not_flagged(version, call):
    source = f'from openai import AzureOpenAI\nclient = AzureOpenAI(azure_endpoint=e, api_key=k, api_version="{version}")\n{call}\n'
    assert not only("AOM602", source)


def test_two_possible_clients_must_both_be_too_old():
    source = (
        "from openai import AzureOpenAI\n"
        "if cond:\n"
        '    client = AzureOpenAI(azure_endpoint=e, api_key=k, api_version="2024-06-01")\n'
        "else:\n"
        '    client = AzureOpenAI(azure_endpoint=e, api_key=k, api_version="{other}")\n'
        'client.responses.create(model="m", input="x")\n'
    )
    assert only("AOM602", source.format(other="2024-10-21"))
    assert not only("AOM602", source.format(other="2025-04-01-preview"))


# -- AOM603 ---------------------------------------------------------------------------------------------


def test_image_embeddings_client_gets_a_rest_function():
    finding = one(
        "AOM603",
        "from azure.ai.inference import ImageEmbeddingsClient\n"
        "from azure.core.credentials import AzureKeyCredential\n"
        'client = ImageEmbeddingsClient(endpoint, AzureKeyCredential(key), api_version="2024-05-01-preview")\n',
    )
    assert finding.message.startswith("`ImageEmbeddingsClient` has no OpenAI v1 equivalent")
    snippet = finding.snippet
    assert snippet.startswith("import datetime\nimport email.utils\nimport time\n\nimport requests\nimport urllib3\n"
                              "from azure.core.exceptions import (\n")
    assert "def embed_images(input, model_extras=None, **params):\n" in snippet
    assert '    body = {"input": input}\n' in snippet and "    extras = model_extras or {}\n" in snippet
    assert (
        "            response = requests.post(\n"
        '                endpoint.rstrip("/") + "/images/embeddings",\n'
        '                params={"api-version": "2024-05-01-preview"},\n'
        "                headers=headers,\n"
    ) in snippet
    assert '    headers = {"api-key": key, "Authorization": "Bearer " + key}\n' in snippet
    assert "    if response.status_code != 200:" in snippet and snippet.endswith("    return response.json()\n")


def test_image_embeddings_call_keeps_the_name_it_assigns():
    """The REST call replacing `embed()` assigns what the user's code assigned (later lines read
    that name), and a bare call stays a bare call."""
    head = (
        "from azure.ai.inference.aio import ImageEmbeddingsClient\n"
        "async def run(client: ImageEmbeddingsClient, items):\n"
    )
    assigned = one("AOM603", head + "    vectors = await client.embed(input=items)\n    return vectors\n")
    assert assigned.snippet.endswith("\n\nvectors = await embed_images(input=items)\n")
    bare = one("AOM603", head + "    await client.embed(input=items)\n")
    assert bare.snippet.endswith("\n\nawait embed_images(input=items)\n")


def test_image_embeddings_call_extras_are_sent_with_the_pass_through_header():
    """`embed(model_extras=...)` put the extras at the body's root with `extra-parameters:
    pass-through`; without the header the service refuses unknown parameters."""
    head = (
        "from azure.ai.inference import ImageEmbeddingsClient\n"
        "def run(client: ImageEmbeddingsClient, items):\n"
    )
    with_extras = one("AOM603", head + '    return client.embed(input=items, model_extras={"truncate": "END"})\n')
    assert with_extras.snippet.endswith('embed_images(input=items, model_extras={"truncate": "END"})\n')
    assert 'if extras:  # the service takes parameters it does not know only with this header\n' in with_extras.snippet
    assert '        headers["extra-parameters"] = "pass-through"\n' in with_extras.snippet


def test_image_embedding_input_becomes_its_json_item():
    finding = one(
        "AOM603",
        "from azure.ai.inference import models\n"
        'item = models.ImageEmbeddingInput(image=url, text="cat")\n',
    )
    assert finding.snippet == 'item = {"image": url, "text": "cat"}\n'


LOADED = '{"image": "data:image/png;base64," + base64.b64encode(pathlib.Path(path).read_bytes()).decode()}'


@pytest.mark.parametrize(
    "statement, expected",
    [
        # the whole value of an assignment: the user's own target, not an invented `item`
        ("picture = ImageEmbeddingInput.load(image_file=path, image_format='png')", f"picture = {LOADED}"),
        ("self.pics[0] = ImageEmbeddingInput.load(image_file=path, image_format='png')", f"self.pics[0] = {LOADED}"),
        # returned / yielded: the statement stays
        ("return ImageEmbeddingInput.load(image_file=path, image_format='png')", f"return {LOADED}"),
        ("yield ImageEmbeddingInput.load(image_file=path, image_format='png')", f"yield {LOADED}"),
        # inside an expression (a list, a call's argument): the expression alone, to put in its place
        ("pics = [ImageEmbeddingInput.load(image_file=path, image_format='png')]", LOADED),
        ("send(input=[ImageEmbeddingInput.load(image_file=path, image_format='png')])", LOADED),
        ("item = x or ImageEmbeddingInput.load(image_file=path, image_format='png')", LOADED),
    ],
)
def test_a_loaded_image_input_keeps_the_statement_it_stands_in(statement, expected):
    source = (
        "from azure.ai.inference.models import ImageEmbeddingInput\n"
        f"def pics(self, path, x, send):\n    {statement}\n"
    )
    finding = one("AOM603", source)
    assert finding.snippet == f"import base64\nimport pathlib\n\n{expected}\n"


def test_an_image_input_class_of_another_package_is_not_flagged():
    source = (
        "from imaging.models import ImageEmbeddingInput\n"
        "item = ImageEmbeddingInput.load(image_file='a.png', image_format='png')\n"
        "other = ImageEmbeddingInput(image='data:x')\n"
    )
    assert not only("AOM603", source)


def test_the_embed_call_shows_its_loaded_inputs_migrated():
    """The REST call replacing `embed(input=[ImageEmbeddingInput.load(...)])` sends the JSON
    item (the Inference class is gone with its import), with base64 and pathlib imported."""
    finding = [
        f for f in run(
            "from azure.ai.inference import ImageEmbeddingsClient\n"
            "from azure.ai.inference.models import ImageEmbeddingInput\n"
            "def run(client: ImageEmbeddingsClient, path):\n"
            "    return client.embed(input=[ImageEmbeddingInput.load(image_file=path, image_format='png')])\n"
        )
        if f.code == "AOM603" and "def embed_images" in f.snippet
    ][0]
    assert "ImageEmbeddingInput" not in finding.snippet
    stdlib = finding.snippet.split("\n\n")[0].splitlines()  # the first group of imports
    assert stdlib[0] == "import base64" and "import pathlib" in stdlib and stdlib == sorted(stdlib)
    last = ast.parse(finding.snippet).body[-1]
    assert ast.unparse(last) == ast.unparse(ast.parse(f"return embed_images(input=[{LOADED}])"))


# -- AOM604 ---------------------------------------------------------------------------------------------


def test_async_load_client_becomes_async_openai_with_aio_provider():
    finding = one(
        "AOM604",
        "from azure.ai.inference.aio import load_client\n"
        "from azure.identity.aio import DefaultAzureCredential\n"
        "async def main():\n"
        "    self_client = await load_client(endpoint=e, credential=DefaultAzureCredential())\n",
    )
    assert finding.message == (
        "`load_client()` has no OpenAI equivalent: build `AsyncOpenAI(...)` for the deployment and call "
        "`chat.completions` or `embeddings` explicitly"
    )
    first = code(finding.snippet).splitlines()[0]
    assert first.startswith("self_client = AsyncOpenAI(") or first == "self_client = AsyncOpenAI("
    assert "azure.identity.aio.get_bearer_token_provider(DefaultAzureCredential()" in finding.snippet


LOADER = (
    "import os\n"
    "from azure.ai.inference import load_client\n"
    "from azure.ai.inference import aio as inference_aio\n"
    "from azure.core.credentials import AzureKeyCredential\n\n\n"
    "class Loader:\n"
    "    def __init__(self, endpoint):\n"
    "        self.endpoint = endpoint\n\n"
    "    def {name}(self, key):\n"
    "        {statement}\n"
)
CALL = "load_client(endpoint=self.endpoint, credential=AzureKeyCredential(key), logging_enable=True)"


@pytest.mark.parametrize("statement, expected", [
    (f"return {CALL}", "return OpenAI("),
    (f"return await {CALL.replace('load_client', 'inference_aio.load_client')}", "return AsyncOpenAI("),
    (f"yield {CALL}", "yield OpenAI("),
    (f"register('chat', {CALL})", "register('chat', OpenAI("),
    (f"self.clients = [{CALL}]", "self.clients = [OpenAI("),
    (f"make = lambda: {CALL}", "make = lambda: OpenAI("),
    (CALL, "OpenAI("),
    (f"self.client = {CALL}", "self.client = OpenAI("),
    (f"self.client : object = {CALL}", "self.client = OpenAI("),
])
def test_load_client_keeps_the_statement_it_stands_in(statement, expected):
    """The client replaces the call where it stands: a ``return`` stays a return (pasted in place,
    the function still hands the client back), an ``await`` goes, an assignment keeps its
    target (and its name is the one the comment uses)."""
    name = "achat" if "await" in statement else "chat"
    source = LOADER.format(name=name, statement=statement).replace("    def achat", "    async def achat")
    finding = one("AOM604", source)
    body = code(finding.snippet)
    assert body.startswith(expected), body
    assert "await" not in body and "load_client" not in body and "client = OpenAI(" not in body.replace("self.client = OpenAI(", "")
    if statement.startswith("self.client "):
        assert "# then self.client.chat.completions.create(" in body
    else:
        assert "# then chat.completions.create(" in body and "on that client" in body
    import snippet_oracle
    from aoai_migrate.engine import analyze_source

    assert snippet_oracle.check_findings(analyze_source(source, "loader.py"), source) == []


def test_load_client_in_a_compound_header_is_shown_assigned():
    """Inside an ``if`` header the statement is not repeated (its body would be): the client is
    shown assigned, as a statement to put before it."""
    source = LOADER.format(name="chat", statement=f"if {CALL} is None:\n            pass")
    body = code(one("AOM604", source).snippet)
    assert body.startswith("client = OpenAI(") and "if " not in body


def test_the_credential_findings_of_a_returned_load_client_show_the_same_client():
    """AOM201 on the credential shows the AOM604 snippet: built from the call, not from the node
    being visited (which is the credential, whose parent is the call)."""
    from aoai_migrate.engine import analyze_source

    source = LOADER.format(name="chat", statement=f"return {CALL}")
    found = {f.code: f for f in analyze_source(source, "loader.py")}
    assert found["AOM201"].snippet == found["AOM604"].snippet
    assigned = {f.code: f for f in analyze_source(LOADER.format(name="chat", statement=f"self.llm = {CALL}"), "l.py")}
    assert assigned["AOM201"].snippet == assigned["AOM604"].snippet
    assert code(assigned["AOM604"].snippet).startswith("self.llm = OpenAI(")


@pytest.mark.parametrize("is_async", [False, True])
def test_a_returned_load_client_pasted_in_place_runs(is_async, monkeypatch):
    """The snippet of ``return load_client(...)`` pasted in place of the statement: the method
    returns a working client (stub on 127.0.0.1), where ``client = OpenAI(...)`` returned None."""
    import asyncio
    import textwrap

    from aoai_migrate.engine import analyze_source
    from http_stub import AzureV1Stub

    call = CALL.replace("load_client", "inference_aio.load_client") if is_async else CALL
    statement = f"return await {call}" if is_async else f"return {call}"
    source = LOADER.format(name="chat", statement=statement)
    if is_async:
        source = source.replace("    def chat", "    async def chat")
    (finding,) = [f for f in analyze_source(source, "loader.py") if f.code == "AOM604"]
    lines = source.splitlines()
    (index,) = [i for i, line in enumerate(lines) if line.strip() == statement]
    pasted = textwrap.indent(finding.snippet, "        ")
    # the import comes with the module's first snippet (`fix` adds it once)
    migrated = "from openai import AsyncOpenAI, OpenAI\n" + "\n".join(lines[:index] + pasted.splitlines() + lines[index + 1:]) + "\n"
    for name in list(__import__("os").environ):
        if name.upper().startswith(("OPENAI_", "AZURE_")):
            monkeypatch.delenv(name)
    namespace: dict = {}
    exec(compile(migrated, "loader.py", "exec"), namespace)
    with AzureV1Stub() as stub:
        loader = namespace["Loader"](stub.url)
        messages = [{"role": "user", "content": "hi"}]
        if is_async:
            async def ask():
                client = await loader.chat("key-1")
                async with client:
                    return await client.chat.completions.create(model="gpt-4o-mini", messages=messages)
            asyncio.run(ask())
        else:
            loader.chat("key-1").chat.completions.create(model="gpt-4o-mini", messages=messages)
        assert stub.last.path == "/openai/v1/chat/completions"
        assert stub.last.authorization == "Bearer key-1"
        assert not stub.failures, stub.failures


# -- AOM605 ---------------------------------------------------------------------------------------------


def test_get_model_info_uses_the_clients_model():
    finding = one(
        "AOM605",
        "from azure.ai.inference import EmbeddingsClient\n"
        "def info(e, c):\n"
        '    client = EmbeddingsClient(e, c, model="text-embedding-3-small")\n'
        "    return client.get_model_info().model_name\n",
    )
    assert finding.snippet == 'client.models.retrieve("text-embedding-3-small")\n'
    assert registry.get("AOM605").severity == "warning"


def test_get_model_info_of_an_image_embeddings_client_reads_info_over_rest():
    """No OpenAI client replaces an image-embeddings client (AOM603), so `models.retrieve()` on
    it would fail: `/info` is read with the client's own endpoint, key and api-version."""
    finding = one(
        "AOM605",
        "from azure.ai.inference import ImageEmbeddingsClient\n"
        "from azure.core.credentials import AzureKeyCredential\n"
        "def describe(endpoint, key):\n"
        '    client = ImageEmbeddingsClient(endpoint, AzureKeyCredential(key), api_version="2024-05-01-preview")\n'
        "    info = client.get_model_info()\n"
        '    return info["model_type"]\n',
    )
    assert "an image-embeddings client has no OpenAI counterpart" in finding.message
    assert "def get_model_info():\n" in finding.snippet
    assert (
        "            response = requests.get(\n"
        '                endpoint.rstrip("/") + "/info",\n'
        '                params={"api-version": "2024-05-01-preview"},\n'
        '                headers={"api-key": key, "Authorization": "Bearer " + key},\n'
        "                timeout=(300, 300),\n"
        "            )\n"
    ) in finding.snippet
    assert "except requests.exceptions.ConnectionError as error:" in finding.snippet
    assert finding.snippet.endswith("    return response.json()\n\n\ninfo = get_model_info()\n")
    assert "models.retrieve" not in finding.snippet


def test_get_model_info_model_from_another_scope_is_not_copied():
    finding = one(
        "AOM605",
        "from azure.ai.inference import ChatCompletionsClient\n"
        "def make(name):\n"
        "    return ChatCompletionsClient(e, c, model=name)\n"
        "client = make('x')\n"
        "client.get_model_info()\n",
    )
    assert finding.snippet == 'client.models.retrieve("<deployment-name>")\n'


# -- robustness -------------------------------------------------------------------------------------------

ODD = [
    "from azure.ai.inference import ChatCompletionsClient\nc = ChatCompletionsClient(*a)\nc.send_request()\n"
    "c.send_request(*r)\nc.send_request(HttpRequest())\nc.images.generate(*a, **k)\n",
    "from azure.ai.inference import ImageEmbeddingsClient\nImageEmbeddingsClient()\nImageEmbeddingsClient(**kw)\n",
    "from azure.ai.inference.models import ImageEmbeddingInput\nImageEmbeddingInput()\nImageEmbeddingInput.load()\n",
    "from azure.ai.inference import load_client\nload_client()\nload_client(*a, **k)\n",
    "from openai import AzureOpenAI\nc = AzureOpenAI(api_version=v)\nc.responses.create(*a)\n",
    "from openai import AzureOpenAI\nc = AzureOpenAI(api_version='2024-01-01')\n(c.responses).create()\n"
    "c.chat.completions.create(response_format=None)\n",
]


@pytest.mark.parametrize("source", ODD)
def test_odd_code_never_crashes(source):
    for finding in run(source):
        assert finding.snippet is None or snippets.parses(finding.snippet)
