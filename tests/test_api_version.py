"""Focused tests of the api-version rules (AOM401-AOM407), their data and URL helpers."""

import ast
import datetime
import textwrap

import pytest

from aoai_migrate import data
from aoai_migrate.render import snippets
from aoai_migrate.rules.api_version import url_template as ut
from aoai_migrate.rules.api_version.defaults import is_version_parameter
from aoai_migrate.rules.api_version.environment import is_version_variable
from conftest import code, run


def only(code, source):
    return [f for f in run(source) if f.code == code]


def one(code, source):
    found = only(code, source)
    assert len(found) == 1, found
    return found[0]


# -- data ---------------------------------------------------------------------------------------------


def test_lifecycle_data_records_both_retirement_dates_with_sources():
    dates = data.inference_retirements()
    assert [r.date for r in dates] == [datetime.date(2026, 8, 26), datetime.date(2026, 5, 30)]
    assert dates[0].majority and not dates[1].majority
    assert all("api-map" in r.source for r in dates)
    assert data.inference_retirement() == datetime.date(2026, 8, 26)
    info = data.inference_info()
    assert info["last_release"] == "1.0.0b9"
    assert info["last_release_date"] == datetime.date(2025, 2, 14)
    assert data.inference_default_api_version() == "2024-05-01-preview"
    assert data.openai_floor("callable api_key") == "1.106.0"


def test_version_shapes():
    for text in ("2024-06-01", "2024-05-01-preview", "v1", "preview", "latest", " 2024-10-21 "):
        assert data.is_version(text)
    for text in ("7.4", "v1alpha", "2023-10", "<api-version>", "{api_version}", "1.30.0", ""):
        assert not data.is_version(text)
    assert not data.is_version("preview", dated_only=True)
    assert data.parse_version("2024-02-15-preview") == data.Version(
        "2024-02-15-preview", datetime.date(2024, 2, 15), True
    )
    assert data.parse_version("2024-13-45") is None


def test_feature_table_rows_have_sources_and_dated_minimums():
    rows = data.features()
    assert {"responses", "image-generation", "structured-outputs", "batch", "assistants"} <= {r.id for r in rows}
    for row in rows:
        assert row.minimum is not None and row.minimum.dated
        assert row.source and row.source != "unknown"
    # rows the sources do not date are kept in the file but never used
    assert data.feature("realtime") is None
    assert data.feature("responses").minimum.raw == "2025-03-01-preview"


def test_lacks_compares_dates_and_documented_ga_gaps():
    responses = data.feature("responses")
    assistants = data.feature("assistants")
    assert data.lacks(data.parse_version("2024-10-21"), responses)
    assert not data.lacks(data.parse_version("2025-03-01-preview"), responses)
    assert data.lacks(data.parse_version("2024-06-01"), assistants)  # GA without Assistants
    assert not data.lacks(data.parse_version("2024-10-21"), assistants)  # unknown: not claimed
    assert not data.lacks(data.parse_version("preview"), responses)


def test_every_known_version_parses():
    for version, status in data.known_versions().items():
        parsed = data.parse_version(version)
        assert parsed is not None
        assert (status == "v1") == (not parsed.dated)


# -- names ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name,expected",
    [
        ("OPENAI_API_VERSION", True),
        ("AZURE_OPENAI_API_VERSION", True),
        ("AZURE_OPENAI_VERSION", True),
        ("AZURE_API_VERSION", True),
        ("AZURE_OPENAI_EMBEDDING_API_VERSION", True),
        ("AOAI_API_VERSION", True),
        ("STRIPE_API_VERSION", False),
        ("GRAPH_API_VERSION", False),
        ("AZURE_OPENAI_MODEL_VERSION", False),
        ("OPENAI_API_KEY", False),
    ],
)
def test_version_variables(name, expected):
    assert is_version_variable(name) is expected


