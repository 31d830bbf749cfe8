"""Client construction and authentication: AOM102, AOM201-AOM207, AOM301-AOM305 and the shared
renderer ``aoai_migrate.render.clients``."""

import ast
import os
import textwrap

import pytest

from aoai_migrate.render import clients as render_clients
from aoai_migrate.render import snippets
from aoai_migrate.model import Applicability, Settings
from conftest import code, run

GUIDE_KEY = '''
import os
from azure.ai.inference import ChatCompletionsClient
from azure.core.credentials import AzureKeyCredential

client = ChatCompletionsClient(
    endpoint="https://<resource>.services.ai.azure.com/models",
    credential=AzureKeyCredential(os.environ["AZURE_INFERENCE_CREDENTIAL"]),
)
'''

GUIDE_ENTRA = '''
from azure.ai.inference import ChatCompletionsClient
from azure.identity import DefaultAzureCredential

client = ChatCompletionsClient(
    endpoint="https://<resource>.services.ai.azure.com/models",
    credential=DefaultAzureCredential(),
    credential_scopes=["https://cognitiveservices.azure.com/.default"],
)
'''

GUIDE_EMBEDDINGS = '''
from azure.ai.inference import EmbeddingsClient
from azure.core.credentials import AzureKeyCredential

client = EmbeddingsClient(
    endpoint="https://<resource>.services.ai.azure.com/models",
    credential=AzureKeyCredential(os.environ["AZURE_INFERENCE_CREDENTIAL"]),
)
'''


def found(source, code, settings=None):
    return [f for f in run(source, settings) if f.code == code]


def one(source, code, settings=None):
    result = found(source, code, settings)
    assert len(result) == 1, result
    return result[0]


def call_of(snippet):
    """The first call in a snippet, parsed."""
    tree = ast.parse(snippet)
    return next(n for n in ast.walk(tree) if isinstance(n, ast.Call))


def kwargs_of(snippet):
    return {kw.arg: ast.unparse(kw.value) for kw in call_of(snippet).keywords}


# -- the migration guide's client blocks ----------------------------------------------------------


def test_guide_key_block_gives_the_guides_openai_client():
    finding = one(GUIDE_KEY, "AOM102")
    assert finding.snippet == (
        "OpenAI(\n"
        '    base_url="https://<resource>.services.ai.azure.com/openai/v1/",\n'
        '    api_key=os.environ["AZURE_INFERENCE_CREDENTIAL"],\n'
        ")"
    )
    # what the guide's OpenAI v1 tab says: an OpenAI client, the key as api_key, a /openai/v1/ base_url
    call = call_of(finding.snippet)
    assert ast.unparse(call.func) == "OpenAI"
    assert kwargs_of(finding.snippet)["base_url"].endswith("/openai/v1/'")
    assert finding.message == (
        "`ChatCompletionsClient` is an Azure AI Inference client; use `OpenAI` on the /openai/v1/ endpoint"
    )
    assert finding.replacement is not None and finding.replacement.text == finding.snippet
    assert (finding.replacement.line, finding.replacement.end_line) == (6, 9)
    auth = one(GUIDE_KEY, "AOM201")
    assert auth.line == 8 and auth.snippet == finding.snippet and auth.replacement is None


def test_guide_entra_block_gives_the_guides_token_provider():
    finding = one(GUIDE_ENTRA, "AOM102")
    kwargs = kwargs_of(finding.snippet)
    assert kwargs["base_url"] == "'https://<resource>.services.ai.azure.com/openai/v1/'"
    # the guide: get_bearer_token_provider(DefaultAzureCredential(), "https://cognitiveservices.azure.com/.default")
    assert kwargs["api_key"] == "get_bearer_token_provider(DefaultAzureCredential(), 'https://cognitiveservices.azure.com/.default')"
    auth = one(GUIDE_ENTRA, "AOM202")
    assert auth.line == 7
    assert auth.message == (
        "Token credential `DefaultAzureCredential()`: OpenAI clients take "
        "`api_key=get_bearer_token_provider(credential, scope)`"
    )


def test_guide_embeddings_block():
    finding = one(GUIDE_EMBEDDINGS, "AOM102")
    assert finding.message.startswith("`EmbeddingsClient` is an Azure AI Inference client; use `OpenAI`")
    assert kwargs_of(finding.snippet) == {
        "base_url": "'https://<resource>.services.ai.azure.com/openai/v1/'",
        "api_key": "os.environ['AZURE_INFERENCE_CREDENTIAL']",
    }


# -- AOM102: endpoints ----------------------------------------------------------------------------

HEAD = "import os\nfrom azure.ai.inference import ChatCompletionsClient\nfrom azure.core.credentials import AzureKeyCredential\n"


def migrated(line, code="AOM102"):
    return one(HEAD + line, code)


