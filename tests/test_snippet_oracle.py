"""The snippet oracle (tests/snippet_oracle.py) over every snippet the rules produce on the rule
examples, tests/eval_files and examples/, and proof that the oracle itself catches what it claims."""

from __future__ import annotations

import ast
import collections
import pathlib
import textwrap

import pytest

import snippet_oracle
from aoai_migrate import registry
from aoai_migrate.engine import analyze_source
from aoai_migrate.model import Category, Finding

ROOT = pathlib.Path(__file__).resolve().parent.parent


def _sources():
    for rule in registry.all_rules():
        if rule.artefact:  # examples of configuration files, not Python modules
            continue
        for index, source in enumerate(rule.invalid):
            yield f"{rule.code}-invalid-{index}", textwrap.dedent(source)
        yield f"{rule.code}-example", textwrap.dedent(rule.example)
    for folder in ("tests/eval_files", "examples"):
        for path in sorted((ROOT / folder).glob("*.py")):
            yield f"{folder}/{path.name}", path.read_text()


def oracle_problems() -> list[str]:
    found = []
    for label, source in _sources():
        findings = analyze_source(source, "example.py")
        for finding, problem in snippet_oracle.check_findings(findings, source):
            found.append(f"{finding.code} {label}:{finding.line}: {problem}")
    return found


#: problems still open, per rule (the test fails when a rule gets more): none are left, so any
#: problem fails it
OPEN: dict[str, int] = {}


def test_snippets_of_examples_pass_the_oracle():
    found = oracle_problems()
    counts = collections.Counter(line.split()[0] for line in found)
    worse = {code: n for code, n in counts.items() if n > OPEN.get(code, 0)}
    assert not worse, "\n".join(line for line in found if line.split()[0] in worse)


# -- the oracle itself ---------------------------------------------------------------------------


def _finding(snippet: str, message: str = "m", line: int = 1, col: int = 1, end: tuple[int, int] = (1, 1)) -> Finding:
    return Finding("AOM999", "x", Category.INFERENCE_SDK, "x.py", line, col, end[0], end[1], message, snippet)


MODULE = textwrap.dedent(
    """\
    import os
    from openai import OpenAI
    endpoint = os.environ["ENDPOINT"]
    client = OpenAI(base_url=endpoint, api_key="k")
    """
)


def _kinds(snippet: str, source: str = MODULE, **kw) -> list[str]:
    return [p.kind for p in snippet_oracle.problems(_finding(snippet, **kw), source)]


def test_accepts_a_correct_snippet():
    snippet = 'client.chat.completions.create(model="gpt", messages=[], timeout=3, extra_headers={})'
    assert _kinds(snippet) == []


@pytest.mark.parametrize(
    "snippet",
    [
        'client.chat.completions.create(model="gpt", messages=[], logging_enable=True)',
        'client.embeddings.create(model="e", input=["a"], raw_request_hook=print)',
        'OpenAI(base_url=endpoint, api_key="k", api_version="2024-06-01")',
        'client.chat.completions.create(model="gpt", messages=[], model="x")',
        'client.chat.completions.create(messages=[])',
        "client.chat.completions.nope(model='gpt')",
    ],
)
def test_rejects_parameters_the_installed_package_does_not_take(snippet):
    assert "signature" in _kinds(snippet)


def test_rejects_spread_dicts_holding_azure_keys():
    source = MODULE + 'opts = {"api_key": "k", "api_version": "2024-06-01"}\n'
    assert _kinds('OpenAI(base_url=endpoint, **opts)', source) == ["signature"]
    assert _kinds('OpenAI(base_url=endpoint, **opaque)', source) == ["signature", "unbound"]
    assert _kinds('OpenAI(base_url=endpoint, **opaque)', source + "opaque = make()\n", message="review the unpacked arguments") == []