@pytest.mark.parametrize(
    "name,expected",
    [
        ("api_version", True),
        ("openai_api_version", True),
        ("azure_openai_api_version", True),
        ("chat_api_version", True),
        ("openai_version", True),
        ("version", False),
        ("search_api_version", False),
        ("stripe_api_version", False),
        ("model_version", False),
    ],
)
def test_version_parameters(name, expected):
    assert is_version_parameter(name) is expected


# -- AOM401 ---------------------------------------------------------------------------------------------


def test_inference_client_snippet_is_the_openai_client():
    # without api_version an Inference client on an Azure OpenAI endpoint would use the models
    # API's version: the snippet is the migrated client (the one AOM102 shows)
    finding = one(
        "AOM401",
        """
        from azure.ai.inference import ChatCompletionsClient
        client = ChatCompletionsClient(endpoint, cred, api_version="2024-06-01", temperature=0.2)
        """,
    )
    assert finding.message == (
        'hard-coded api-version "2024-06-01" on `ChatCompletionsClient`: the /openai/v1/ endpoint takes no api-version'
    )
    # `cred` is not resolved: the key of an AzureKeyCredential, else a token provider
    assert code(finding.snippet) == (
        "client = OpenAI(\n"
        "    base_url=f\"{endpoint.rstrip('/')}/openai/v1/\",\n"
        "    api_key=cred.key if isinstance(cred, AzureKeyCredential) else get_bearer_token_provider(cred, "
        "\"https://cognitiveservices.azure.com/.default\"),\n"
        ")\n"
        'client_defaults = {"temperature": 0.2}\n'
    )
    assert finding.replacement is None
    assert (finding.line, finding.col) == (3, 60)


def test_constant_is_named_and_azure_openai_becomes_openai_v1():
    finding = one(
        "AOM401",
        """
        from openai import AzureOpenAI
        API_VERSION = "2024-06-01"
        client = AzureOpenAI(azure_endpoint=endpoint, api_key=key, api_version=API_VERSION)
        """,
    )
    assert '`API_VERSION` (= "2024-06-01")' in finding.message
    assert code(finding.snippet) == "OpenAI(base_url=f\"{endpoint.rstrip('/')}/openai/v1/\", api_key=key)"
    assert finding.replacement is None  # the class changes: AOM301 owns that edit


def test_with_options_only_version_becomes_the_receiver():
    finding = one(
        "AOM401",
        """
        from openai import AzureOpenAI
        def f(client: AzureOpenAI):
            return client.with_options(api_version="2024-10-21").chat.completions.create(model="m", messages=[])
        """,
    )
    assert finding.snippet == "client"


def test_project_factory_becomes_get_openai_client():
    finding = one(
        "AOM401",
        """
        from azure.ai.projects import AIProjectClient
        project = AIProjectClient(endpoint=e, credential=c)
        aoai = project.inference.get_azure_openai_client(api_version="2024-10-21")
        """,
    )
    assert finding.snippet == "project.get_openai_client()"


# -- AOM402 ---------------------------------------------------------------------------------------------


def test_module_global_snippet_uses_the_modules_own_settings():
    finding = one(
        "AOM402",
        """
        import openai as oa
        oa.api_type = "azure"
        oa.api_base = "https://my-resource.openai.azure.com/"
        oa.api_key = os.environ["AZURE_OPENAI_KEY"]
        oa.api_version = "2023-05-15"
        """,
    )
    assert finding.message.startswith('`oa.api_version` = "2023-05-15" pins the module-level openai client')
    assert finding.snippet == (
        "client = oa.OpenAI(\n"
        '    base_url="https://my-resource.openai.azure.com/openai/v1/",\n'
        '    api_key=os.environ["AZURE_OPENAI_KEY"],\n'
        ")\n"
    )


# -- AOM403 ---------------------------------------------------------------------------------------------


def test_getenv_default_is_dropped_exactly():
    finding = one("AOM403", 'import os\nv = os.getenv("OPENAI_API_VERSION", "2024-06-01")\n')
    assert finding.message == (
        '`OPENAI_API_VERSION` gets the hard-coded api-version "2024-06-01" as the default of `os.getenv()`; '
        "OpenAI on /openai/v1/ needs none"
    )
    assert finding.snippet == 'os.getenv("OPENAI_API_VERSION")'
    assert finding.replacement is not None