@pytest.mark.parametrize(
    "endpoint, base_url, note",
    [
        ('"https://r.services.ai.azure.com/models"', '"https://r.services.ai.azure.com/openai/v1/"', ""),
        ('"https://r.services.ai.azure.com/models/"', '"https://r.services.ai.azure.com/openai/v1/"', ""),
        (
            '"https://r.openai.azure.com/openai/deployments/gpt-4o"',
            '"https://r.openai.azure.com/openai/v1/"',
            '; deployment "gpt-4o" moves to model= on each call',
        ),
        (
            '"https://models.inference.ai.azure.com"',
            '"https://models.github.ai/inference"',
            "; GitHub Models moved to https://models.github.ai/inference (model ids like openai/gpt-4o)",
        ),
        (
            '"https://llama.eastus2.models.ai.azure.com"',
            '"https://llama.eastus2.models.ai.azure.com"',
            "; serverless endpoint: no documented /openai/v1/ mapping, review base_url manually",
        ),
        (
            '"https://ep.westus.inference.ml.azure.com"',
            '"https://ep.westus.inference.ml.azure.com"',
            "; managed compute endpoint: no documented /openai/v1/ mapping, review base_url manually",
        ),
        ('"http://localhost:8000"', '"http://localhost:8000"', "; unrecognised endpoint, review base_url manually"),
        (
            "endpoint",
            "f\"{endpoint.rstrip('/')}/openai/v1/\"",
            "; `endpoint` must hold the resource root (https://<resource>.openai.azure.com)",
        ),
        (
            'os.environ["AZURE_AI_ENDPOINT"]',
            "f'{os.environ[\"AZURE_AI_ENDPOINT\"].rstrip(\"/\")}/openai/v1/'",
            '; `os.environ["AZURE_AI_ENDPOINT"]` must hold the resource root (https://<resource>.openai.azure.com)',
        ),
        (
            "os.getenv('AZURE_AI_ENDPOINT')",
            "f\"{os.getenv('AZURE_AI_ENDPOINT').rstrip('/')}/openai/v1/\"",
            "; `os.getenv('AZURE_AI_ENDPOINT')` must hold the resource root (https://<resource>.openai.azure.com)",
        ),
        (
            # both quote kinds in the expression: no f-string can hold it on Python 3.10
            """cfg["a"] or os.getenv('B')""",
            """(cfg["a"] or os.getenv('B')).rstrip("/") + "/openai/v1/\"""",
            """; `cfg["a"] or os.getenv('B')` must hold the resource root (https://<resource>.openai.azure.com)""",
        ),
        ('f"https://{res}.services.ai.azure.com/models"', 'f"https://{res}.services.ai.azure.com/openai/v1/"', ""),
        ('f"https://{resource}.openai.azure.com"', 'f"https://{resource}.openai.azure.com/openai/v1/"', ""),
        ('f"{host}:{port}/models"', 'f"{host}:{port}/models"', "; unrecognised endpoint, review base_url manually"),
        ('f"{root}"', "f\"{root}/openai/v1/\"", "; `root` must hold the resource root"),
        (
            'f"{base}/openai/deployments/{deployment}"',
            'f"{base}/openai/v1/"',
            "; deployment deployment moves to model= on each call",
        ),
    ],
)
def test_endpoint_to_base_url(endpoint, base_url, note):
    finding = migrated(f"c = ChatCompletionsClient({endpoint}, AzureKeyCredential(os.environ['K']))\n")
    assert f"base_url={base_url}," in finding.snippet
    assert kwargs_of(finding.snippet)["api_key"] == "os.environ['K']"
    assert finding.message == (
        "`ChatCompletionsClient` is an Azure AI Inference client; use `OpenAI` on the /openai/v1/ endpoint" + note
    )


def test_module_constant_endpoint_is_rendered_migrated():
    finding = migrated('EP = "https://r.services.ai.azure.com/models"\nc = ChatCompletionsClient(EP, AzureKeyCredential(k))\n')
    assert finding.snippet == 'OpenAI(base_url="https://r.services.ai.azure.com/openai/v1/", api_key=k)'


def test_base_url_f_strings_parse_on_python_310():
    """No quote of the f-string reappears inside its braces (PEP 701 is 3.12+)."""
    for expr in ('os.environ["E"]', "os.environ['E']", "settings.endpoint", 'cfg["a"]["b"]'):
        text = render_clients.rooted(expr)
        if text.startswith("f"):
            quote = text[1]
            inner = text[2:-1]
            assert quote not in inner, text
        assert snippets.parses(text)


# -- AOM102: arguments ----------------------------------------------------------------------------


def test_transport_keywords_are_mapped_and_dropped():
    finding = migrated(
        "c = ChatCompletionsClient(\n"
        "    endpoint=EP,\n"
        "    credential=AzureKeyCredential(os.environ['K']),\n"
        "    api_version='2024-06-01',\n"
        "    headers={'x-ms-client': 'a'},\n"
        "    user_agent='my-app',\n"
        "    retry_total=4,\n"
        "    connection_timeout=5,\n"
        "    read_timeout=60,\n"
        "    logging_enable=True,\n"
        ")\n"
    )
    assert code(finding.snippet) == (
        "OpenAI(\n"
        "    base_url=f\"{EP.rstrip('/')}/openai/v1/\",\n"
        "    api_key=os.environ['K'],\n"
        "    default_headers={'x-ms-client': 'a', \"User-Agent\": 'my-app'},\n"
        "    max_retries=4,\n"
        "    timeout=openai.Timeout(60, connect=5),\n"
        ")"
    )
    assert finding.message.endswith("; dropped: logging_enable (set OPENAI_LOG=debug)")
    assert "api_version" not in finding.snippet


def test_client_defaults_move_to_a_defaults_dict_and_the_fix_is_unsafe():
    finding = migrated(
        "client = ChatCompletionsClient(EP, AzureKeyCredential(k), model='gpt-4o', temperature=0.2,\n"
        "    response_format='json_object', model_extras={'safe_mode': True})\n"
    )
    assert finding.snippet == (
        "client = OpenAI(base_url=f\"{EP.rstrip('/')}/openai/v1/\", api_key=k)\n"
        'client_defaults = {"model": \'gpt-4o\', "temperature": 0.2, "response_format": {"type": "json_object"}, '
        "\"extra_body\": {'safe_mode': True}}\n"
    )
    # the edit is the client alone: the calls of the module receive the defaults (AOM103)
    assert finding.replacement.text == "OpenAI(base_url=f\"{EP.rstrip('/')}/openai/v1/\", api_key=k)"
    assert finding.fix.applicability.value == "unsafe"
    assert "client defaults (model, temperature, response_format, extra_body) move to each call" in finding.message


def test_embeddings_input_type_goes_to_extra_body():
    source = (
        "from azure.ai.inference import EmbeddingsClient\n"
        "self_emb = EmbeddingsClient(EP, cred, dimensions=256, input_type='query', model_extras=extras)\n"
    )
    finding = one(source, "AOM102")
    assert (
        "self_emb_defaults = {\"dimensions\": 256, \"extra_body\": {**extras, \"input_type\": 'query'}}"
    ) in finding.snippet.splitlines()


def test_self_attribute_defaults_name():
    source = (
        "from azure.ai.inference import ChatCompletionsClient\n"
        "class S:\n"
        "    def __init__(self, ep, key):\n"
        "        self._client = ChatCompletionsClient(ep, key, model='m')\n"
    )
    finding = one(source, "AOM102")
    assert "self._client_defaults = {\"model\": 'm'}" in finding.snippet.splitlines()