SPREAD_GROWN = textwrap.dedent(
    """\
    from azure.ai.inference import ChatCompletionsClient
    from azure.core.credentials import AzureKeyCredential


    def connect(url, secret, version=None, extra=None):
        options = extra or {}
        if version:
            options["api_version"] = version
        return ChatCompletionsClient(endpoint=url, credential=AzureKeyCredential(secret), **options)
    """
)


def test_rejects_keys_added_to_a_spread_dict_the_message_omits():
    call = dict(line=9, col=12, end=(9, 95))
    snippet = 'from openai import OpenAI\nOpenAI(base_url=url, api_key=secret, **options)'
    silent = "`**options` must hold no base_url or api_key (passed here)"
    assert _kinds(snippet, SPREAD_GROWN, message=silent, **call) == ["signature"]
    told = silent + "; nor `api_version` (set on line 8)"
    assert _kinds(snippet, SPREAD_GROWN, message=told, **call) == []


def test_message_names_keys_added_to_a_spread_dict():
    findings = [f for f in analyze_source(SPREAD_GROWN, "example.py") if f.code == "AOM102"]
    assert findings and "`api_version` set on line 8 goes there" in findings[0].message
    problems = [p for _, p in snippet_oracle.check_findings(findings, SPREAD_GROWN) if p.kind == "signature"]
    assert not problems
    untouched = SPREAD_GROWN.replace('options["api_version"] = version', 'pass')
    findings = [f for f in analyze_source(untouched, "example.py") if f.code == "AOM102"]
    assert findings and "api_version" not in findings[0].message


def test_async_resources_resolve_on_an_async_client():
    assert _kinds('await client.chat.completions.create(model="m", messages=[], stream=True)') == []
    assert "signature" in _kinds('await client.chat.completions.create(model="m", messages=[], headers={})')


def test_rejects_names_the_snippet_does_not_bind():
    assert _kinds("AsyncOpenAI(base_url=endpoint)") == ["unbound"]
    assert _kinds("from openai import AsyncOpenAI\n\nAsyncOpenAI(base_url=endpoint)") == []
    assert _kinds("get_bearer_token_provider(cred, 'scope')") == ["unbound", "unbound"]
    # names bound in the function around the finding count, those of another function do not
    source = "def f(key):\n    return key\n\ndef g():\n    pass\n"
    assert _kinds("x = key", source, line=2) == []
    assert _kinds("x = key", source, line=5) == ["unbound"]


def test_rejects_configuration_the_module_does_not_read():
    assert _kinds('OpenAI(base_url=endpoint, api_key=os.environ["AZURE_OPENAI_API_KEY"])') == ["config"]
    assert _kinds('OpenAI(base_url=endpoint, api_key=os.environ["ENDPOINT"])') == []
    # AzureOpenAI() without api_key= read AZURE_OPENAI_API_KEY itself: the snippet may name it
    source = "import os\nfrom openai import AzureOpenAI, OpenAI\nc = AzureOpenAI(azure_endpoint='https://r.openai.azure.com')\n"
    snippet = 'OpenAI(base_url="https://r.openai.azure.com/openai/v1/", api_key=os.environ["AZURE_OPENAI_API_KEY"])'
    assert _kinds(snippet, source, **_span(source)) == []
    source = source.replace("AzureOpenAI(azure", "AzureOpenAI(**kw, azure")
    assert "config" in _kinds(snippet, source, **_span(source))


def test_rejects_a_none_key_that_reads_openai_api_key():
    """``OpenAI(api_key=None)`` reads OPENAI_API_KEY, which ``AzureOpenAI(api_key=None)`` did not."""
    source = "import os\nfrom openai import AzureOpenAI, OpenAI\nc = AzureOpenAI(azure_endpoint=e, api_key=None)\n"
    where = _span(source)
    assert _kinds("OpenAI(base_url=e, api_key=None)", source, **where) == ["config"]
    assert _kinds('OpenAI(base_url=e, api_key=os.environ["AZURE_OPENAI_API_KEY"])', source, **where) == []
    assert _kinds("OpenAI(base_url=e, api_key=None)", source, message="reads OPENAI_API_KEY", **where) == []