def test_or_fallback_replaces_the_whole_expression():
    finding = one("AOM403", 'from os import environ\nv = environ.get("AZURE_OPENAI_API_VERSION") or "2024-06-01"\n')
    assert finding.snippet == 'environ.get("AZURE_OPENAI_API_VERSION")'
    replacement = finding.replacement
    assert (replacement.line, replacement.col, replacement.end_col) == (2, 4, 59)


def test_environment_write_suggests_openai_base_url():
    finding = one("AOM403", 'import os\nos.environ["OPENAI_API_VERSION"] = "2024-02-01"\n')
    assert finding.snippet.startswith('os.environ["OPENAI_BASE_URL"] = ')
    assert "AZURE_OPENAI_ENDPOINT" in finding.snippet


def test_getenv_inside_a_client_shows_the_migrated_client():
    finding = one(
        "AOM403",
        "import os\nfrom openai import AzureOpenAI\n"
        'c = AzureOpenAI(azure_endpoint=e, api_key=k, api_version=os.getenv("OPENAI_API_VERSION", "2024-06-01"))\n',
    )
    assert code(finding.snippet) == "OpenAI(base_url=f\"{e.rstrip('/')}/openai/v1/\", api_key=k)"
    assert not only("AOM401", finding.snippet)


# -- AOM404 ---------------------------------------------------------------------------------------------


def test_parameter_default_snippet_is_the_header_without_it():
    finding = one(
        "AOM404",
        """
        from openai import AzureOpenAI
        async def make(endpoint, api_version="2024-06-01", *, key):
            return AzureOpenAI(azure_endpoint=endpoint, api_key=key, api_version=api_version)
        """,
    )
    assert finding.message == (
        '`api_version` defaults to the hard-coded api-version "2024-06-01" in `make()`: '
        "the /openai/v1/ endpoint takes no api-version"
    )
    assert finding.snippet == "async def make(endpoint, *, key):\n    ..."


def test_field_in_a_module_with_other_dated_apis_needs_use_evidence():
    source = (
        "import stripe\nimport openai\n"
        'class Settings:\n    api_version: str = "2024-02-01"\n'
    )
    assert not only("AOM404", source)
    used = source + "    def client(self):\n        return openai.AzureOpenAI(api_version=self.api_version)\n"
    assert one("AOM404", used).snippet == "api_version: str | None = None\n"


# -- AOM405 ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url,snippet,advice",
    [
        (
            'f"{endpoint}/openai/deployments/{deployment}/chat/completions?api-version=2024-10-21"',
            'f"{endpoint}/openai/v1/chat/completions"',
            "use the v1 path `/openai/v1/chat/completions` and send `model=deployment` in the body "
            "(the URL root must be the resource endpoint)",
        ),
        (
            '"https://r.openai.azure.com/openai/deployments/gpt-4o/embeddings?api-version=2024-06-01&x=1"',
            '"https://r.openai.azure.com/openai/v1/embeddings?x=1"',
            'use the v1 path `/openai/v1/embeddings` and send `model="gpt-4o"` in the body',
        ),
        (
            '"https://r.services.ai.azure.com/models/chat/completions?api-version=2024-05-01-preview"',
            '"https://r.services.ai.azure.com/openai/v1/chat/completions"',
            "use the v1 path `/openai/v1/chat/completions`",
        ),
        (
            'f"https://{name}.openai.azure.com/openai/responses?api-version=2025-04-01-preview"',
            'f"https://{name}.openai.azure.com/openai/v1/responses"',
            "use the v1 path `/openai/v1/responses`",
        ),
        (
            'f"{base}/openai/v1/responses?api-version=preview"',
            'f"{base}/openai/v1/responses"',
            "the /openai/v1/ path needs no api-version",
        ),
    ],
)
def test_url_rewrites(url, snippet, advice):
    finding = one("AOM405", f"u = {url}\n")
    assert finding.snippet == snippet
    assert finding.message.endswith(advice)
    assert snippets.parses(finding.snippet)