def test_positional_and_starred_arguments_never_crash():
    for line in (
        "c = ChatCompletionsClient()\n",
        "c = ChatCompletionsClient(*args)\n",
        "c = ChatCompletionsClient(**kwargs)\n",
        "c = ChatCompletionsClient(ep, *rest, model='m')\n",
        "c = ChatCompletionsClient(ep, cred, credential_scopes=scopes)\n",
        "c = ChatCompletionsClient(ep, cred, credential_scopes=[])\n",
        "c = ChatCompletionsClient(ep, cred, headers=h, user_agent=ua)\n",
        "c = ChatCompletionsClient(ep(), cred[0])\n",
        "c = ChatCompletionsClient(endpoint=f'{a!r:>10}', credential=AzureKeyCredential(*keys))\n",
        "c = ChatCompletionsClient(endpoint='https://[::1', credential=AzureKeyCredential(key=k))\n",
    ):
        assert migrated(line).snippet


def test_unknown_credential_keeps_both_paths_and_says_so():
    """An Inference client takes a key or a token credential: an unresolved one gets both paths,
    never `.key` alone (AttributeError on a token credential)."""
    finding = migrated("def f(ep, credential):\n    return ChatCompletionsClient(ep, credential)\n")
    assert kwargs_of(finding.snippet)["api_key"] == (
        "credential.key if isinstance(credential, AzureKeyCredential) "
        "else get_bearer_token_provider(credential, 'https://cognitiveservices.azure.com/.default')"
    )
    assert "credential `credential` not resolved: both paths are kept" in finding.message
    assert not found(HEAD + "def f(ep, credential):\n    return ChatCompletionsClient(ep, credential)\n", "AOM202")


def test_async_client_and_async_with():
    source = (
        "from azure.ai.inference.aio import ChatCompletionsClient\n"
        "from azure.identity import DefaultAzureCredential\n"
        "async def main():\n"
        "    async with ChatCompletionsClient(endpoint=EP, credential=DefaultAzureCredential()) as client:\n"
        "        pass\n"
    )
    finding = one(source, "AOM102")
    assert code(finding.snippet).startswith("AsyncOpenAI(")
    assert kwargs_of(code(finding.snippet))["api_key"] == (
        "azure.identity.aio.get_bearer_token_provider(azure.identity.aio.DefaultAzureCredential(), "
        "'https://cognitiveservices.azure.com/.default')"
    )
    auth = one(source, "AOM202")
    assert "`api_key=azure.identity.aio.get_bearer_token_provider(credential, scope)`" in auth.message


def test_async_client_with_a_sync_credential_variable_runs_its_sync_provider_in_a_thread():
    source = (
        "from azure.ai.inference.aio import ChatCompletionsClient\n"
        "from azure.identity import DefaultAzureCredential\n"
        "cred = DefaultAzureCredential()\n"
        "c = ChatCompletionsClient(EP, cred)\n"
    )
    auth = one(source, "AOM202")
    assert "`api_key=functools.partial(asyncio.to_thread, get_bearer_token_provider(credential, scope))`" in auth.message
    assert "sync credential built elsewhere" in auth.message
    client = one(source, "AOM102")
    assert kwargs_of(code(client.snippet))["api_key"] == (
        "functools.partial(asyncio.to_thread, get_bearer_token_provider(cred, "
        "'https://cognitiveservices.azure.com/.default'))"
    )
    assert client.fix.applicability.value == "unsafe"  # the endpoint variable, not the credential


def test_subclass_is_flagged_without_a_fix():
    source = (
        "from azure.ai.inference import ChatCompletionsClient\n"
        "class Traced(ChatCompletionsClient):\n    pass\n"
        "c = Traced(EP, cred)\n"
    )
    finding = one(source, "AOM102")
    assert finding.line == 4 and finding.replacement is None
    assert finding.message.startswith("`Traced` is an Azure AI Inference client")


@pytest.mark.parametrize(
    "source",
    [
        "from mylib import ChatCompletionsClient\nc = ChatCompletionsClient(ep, cred)\n",
        "from azure.ai.inference import ChatCompletionsClient\nclass X(ChatCompletionsClient):\n"
        "    def __init__(self):\n        ChatCompletionsClient.__init__(self, 'e', 'k')\n",
        "from azure.ai.inference import ChatCompletionsClient\nc = ChatCompletionsClient.from_config(cfg)\n",
        "from azure.ai.inference.aio import load_client\nasync def f():\n    c = await load_client(ep, cred)\n",
        "import azure.ai.inference\nx = azure.ai.inference.models.UserMessage(content='hi')\n",
    ],
)
def test_not_inference_client_constructions(source):
    assert not found(source, "AOM102")


# -- azure-ai-projects factories --------------------------------------------------------------


def test_project_factory_sync():
    source = (
        "from azure.ai.projects import AIProjectClient\n"
        "project = AIProjectClient.from_connection_string(conn_str=cs, credential=cred)\n"
        "chat = project.inference.get_chat_completions_client()\n"
        "emb = project.inference.get_embeddings_client(user_agent='app')\n"
    )
    findings = found(source, "AOM102")
    assert [f.snippet for f in findings] == [
        "project.get_openai_client()",
        "project.get_openai_client(default_headers={\"User-Agent\": 'app'})",
    ]
    assert findings[0].message == (
        "`project.inference.get_chat_completions_client()` is an Azure AI Inference client; "
        "use `project.get_openai_client()` on the /openai/v1/ endpoint; azure-ai-projects>=2.0"
    )


def test_async_project_factory_replaces_the_await():
    source = (
        "from azure.ai.projects.aio import AIProjectClient\n"
        "async def main(project: AIProjectClient):\n"
        "    chat = await project.inference.get_chat_completions_client()\n"
        "    aoai = await project.inference.get_azure_openai_client(api_version='2024-10-21')\n"
    )
    chat = one(source, "AOM102")
    assert chat.replacement.text == "project.get_openai_client()"
    assert (chat.replacement.col, chat.replacement.end_col) == (11, 64)
    aoai = one(source, "AOM301")
    assert aoai.replacement.text == "project.get_openai_client()"
    assert aoai.replacement.col == 11


# -- AOM201 / AOM202 ----------------------------------------------------------------------------


def test_key_credential_variable_uses_the_key_expression():
    finding = migrated("cred = AzureKeyCredential(os.environ['K'])\nc = ChatCompletionsClient(EP, cred)\n", "AOM201")
    assert kwargs_of(finding.snippet)["api_key"] == "os.environ['K']"
    assert finding.message == "`AzureKeyCredential` is not accepted by OpenAI clients; pass the key itself as `api_key=`"