def test_rejects_a_returned_client_assigned_to_a_name():
    """``return load_client(...)`` shown as ``client = OpenAI(...)``: pasted in place, the function
    returns None."""
    source = "from openai import OpenAI\ndef make(e, k):\n    return load_client(e, k)\n"
    where = _span(source)
    assert _kinds("client = OpenAI(base_url=e, api_key=k)", source, **where) == ["lost"]
    assert _kinds("return OpenAI(base_url=e, api_key=k)", source, **where) == []
    assert _kinds("OpenAI(base_url=e, api_key=k)", source, **where) == []  # the replacement of the call
    assigned = source.replace("return load_client", "c = load_client")
    assert _kinds("client = OpenAI(base_url=e, api_key=k)", assigned, **_span(assigned)) == []


def test_rejects_an_assignment_for_a_call_inside_an_expression():
    """``embed(input=[ImageEmbeddingInput.load(...)])`` shown as ``item = {...}``: pasted in place
    it is ``input=[item = {...}]``; the expression alone, or the user's own assignment, is right."""
    source = "def f(client, load, p):\n    return client.embed(input=[load(p)])\n"
    where = _span(source)
    assert _kinds('item = {"image": p}', source, **where) == ["statement"]
    assert _kinds('{"image": p}', source, **where) == []
    assigned = "def f(load, p):\n    picture = load(p)\n"
    assert _kinds('picture = {"image": p}', assigned, **_span(assigned)) == []
    listed = "def f(load, p):\n    pictures = [load(p)]\n"
    assert _kinds('pictures = [{"image": p}]', listed, **_span(listed)) == []


def test_rejects_a_required_read_of_a_variable_the_client_read_only_when_set():
    source = "from openai import AzureOpenAI\nc = AzureOpenAI(azure_endpoint=e, api_version=v, _enforce_credentials=False)\n"
    where = _span(source)
    required = 'import os\nOpenAI(base_url=e, api_key=os.environ["AZURE_OPENAI_API_KEY"], _enforce_credentials=False)'
    optional = 'import os\nOpenAI(base_url=e, api_key=os.environ.get("AZURE_OPENAI_API_KEY"), _enforce_credentials=False)'
    assert "config" in _kinds(required, source, message="AZURE_OPENAI_API_KEY", **where)
    assert "config" not in _kinds(optional, source, message="AZURE_OPENAI_API_KEY", **where)
    enforced = source.replace(", _enforce_credentials=False", "")
    assert "config" not in _kinds(required.replace(", _enforce_credentials=False", ""), enforced,
                                  message="AZURE_OPENAI_API_KEY", **_span(enforced))


def test_rejects_another_functions_openai_settings():
    source = (
        "import openai\n"
        "def one():\n    openai.azure_endpoint = 'https://one.example'\n    openai.api_key = 'key-one'\n"
        "def two():\n    openai.azure_endpoint = 'https://two.example'\n    openai.api_type = 'azure'\n"
    )
    where = {"line": 7, "col": 5, "end": (7, 30)}
    head = "from openai import OpenAI\nclient = "
    assert _kinds(head + 'OpenAI(base_url="https://two.example/openai/v1/", api_key="k")', source, **where) == []
    assert _kinds(head + 'OpenAI(base_url="https://one.example/openai/v1/", api_key="k")', source, **where) == ["config"]
    assert _kinds(head + 'OpenAI(base_url="https://two.example/openai/v1/", api_key="key-one")', source, **where) == ["config"]


def _span(source: str) -> dict:
    """Where a finding on the last call of ``source`` is."""
    call = [n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Call)][-1]
    return dict(line=call.lineno, col=call.col_offset + 1, end=(call.end_lineno, call.end_col_offset + 1))