def test_concatenated_url_keeps_the_users_expressions():
    finding = one(
        "AOM405",
        'u = os.environ["AZURE_OPENAI_ENDPOINT"] + "/openai/deployments/" + dep + "/chat/completions?api-version=2024-02-01"\n',
    )
    assert finding.snippet == "f\"{os.environ['AZURE_OPENAI_ENDPOINT']}/openai/v1/chat/completions\""
    assert "`model=dep`" in finding.message


def test_field_version_resolved_through_a_constant():
    finding = one(
        "AOM405",
        'V = "2024-10-21"\nu = f"{endpoint}/openai/deployments/{dep}/chat/completions?api-version={V}"\n',
    )
    assert finding.message.startswith("`api-version=2024-10-21` in a URL to Azure OpenAI")


def test_url_with_constant_endpoint_is_classified_through_it():
    finding = one(
        "AOM405",
        'ENDPOINT = "https://r.services.ai.azure.com/models"\n'
        'u = f"{ENDPOINT}/chat/completions?api-version=2024-05-01-preview"\n',
    )
    assert "URL to Azure AI Services" in finding.message


# -- AOM406 ---------------------------------------------------------------------------------------------


def test_requests_call_is_rewritten_to_v1_with_model_in_body():
    finding = one(
        "AOM406",
        """
        import requests
        def chat(messages):
            return requests.post(
                f"{ENDPOINT}/openai/deployments/{DEPLOYMENT}/chat/completions",
                params={"api-version": "2024-06-01"},
                json={"messages": messages},
            )
        """,
    )
    assert finding.snippet == (
        "requests.post(\n"
        '        f"{ENDPOINT}/openai/v1/chat/completions",\n'
        '        json={"model": DEPLOYMENT, "messages": messages},\n'
        "    )"
    )
    assert finding.message.startswith('`params` sends "api-version": "2024-06-01" to Azure OpenAI')


def test_params_defined_elsewhere_is_reported_at_the_call():
    finding = one(
        "AOM406",
        """
        import requests
        URL = "https://r.openai.azure.com/openai/deployments/d/embeddings"
        params = {"api-version": "2024-06-01", "x": 1}
        requests.post(URL, params=params, json={"input": "a"})
        """,
    )
    assert finding.line == 5
    assert finding.snippet.startswith('params = {"x": 1}\n')


def test_default_query_keeps_other_keys():
    finding = one(
        "AOM406",
        'from openai import OpenAI\nc = OpenAI(base_url=u, api_key=k, default_query={"api-version": "preview", "t": 1})\n',
    )
    assert finding.snippet == 'OpenAI(base_url=u, api_key=k, default_query={"t": 1})'
    assert finding.replacement is not None


# -- AOM407 ---------------------------------------------------------------------------------------------


def test_langchain_chat_becomes_chat_openai_on_v1():
    finding = one(
        "AOM407",
        """
        from langchain_openai import AzureChatOpenAI
        llm = AzureChatOpenAI(azure_endpoint=endpoint, azure_deployment="gpt-4o", api_version="2024-10-21",
                              api_key=key, temperature=0)
        """,
    )
    assert finding.message == (
        'hard-coded api-version "2024-10-21" on `AzureChatOpenAI`: use `ChatOpenAI` on the /openai/v1/ endpoint'
    )
    assert finding.snippet == textwrap.dedent(
        """\
        from langchain_openai import ChatOpenAI

        ChatOpenAI(
            model="gpt-4o",
            base_url=f"{endpoint.rstrip('/')}/openai/v1/",
            api_key=key,
            temperature=0,
        )
        """
    )