def test_key_credential_built_elsewhere_uses_its_key_attribute():
    finding = migrated(
        "def make(key):\n    return AzureKeyCredential(key)\nc = ChatCompletionsClient(EP, make(k))\n", "AOM201"
    )
    assert kwargs_of(finding.snippet)["api_key"] == "make(k).key"


@pytest.mark.parametrize(
    "scopes, scope, note",
    [
        (None, "'https://cognitiveservices.azure.com/.default'",
         "; scope https://cognitiveservices.azure.com/.default (the Inference default "
         "https://ml.azure.com/.default is wrong for Azure OpenAI)"),
        ("['https://ai.azure.com/.default']", "'https://ai.azure.com/.default'", ""),
        ("['https://ml.azure.com/.default']", "'https://cognitiveservices.azure.com/.default'",
         "; https://ml.azure.com/.default is not an Azure OpenAI scope; use https://cognitiveservices.azure.com/.default"),
        ("SCOPES", "*SCOPES", "; check that the scopes hold an Azure OpenAI scope"),
    ],
)
def test_token_scope(scopes, scope, note):
    extra = f", credential_scopes={scopes}" if scopes else ""
    source = (
        "from azure.ai.inference import ChatCompletionsClient\n"
        "from azure.identity import DefaultAzureCredential\n"
        f"c = ChatCompletionsClient(EP, DefaultAzureCredential(){extra})\n"
    )
    finding = one(source, "AOM202")
    assert kwargs_of(finding.snippet)["api_key"] == f"get_bearer_token_provider(DefaultAzureCredential(), {scope})"
    assert finding.message.endswith("`api_key=get_bearer_token_provider(credential, scope)`" + note)


def test_entra_scope_setting():
    settings = Settings(entra_scope="https://ai.azure.com/.default")
    finding = one(GUIDE_ENTRA.replace("    credential_scopes=[\"https://cognitiveservices.azure.com/.default\"],\n", ""),
                  "AOM102", settings)
    assert "'https://ai.azure.com/.default'" in kwargs_of(finding.snippet)["api_key"]


# -- AOM203 / AOM204 / AOM205 / AOM206 ------------------------------------------------------------


def test_sync_provider_on_async_openai_is_an_error_with_a_fix():
    source = (
        "from azure.identity import DefaultAzureCredential, get_bearer_token_provider\n"
        "from openai import AsyncOpenAI\n"
        "SCOPE = 'https://cognitiveservices.azure.com/.default'\n"
        "tp = get_bearer_token_provider(DefaultAzureCredential(), SCOPE)\n"
        "client = AsyncOpenAI(base_url=URL, api_key=tp)\n"
    )
    finding = one(source, "AOM203")
    assert code(finding.snippet) == (
        "AsyncOpenAI(\n"
        "    base_url=URL,\n"
        "    api_key=azure.identity.aio.get_bearer_token_provider(\n"
        "        azure.identity.aio.DefaultAzureCredential(),\n"
        "        SCOPE,\n"
        "    ),\n"
        ")"
    )
    assert finding.replacement is not None
    assert finding.message.startswith("`tp` is the sync azure.identity token provider: `AsyncOpenAI` awaits")
    from aoai_migrate import registry

    assert registry.get("AOM203").severity == "error"
    assert registry.get("AOM203").pylint_msgid() == "E9203"


def test_aio_provider_on_async_openai_is_fine():
    source = (
        "from azure.identity.aio import DefaultAzureCredential, get_bearer_token_provider\n"
        "from openai import AsyncOpenAI\n"
        "client = AsyncOpenAI(base_url=URL, api_key=get_bearer_token_provider(DefaultAzureCredential(), S))\n"
    )
    assert not found(source, "AOM203")


def test_async_azure_openai_with_sync_provider_migrates_to_the_aio_provider():
    source = (
        "from azure.identity import DefaultAzureCredential, get_bearer_token_provider\n"
        "from openai import AsyncAzureOpenAI\n"
        "client = AsyncAzureOpenAI(\n"
        "    azure_endpoint='https://r.openai.azure.com',\n"
        "    azure_ad_token_provider=get_bearer_token_provider(DefaultAzureCredential(), 'https://ai.azure.com/.default'),\n"
        "    api_version='2024-10-21',\n"
        ")\n"
    )
    aom204 = one(source, "AOM204")
    assert aom204.line == 5
    assert kwargs_of(aom204.snippet) == {
        "base_url": "'https://r.openai.azure.com/openai/v1/'",
        "api_key": "azure.identity.aio.get_bearer_token_provider(azure.identity.aio.DefaultAzureCredential(), "
        "'https://ai.azure.com/.default')",
    }
    aom205 = one(source, "AOM205")
    assert aom205.message == (
        "`azure_ad_token_provider=` exists only on AzureOpenAI clients; pass the provider as `api_key=` of "
        "`AsyncOpenAI` (openai>=1.106.0)"
    )


def test_static_ad_token():
    source = "from openai import AzureOpenAI\nc = AzureOpenAI(azure_endpoint=E, azure_ad_token=tok, api_version=V)\n"
    finding = one(source, "AOM206")
    assert code(finding.snippet) == "OpenAI(base_url=f\"{E.rstrip('/')}/openai/v1/\", api_key=tok)"
    assert "a static Entra token expires" in finding.message


# -- AOM207 ---------------------------------------------------------------------------------------

SECRET = "5c0ffee5a1b2c3d4e5f60718293a4b5c"