def test_rejects_arguments_lost_without_a_word():
    source = "from openai import OpenAI\nc = ChatCompletionsClient(endpoint=e, credential=k, seed=4)\n"
    where = _span(source)
    assert _kinds("OpenAI(base_url=e, api_key=k)", source, **where) == ["lost"]
    assert _kinds("OpenAI(base_url=e, api_key=k)", source, message="`seed` moves to each call", **where) == []


def test_rejects_a_placeholder_model_when_the_client_sets_one():
    """AOM103/AOM104 with a placeholder model and no AOM501 on the same call: the client's model
    was lost (an annotated client attribute used to hide it)."""
    source = (
        "from azure.ai.inference import ChatCompletionsClient\n"
        "client = ChatCompletionsClient(endpoint=e, credential=k, model='phi-4')\n"
        "client.complete(messages=m)\n"
    )
    call = Finding(code="AOM103", symbol="inference-sdk-complete", category=Category.INFERENCE_SDK, path="x.py",
                   line=3, col=0, end_line=3, end_col=32,
                   message="`client.complete()` is Azure AI Inference; `model` is required: put your deployment name in the placeholder",
                   snippet='client.chat.completions.create(model="<deployment-name>", messages=m)')
    assert [str(p) for _, p in snippet_oracle.check_findings([call], source)] == [
        "lost: the call gets a placeholder model although its client sets one (no AOM501 here)"
    ]
    missing = Finding(code="AOM501", symbol="inference-call-missing-model", category=Category.MISSING_MODEL,
                      path="x.py", line=3, col=0, end_line=3, end_col=32, message="names no model", snippet="")
    assert snippet_oracle.check_findings([call, missing], source) == []


# -- REST functions in place of an azure-core client (image embeddings) ----------------------------
HANDLED_MODULE = textwrap.dedent(
    """\
    from azure.ai.inference import ImageEmbeddingsClient
    from azure.core.credentials import AzureKeyCredential
    from azure.core.exceptions import ServiceRequestError

    client = ImageEmbeddingsClient(endpoint="http://does.not.exist", credential=AzureKeyCredential("k"))

    def run(items):
        try:
            return client.embed(input=items)
        except ServiceRequestError:
            return None
    """
)
#: a REST function that raises only for HTTP statuses (what the oracle must catch)
STATUS_ONLY = textwrap.dedent(
    """\
    import requests
    from azure.core.exceptions import HttpResponseError


    def embed_images(input, **params):
        response = requests.post("http://does.not.exist/images/embeddings", json={"input": input, **params})
        if not response.ok:
            raise HttpResponseError(message=response.text)
        return response.json()


    embed_images(input=[])
    """
)


def test_oracle_flags_a_rest_function_that_lets_transport_errors_escape_the_handler():
    assert _kinds(STATUS_ONLY, HANDLED_MODULE, line=9, col=16) == ["lost"]
    # outside the try, nothing catches them: no problem
    assert _kinds(STATUS_ONLY, HANDLED_MODULE, line=5, col=10) == []
    # what AOM603 shows for the call maps them to azure-core's errors
    findings = analyze_source(HANDLED_MODULE, "x.py")
    (call,) = [f for f in findings if f.code == "AOM603" and f.line == 9]
    assert [p for f, p in snippet_oracle.check_findings(findings, HANDLED_MODULE) if f == call] == []


def test_oracle_flags_model_reads_on_the_dict_a_rest_function_returns():
    source = "def a(items):\n    r = client.embed(input=items)\n    return r.as_dict()\n\ndef b(r):\n    return r.as_dict()\n"
    call = _finding("def embed_images(input):\n    return {}\n\n\nr = embed_images(input=items)\n", line=2, col=9)
    dumped = _finding("r.model_dump()", line=3, col=12)
    elsewhere = _finding("r.model_dump()", line=6, col=12)  # another function's `r`
    problems = snippet_oracle.check_findings([call, dumped, elsewhere], source)
    assert [(f.line, p.kind) for f, p in problems] == [(3, "signature")]
    itself = _finding("r", line=3, col=12)
    assert snippet_oracle.check_findings([call, itself], source) == []