def test_langchain_literal_key_is_not_echoed():
    finding = one(
        "AOM407",
        "from langchain_openai import AzureChatOpenAI\n"
        'llm = AzureChatOpenAI(azure_endpoint=e, azure_deployment="d", api_version="2024-06-01", '
        'api_key="0123456789abcdef0123456789abcdef")\n',
    )
    assert "0123456789abcdef" not in finding.snippet
    assert 'api_key=os.environ["AZURE_OPENAI_API_KEY"]' in finding.snippet


def test_semantic_kernel_from_environment_only_drops_the_version():
    finding = one(
        "AOM407",
        "from semantic_kernel.connectors.ai.open_ai import AzureChatCompletion\n"
        'svc = AzureChatCompletion(service_id="chat", api_version="2024-06-01")\n',
    )
    assert finding.snippet == 'AzureChatCompletion(service_id="chat")'
    assert finding.message.endswith("the /openai/v1/ endpoint takes no api-version")


def test_autogen_becomes_openai_chat_completion_client():
    finding = one(
        "AOM407",
        "from autogen_ext.models.openai import AzureOpenAIChatCompletionClient\n"
        'c = AzureOpenAIChatCompletionClient(azure_deployment="d", model="gpt-4o", api_version="2024-06-01", '
        "azure_endpoint=e, azure_ad_token_provider=tp)\n",
    )
    assert "OpenAIChatCompletionClient(" in finding.snippet
    assert 'model="d"' in finding.snippet and "api_key=tp" in finding.snippet


# -- robustness -------------------------------------------------------------------------------------------


ODD = [
    "from openai import AzureOpenAI\nAzureOpenAI(*a, **k, api_version=V)\n",
    "from openai import AzureOpenAI\nAzureOpenAI(api_version=)\n".replace("=)", "=None)"),
    "import os\nos.getenv()\nos.environ.get(*a)\nos.environ.update(**d)\nos.environ.setdefault()\n",
    "import os\nos.environ[k] = v\nos.environ[1] = 2\n",
    "import openai\ndef f(*, api_version): ...\nlambda *a, **k: 0\n",
    'import openai\nclass C:\n    api_version: str\n    api_version = f"{x}"\n',
    'u = f"{a!r:>{w}}/openai/deployments/{d}/x?api-version=2024-01-01"\n',
    'u = "" + "?api-version=2024-01-01"\n',
    'u = b"/openai/deployments/d?api-version=2024-01-01"\n',
    "import requests\nrequests.post(params={'api-version': '2024-01-01'})\nrequests.request(params={'api-version': 1})\n",
    "from langchain_openai import AzureChatOpenAI\nAzureChatOpenAI(*a, api_version='2024-01-01')\n",
    "from llama_index.llms.azure_inference import AzureAICompletionsModel\nAzureAICompletionsModel(api_version='2024-01-01')\n",
]


@pytest.mark.parametrize("source", ODD)
def test_odd_code_never_crashes(source):
    tree = ast.parse(source)  # the examples are valid Python
    assert tree is not None
    for finding in run(source):
        assert finding.snippet is None or snippets.parses(finding.snippet)


def test_url_template_encoding_round_trip():
    tree = ast.parse('f"{endpoint}/openai/deployments/{dep}/chat/completions?api-version=2024-02-01"', mode="eval")
    parts = (("field", "endpoint"), ("lit", "/openai/deployments/"), ("field", "dep"),
             ("lit", "/chat/completions?api-version=2024-02-01"))
    encoded, fields = ut.encode(parts)
    info = ut.classify(encoded, fields)
    assert info.deployment == "dep" and info.v1_path == "/openai/v1/chat/completions"
    assert ut.rewrite(info, fields) == 'f"{endpoint}/openai/v1/chat/completions"'
    assert tree is not None


def test_source_lines_split_like_the_tokenizer():
    # core fix (source.py): a vertical tab or form feed in a docstring must not shift line numbers
    source = '"""doc\x0bstring\x0c"""\nimport os\nos.environ["OPENAI_API_VERSION"] = "2024-06-01"\n'
    finding = one("AOM403", source)
    assert finding.line == 3
    assert finding.snippet.startswith('os.environ["OPENAI_BASE_URL"] = ')