@pytest.mark.parametrize(
    "source, snippet",
    [
        (
            f"from openai import AzureOpenAI\nc = AzureOpenAI(azure_endpoint='https://r.openai.azure.com', api_key='{SECRET}', api_version='2024-06-01')\n",
            'OpenAI(\n    base_url="https://r.openai.azure.com/openai/v1/",\n    api_key=os.environ["AZURE_OPENAI_API_KEY"],\n)',
        ),
        (
            f"from openai import OpenAI\nc = OpenAI(base_url=U, api_key='{SECRET}')\n",
            'OpenAI(base_url=U, api_key=os.environ["AZURE_OPENAI_API_KEY"])',
        ),
        (
            f"import openai\nopenai.api_key = '{SECRET}'\n",
            'openai.api_key = os.environ["AZURE_OPENAI_API_KEY"]',
        ),
        (
            f"from azure.ai.inference import ChatCompletionsClient\nfrom azure.core.credentials import AzureKeyCredential\n"
            f"KEY = '{SECRET}'\nc = ChatCompletionsClient(EP, AzureKeyCredential(KEY))\n",
            "OpenAI(\n    base_url=f\"{EP.rstrip('/')}/openai/v1/\",\n    api_key=os.environ[\"AZURE_OPENAI_API_KEY\"],\n)",
        ),
    ],
)
def test_literal_secrets_are_never_echoed(source, snippet):
    finding = one(source, "AOM207")
    assert code(finding.snippet) == snippet
    for f in run(source):
        for text in (f.message, f.snippet or "", f.one_line(), f.replacement.text if f.replacement else ""):
            assert SECRET not in text, (f.code, text)


@pytest.mark.parametrize(
    "value",
    ["", "<your-key>", "YOUR_API_KEY", "dummy", "fake-key-for-tests-123456", "test", "sk-xxxxxxxxxxxxxxxxxxxx",
     "AZURE_OPENAI_API_KEY", "not-needed", "ollama", "************************", "${AZURE_OPENAI_KEY}",
     "replace-with-your-api-key-here"],
)
def test_placeholders_are_not_secrets(value):
    assert not render_clients.is_literal_secret(value)


@pytest.mark.parametrize("value", [SECRET, "sk-proj-4fT9qW2xZ7LmN3bV8cR1", "Ab3dE6gH9jK2mN5pQ8sT1vW4yZ7bC0eF"])
def test_real_looking_keys_are_secrets(value):
    assert render_clients.is_literal_secret(value)


# -- AOM301 / AOM302 ------------------------------------------------------------------------------


def test_azure_openai_keeps_other_keywords_and_moves_the_deployment():
    source = (
        "import openai\n"
        "client = openai.AzureOpenAI(\n"
        "    azure_endpoint=os.environ['AZURE_OPENAI_ENDPOINT'],\n"
        "    azure_deployment='gpt-4o-mini',\n"
        "    api_version='2024-10-21',\n"
        "    api_key=os.environ['AZURE_OPENAI_API_KEY'],\n"
        "    organization='org',\n"
        "    timeout=20.0,\n"
        "    max_retries=5,\n"
        "    default_headers={'x-app': 'a'},\n"
        "    default_query={'api-version': '2024-10-21', 'trace': '1'},\n"
        "    http_client=http_client,\n"
        ")\n"
    )
    finding = one(source, "AOM301")
    assert code(finding.snippet) == (
        "OpenAI(\n"
        "    base_url=f\"{os.environ['AZURE_OPENAI_ENDPOINT'].rstrip('/')}/openai/v1/\",\n"
        "    api_key=os.environ['AZURE_OPENAI_API_KEY'],\n"
        "    organization='org',\n"
        "    timeout=20.0,\n"
        "    max_retries=5,\n"
        "    default_headers={'x-app': 'a'},\n"
        "    http_client=http_client,\n"
        "    default_query={'trace': '1'},\n"
        ")"
    )
    assert finding.message == (
        "`openai.AzureOpenAI` builds a client for dated api-versions; use `OpenAI` on the /openai/v1/ endpoint; "
        "pass model='gpt-4o-mini' on each call"
    )
    assert finding.replacement is not None


def test_azure_openai_from_environment_only():
    finding = one("from openai import AsyncAzureOpenAI\nc = AsyncAzureOpenAI()\n", "AOM301")
    assert code(finding.snippet) == (
        "AsyncOpenAI(\n"
        "    base_url=f'{os.environ[\"AZURE_OPENAI_ENDPOINT\"].rstrip(\"/\")}/openai/v1/',\n"
        '    api_key=os.environ["AZURE_OPENAI_API_KEY"],\n'
        ")"
    )
    assert "OpenAI does not read AZURE_OPENAI_ENDPOINT" in finding.message
    assert "OpenAI does not read AZURE_OPENAI_API_KEY" in finding.message
    # the other credential AzureOpenAI() read from the environment is named, not silently lost
    assert "nor AZURE_OPENAI_AD_TOKEN" in finding.message


def test_azure_openai_deployment_base_url():
    source = "from openai import AzureOpenAI\nc = AzureOpenAI(base_url=f'{ep}/openai/deployments/{dep}', api_key=k, api_version=v)\n"
    finding = one(source, "AOM301")
    assert code(finding.snippet) == "OpenAI(base_url=f'{ep}/openai/v1/', api_key=k)"
    assert finding.message.endswith("; pass model=dep on each call")


@pytest.mark.parametrize(
    "base_url",
    [
        "'https://r.openai.azure.com/openai/v1/'",
        "f'{ENDPOINT}/openai/v1'",
        "ENDPOINT + '/openai/v1/'",
        "V1",
    ],
)
def test_azure_openai_on_v1_is_an_error(base_url):
    source = (
        "from openai import AzureOpenAI\nV1 = 'https://r.openai.azure.com/openai/v1/'\n"
        f"c = AzureOpenAI(base_url={base_url}, api_key=k, api_version='preview')\n"
    )
    finding = one(source, "AOM302")
    assert code(finding.snippet) == f"OpenAI(base_url={base_url}, api_key=k)"
    assert not found(source, "AOM301")


@pytest.mark.parametrize(
    "source",
    [
        "from langchain_openai import AzureChatOpenAI\nllm = AzureChatOpenAI(azure_endpoint=e, api_version=v)\n",
        "from langchain_openai import AzureOpenAI\nllm = AzureOpenAI(azure_endpoint=e, api_version=v)\n",
        "from llama_index.llms.azure_openai import AzureOpenAI\nllm = AzureOpenAI(engine='e', azure_endpoint=e)\n",
        "from openai import OpenAI\nc = OpenAI(base_url=u, api_key=k)\n",
        "AzureOpenAI = make_client\nc = AzureOpenAI(azure_endpoint=e)\n",
    ],
)
def test_azure_openai_look_alikes(source):
    assert not [f for f in run(source) if f.code.startswith("AOM3")]


# -- AOM303 / AOM304 / AOM305 ---------------------------------------------------------------------


def test_module_configuration_is_collected_into_one_client():
    source = textwrap.dedent(
        f"""
        import os
        import openai

        openai.api_type = "azure"
        openai.api_key = "{SECRET}"
        openai.api_version = "2023-05-15"

        def configure():
            openai.api_base = os.getenv("AZURE_OPENAI_ENDPOINT")
        """
    )
    findings = [f for f in run(source) if f.code in ("AOM303", "AOM304")]
    assert [(f.line, f.code) for f in findings] == [(5, "AOM303"), (10, "AOM304")]
    expected = (
        "client = OpenAI(\n"
        "    base_url=f'{os.getenv(\"AZURE_OPENAI_ENDPOINT\").rstrip(\"/\")}/openai/v1/',\n"
        '    api_key=os.environ["AZURE_OPENAI_API_KEY"],\n'
        ")\n"
    )
    assert {code(f.snippet) for f in findings} == {expected}
    assert findings[0].message == (
        "`openai.api_type` switches the implicit openai module client to Azure; create an explicit "
        "`OpenAI(base_url=.../openai/v1/, api_key=...)` client"
    )


def test_module_azure_ad_settings():
    source = (
        "import openai\n"
        "from azure.identity import DefaultAzureCredential, get_bearer_token_provider\n"
        "openai.azure_endpoint = 'https://r.openai.azure.com/'\n"
        "openai.azure_ad_token_provider = get_bearer_token_provider(DefaultAzureCredential(), S)\n"
    )
    findings = found(source, "AOM305")
    assert [f.line for f in findings] == [3, 4]
    assert code(findings[0].snippet) == (
        "client = OpenAI(\n"
        '    base_url="https://r.openai.azure.com/openai/v1/",\n'
        "    api_key=get_bearer_token_provider(DefaultAzureCredential(), S),\n"
        ")\n"
    )


def test_non_azure_module_configuration_is_quiet():
    source = (
        "import openai\n"
        "openai.api_base = 'http://localhost:8000/v1'\n"
        "openai.api_key = 'not-needed'\n"
        "openai.api_type = 'open_ai'\n"
    )
    assert not [f for f in run(source) if f.code.startswith(("AOM2", "AOM3"))]


# -- the renderer API ---------------------------------------------------------------------------


def test_renderer_api_for_other_rules():
    from aoai_migrate.engine import Context
    from aoai_migrate.semantics import Semantics
    from aoai_migrate.source import Source

    text = (
        "from azure.ai.inference import ChatCompletionsClient\n"
        "client = ChatCompletionsClient('https://r.openai.azure.com/openai/deployments/gpt', cred, model='m', temperature=0)\n"
    )
    tree = ast.parse(text)
    ctx = Context(Semantics(tree), Source(text), "x.py", Settings())
    call = tree.body[1].value
    target = render_clients.find_client(call, ctx)
    assert (target.family, target.kind, target.is_async, target.via) == ("inference", "chat", False, "class")
    result = render_clients.migrate(target, ctx)
    assert result.deployment == "'m'"
    assert result.defaults == (("model", "'m'"), ("temperature", "0"))
    assert ast.unparse(ast.parse(result.call())) == (
        "OpenAI(base_url='https://r.openai.azure.com/openai/v1/', api_key=cred.key if isinstance(cred, AzureKeyCredential) "
        "else get_bearer_token_provider(cred, 'https://cognitiveservices.azure.com/.default'))"
    )
    assert render_clients.call_defaults(call, "chat", ctx) == [("model", "'m'"), ("temperature", "0")]


def test_with_options_token_provider_becomes_api_key():
    source = (
        "from openai import AsyncAzureOpenAI\n"
        "from azure.identity import DefaultAzureCredential, get_bearer_token_provider\n"
        "client = AsyncAzureOpenAI(azure_endpoint=E, api_key=k, api_version=V)\n"
        "other = client.with_options(azure_ad_token_provider=get_bearer_token_provider(DefaultAzureCredential(), S),"
        " api_version='2025-01-01-preview', timeout=5)\n"
    )
    finding = one(source, "AOM205")
    assert finding.line == 4
    assert ast.unparse(call_of(finding.snippet).func) == "client.with_options"
    assert kwargs_of(finding.snippet) == {
        "api_key": "azure.identity.aio.get_bearer_token_provider(azure.identity.aio.DefaultAzureCredential(), S)",
        "timeout": "5",
    }
    assert finding.replacement is not None


def test_snippet_from_a_rule_visiting_inside_the_call_names_the_variable():
    """Other rules (api-version) render the client while visiting one of its keywords."""
    from aoai_migrate.engine import Context
    from aoai_migrate.semantics import Semantics
    from aoai_migrate.source import Source

    text = "from azure.ai.inference import ChatCompletionsClient\nchat = ChatCompletionsClient(EP, cred, model='m')\n"
    tree = ast.parse(text)
    ctx = Context(Semantics(tree), Source(text), "x.py", Settings())
    call = tree.body[1].value
    ctx.node = call.keywords[0]  # visiting a keyword of the call
    migrated = render_clients.migrate(render_clients.find_client(call, ctx), ctx)
    lines = migrated.snippet(ctx).splitlines()
    assert lines[0] == "chat = OpenAI(" and lines[-1] == "chat_defaults = {\"model\": 'm'}"
    assert "    base_url=f\"{EP.rstrip('/')}/openai/v1/\"," in lines


def test_load_client_credential_is_migrated_too():
    source = (
        "from azure.ai.inference.aio import load_client\n"
        "from azure.identity.aio import DefaultAzureCredential\n"
        "async def main():\n"
        "    client = await load_client(endpoint=EP, credential=DefaultAzureCredential())\n"
    )
    finding = one(source, "AOM202")
    assert kwargs_of(finding.snippet)["api_key"] == (
        "azure.identity.aio.get_bearer_token_provider(DefaultAzureCredential(), "
        "'https://cognitiveservices.azure.com/.default')"
    )
    assert call_of(finding.snippet).func.id == "AsyncOpenAI"
    assert not found(source, "AOM102")


def test_image_embeddings_credential_moves_into_the_rest_call_headers():
    source = (
        "from azure.ai.inference import ImageEmbeddingsClient\n"
        "from azure.core.credentials import AzureKeyCredential\n"
        "c = ImageEmbeddingsClient(EP, AzureKeyCredential('5c0ffee5a1b2c3d4e5f60718293a4b5c'))\n"
    )
    found = run(source)
    assert not [f for f in found if f.code == "AOM102"]
    (auth,) = [f for f in found if f.code == "AOM201"]
    assert "`api-key` header" in auth.message and "ImageEmbeddingsClient" in auth.message
    assert '"api-key": ' in auth.snippet and "/images/embeddings" in auth.snippet
    assert all("5c0ffee5" not in (f.snippet or "") + f.message for f in found)




# -- module settings made in functions: the ones in effect where the finding is ------------------

PER_FUNCTION = '''\
import openai


def use_one():
    openai.azure_endpoint = ONE
    openai.api_key = "key-one"
    openai.api_version = "2024-06-01"


def use_two():
    openai.api_key = None
    openai.azure_endpoint = TWO
    openai.azure_ad_token_provider = lambda: "token-two"
    openai.api_version = "2024-06-01"


def use_both():
    openai.api_key = "key-three"
    openai.azure_endpoint = THREE
    openai.azure_ad_token_provider = lambda: "token-three"
'''


def _client_line(snippet):
    return next(line for line in code(snippet).splitlines() if "OpenAI(" in line or "api_key" in line)


def test_each_function_shows_the_client_it_configures():
    """A setting's finding shows the client of its own function's settings, not another
    function's endpoint or key (the first assignment in the module used to win)."""
    findings = [f for f in run(PER_FUNCTION) if f.code in ("AOM305", "AOM402")]
    by_line = {f.line: f for f in findings}
    one, two = code(by_line[5].snippet), code(by_line[13].snippet)
    assert "ONE" in one and '"key-one"' in one and "TWO" not in one and "token" not in one
    assert "TWO" in two and 'api_key=lambda: "token-two"' in two and "key-one" not in two and "ONE" not in two
    assert by_line[14].code == "AOM402" and "TWO" in code(by_line[14].snippet) and "key-one" not in code(by_line[14].snippet)
    assert "MutuallyExclusiveAuthError" not in by_line[13].message


def test_key_and_provider_set_together_are_said_to_be_refused():
    both = [f for f in run(PER_FUNCTION) if f.code == "AOM305" and f.line in (19, 20)]
    assert both and all("MutuallyExclusiveAuthError" in f.message for f in both)
    assert all("every auth path is kept" not in f.message for f in both)
    assert all("THREE" in code(f.snippet) and "ONE" not in code(f.snippet) for f in both)


def test_a_module_level_setting_still_completes_a_function_s_settings():
    source = "import openai\nopenai.api_key = K\n\ndef go():\n    openai.azure_endpoint = E\n"
    (finding,) = [f for f in run(source) if f.code == "AOM305"]
    assert "api_key=K" in code(finding.snippet).replace(" ", "") and "E" in code(finding.snippet)


def test_openai_refuses_a_key_and_a_provider_on_its_module_client_and_the_snippet_runs(monkeypatch):
    """What the note says, checked on openai itself (stub on 127.0.0.1), and the snippet of
    `use_two()` authenticating with its own provider."""
    import subprocess
    import sys

    from http_stub import AzureV1Stub

    for name in list(os.environ):
        if name.upper().startswith(("OPENAI_", "AZURE_")):
            monkeypatch.delenv(name)
    with AzureV1Stub() as stub:
        program = PER_FUNCTION + (
            f"ONE = TWO = THREE = {stub.url!r}\n"
            "use_both()\n"
            "try:\n"
            "    openai.chat.completions.create(model='m', messages=[{'role': 'user', 'content': 'hi'}])\n"
            "except openai.lib.azure.MutuallyExclusiveAuthError:\n"
            "    print('refused')\n"
        )
        out = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=60)
        assert out.stdout.strip() == "refused", out.stderr
        (finding,) = [f for f in run(PER_FUNCTION) if f.code == "AOM305" and f.line == 13]
        namespace = {"TWO": stub.url}
        exec(compile(finding.snippet, "snippet.py", "exec"), namespace)
        namespace["client"].chat.completions.create(model="m", messages=[{"role": "user", "content": "hi"}])
        assert stub.last.path == "/openai/v1/chat/completions"
        assert stub.last.authorization == "Bearer token-two"
        assert not stub.failures, stub.failures


# -- AzureOpenAI given no credential, where AZURE_OPENAI_API_KEY was optional ------------------

def _aom301(source):
    (finding,) = [f for f in run(source) if f.code == "AOM301"]
    return finding


TOLERANT = "from openai import AzureOpenAI\nclient = AzureOpenAI(api_version='2024-06-01', azure_endpoint=ENDPOINT{extra})\n"


@pytest.mark.parametrize(
    "extra, api_key",
    [
        # the header's key authenticated; OpenAI does not count the header as a credential
        (", default_headers={'api-key': 'header-key'}, _enforce_credentials=False",
         """api_key=os.environ.get("AZURE_OPENAI_API_KEY") or 'header-key'"""),
        (", api_key=None, azure_ad_token=None, default_headers={'api-key': 'header-key', 'x-team': 'a'}",
         """api_key=os.environ.get("AZURE_OPENAI_API_KEY") or 'header-key'"""),
        # built without a credential: the variable is read when set, never required
        (", _enforce_credentials=False", 'api_key=os.environ.get("AZURE_OPENAI_API_KEY")'),
        # the Authorization header carries it: no api_key=
        (", default_headers={'Authorization': 'Bearer t'}, _enforce_credentials=False", None),
    ],
)
def test_an_optional_environment_key_is_not_made_mandatory(extra, api_key):
    snippet = code(_aom301(TOLERANT.format(extra=extra)).snippet)
    assert 'os.environ["AZURE_OPENAI_API_KEY"]' not in snippet
    if api_key is None:
        assert "api_key" not in snippet
    else:
        assert api_key in snippet
        assert "'api-key'" not in snippet  # not sent twice, as two different keys


def test_a_required_environment_key_stays_mandatory():
    """Tricky negative: without a header key or `_enforce_credentials=False`, AzureOpenAI raised
    when the variables were unset: `os.environ[...]` is right."""
    for extra in ("", ", default_headers={'x-team': 'a'}", ", default_headers={'Authorization': 'Bearer t'}"):
        assert 'api_key=os.environ["AZURE_OPENAI_API_KEY"]' in code(_aom301(TOLERANT.format(extra=extra)).snippet)


@pytest.mark.parametrize(
    "extra, env, authorization",
    [
        (", default_headers={'api-key': 'header-key'}, _enforce_credentials=False", {}, "Bearer header-key"),
        (", default_headers={'api-key': 'header-key'}, _enforce_credentials=False",
         {"AZURE_OPENAI_API_KEY": "env-key"}, "Bearer env-key"),  # the variable won in AzureOpenAI
        (", _enforce_credentials=False", {"AZURE_OPENAI_API_KEY": "env-key"}, "Bearer env-key"),
        (", default_headers={'Authorization': 'Bearer t'}, _enforce_credentials=False", {}, "Bearer t"),
    ],
)
def test_the_migrated_client_authenticates_where_the_original_did(extra, env, authorization, monkeypatch):
    """Built with the variable unset (no KeyError) and sending the credential the AzureOpenAI
    client sent, on the stub (127.0.0.1)."""
    from http_stub import AzureV1Stub
    from openai import AzureOpenAI

    for name in list(os.environ):
        if name.upper().startswith(("OPENAI_", "AZURE_")):
            monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    finding = _aom301(TOLERANT.format(extra=extra))
    messages = [{"role": "user", "content": "hi"}]
    with AzureV1Stub() as stub:
        original: dict = {"ENDPOINT": stub.url, "AzureOpenAI": AzureOpenAI}
        exec(TOLERANT.format(extra=extra).split("\n", 1)[1], original)
        original["client"].chat.completions.create(model="gpt-4o-mini", messages=messages)
        sent = stub.last.headers
        assert (sent.get("api-key") and "Bearer " + sent["api-key"] or sent.get("authorization")) == authorization
        stub.clear()
        namespace = {"ENDPOINT": stub.url}
        program = finding.snippet.replace("\nOpenAI(", "\nclient = OpenAI(")
        exec(compile(program, "snippet.py", "exec"), namespace)
        namespace["client"].chat.completions.create(model="gpt-4o-mini", messages=messages)
        assert stub.last.path == "/openai/v1/chat/completions"
        assert stub.last.authorization == authorization
        assert not stub.failures, stub.failures


# -- AzureOpenAI given base_url and azure_deployment: the deployment had no effect -------------

GATEWAY_CLIENT = (
    "from openai import AzureOpenAI\n"
    "def make(gateway, key):\n"
    "    return AzureOpenAI(base_url=gateway, azure_deployment='dep-client', api_key=key, api_version='2024-06-01')\n"
)


def test_azure_deployment_next_to_base_url_is_not_turned_into_a_model():
    finding = _aom301(GATEWAY_CLIENT)
    assert "pass model=" not in finding.message
    assert "`azure_deployment` had no effect next to `base_url`: each call's `model` names the deployment" in finding.message
    # a gateway that authenticated the caller by the api-key header is told what keeps it
    assert 'default_headers={"api-key": <the key>}' in finding.message
    assert code(finding.snippet) == "OpenAI(base_url=gateway, api_key=key)"


def test_azure_openai_ignores_the_deployment_next_to_base_url_and_sends_the_key_as_api_key():
    """What the message says, checked on openai itself: the call's model routes the request."""
    import openai

    from http_stub import AzureV1Stub

    with AzureV1Stub() as stub:
        client = openai.AzureOpenAI(
            base_url=f"{stub.url}/openai", azure_deployment="dep-client", api_key="k", api_version="2024-06-01",
        )
        client.chat.completions.create(model="dep-call", messages=[{"role": "user", "content": "hi"}])
        assert stub.last.path == "/openai/deployments/dep-call/chat/completions"
        assert stub.last.headers.get("api-key") == "k" and stub.last.authorization is None
        openai.OpenAI(base_url=f"{stub.url}/openai/v1/", api_key="k").chat.completions.create(
            model="dep-call", messages=[{"role": "user", "content": "hi"}])
        assert stub.last.authorization == "Bearer k" and "api-key" not in stub.last.headers


def test_azure_deployment_next_to_an_azure_endpoint_still_becomes_the_model():
    finding = _aom301(GATEWAY_CLIENT.replace("base_url=gateway", "azure_endpoint=gateway"))
    assert finding.message.endswith("pass model='dep-client' on each call")


# -- websocket_base_url: AzureOpenAI added the dated realtime route, OpenAI adds /realtime -----

def _websocket_client(base: str):
    return _aom301(
        "from openai import AzureOpenAI\n"
        f"c = AzureOpenAI(azure_endpoint='https://res.openai.azure.com', api_key='k', api_version='2024-10-21', "
        f"websocket_base_url={base})\n"
    )


def test_the_resources_websocket_base_becomes_the_v1_realtime_base():
    """The migrated base gives the realtime URL OpenAI derives from the v1 base_url itself."""
    import openai

    finding = _websocket_client("'wss://res.openai.azure.com/openai/'")
    assert "websocket_base_url='wss://res.openai.azure.com/openai/v1'" in code(finding.snippet).replace('"', "'")
    assert finding.fix.applicability is Applicability.SAFE
    namespace: dict = {}
    exec(compile(finding.snippet.replace("OpenAI(", "client = OpenAI(", 1), "snippet.py", "exec"), namespace)
    migrated = namespace["client"].realtime.connect(model="dep")._prepare_url()
    derived = openai.OpenAI(base_url="https://res.openai.azure.com/openai/v1/", api_key="k").realtime.connect(
        model="dep")._prepare_url()
    assert str(migrated) == str(derived) == "wss://res.openai.azure.com/openai/v1/realtime"


@pytest.mark.parametrize("base", ["'wss://res.openai.azure.com/base'", "settings.realtime_url"])
def test_another_websocket_base_is_kept_and_said_to_need_the_v1_route(base):
    finding = _websocket_client(base)
    assert f"websocket_base_url={base}" in code(finding.snippet)
    assert "must be the v1 realtime base (wss://<resource>.openai.azure.com/openai/v1)" in finding.message
    assert finding.fix.applicability is Applicability.UNSAFE
