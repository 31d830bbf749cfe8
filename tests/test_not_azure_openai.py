"""Not Azure OpenAI, not a finding: other Azure services' API versions, AI-gateway routes that
still need a deployment URL and an api-version, resets of openai's module globals, openai's own
module-client runtime, GitHub Models streams, handlers around calls with no OpenAI equivalent."""

from __future__ import annotations

import textwrap

import pytest

from aoai_migrate.engine import analyze_source


def codes(source: str, path: str = "app.py") -> list[str]:
    return [f.code for f in analyze_source(textwrap.dedent(source), path)]


OPENAI_RUNTIME = """\
    from __future__ import annotations

    import openai as _sdk

    from .._client import OpenAI


    def load_client() -> OpenAI:
        if _sdk.azure_endpoint is None:
            _sdk.azure_endpoint = _sdk._os.environ.get("AZURE_OPENAI_ENDPOINT")
        if _sdk.api_version is None:
            _sdk.api_version = _sdk._os.environ.get("OPENAI_API_VERSION")
        if _sdk.api_type is None:
            _sdk.api_type = "azure"
        return _sdk._client
"""


def test_openai_packages_own_module_client_runtime():
    assert codes(OPENAI_RUNTIME, "site-packages/openai/lib/_module_runtime.py") == []
    assert codes(OPENAI_RUNTIME, "openai-3.57.0/src/openai/lib/_module_runtime.py") == []
    # the same assignments in an application are findings
    app = OPENAI_RUNTIME.replace("from .._client import OpenAI", "from openai import OpenAI")
    assert {"AOM303", "AOM305", "AOM402"} <= set(codes(app, "myapp/openai/setup.py"))


def test_resetting_module_globals_configures_nothing():
    source = """\
        import openai

        def teardown():
            openai.api_version = None
            openai.azure_endpoint = None
            openai.azure_ad_token = None
            openai.azure_ad_token_provider = None
    """
    assert codes(source) == []


def test_a_reset_does_not_hide_the_real_setting():
    source = """\
        import openai

        openai.azure_endpoint = None
        openai.api_type = "azure"
        openai.azure_endpoint = "https://res.openai.azure.com"
        openai.api_version = "2024-02-01"
    """
    found = analyze_source(textwrap.dedent(source), "app.py")
    assert {"AOM303", "AOM305", "AOM402"} <= {f.code for f in found}
    assert all("None.rstrip" not in (f.snippet or "") for f in found)
    assert any("https://res.openai.azure.com/openai/v1/" in (f.snippet or "") for f in found)


def test_other_azure_services_keep_their_api_versions():
    source = """\
        import os
        import requests
        from azure.ai.contentsafety import ContentSafetyClient
        from azure.ai.projects import AIProjectClient
        from azure.core.credentials import AzureKeyCredential
        from azure.identity import DefaultAzureCredential

        CONTENT_SAFETY_API_VERSION = "2024-09-01"
        endpoint = os.environ["CONTENT_SAFETY_ENDPOINT"]

        def shield(prompt):
            url = f"{endpoint}/contentsafety/text:shieldPrompt?api-version={CONTENT_SAFETY_API_VERSION}"
            return requests.post(url, headers={"Ocp-Apim-Subscription-Key": os.environ["CS_KEY"]},
                                 json={"userPrompt": prompt, "documents": []})

        def shield_params(prompt):
            return requests.post(endpoint + "/contentsafety/text:shieldPrompt", params={"api-version": "2024-09-01"})

        cs = ContentSafetyClient(endpoint, AzureKeyCredential(os.environ["CS_KEY"]), api_version="2024-09-01")
        project = AIProjectClient(endpoint=os.environ["PROJECT_ENDPOINT"], credential=DefaultAzureCredential(),
                                  api_version="2025-05-15-preview")
        agents_url = f"{os.environ['PROJECT_ENDPOINT']}/assistants?api-version=2025-05-01"
        os.environ["AZURE_AI_AGENTS_API_VERSION"] = "2025-05-15-preview"
    """
    assert codes(source) == []


def test_cloudflare_gateway_routes_keep_deployment_and_api_version():
    source = """\
        import os
        import httpx
        from openai import AzureOpenAI, AsyncAzureOpenAI

        ACCOUNT = os.environ["CF_ACCOUNT"]
        base = f"https://gateway.ai.cloudflare.com/v1/{ACCOUNT}/my-gateway/azure-openai/myresource/gpt-4o"
        client = AzureOpenAI(base_url=base, api_key=os.environ["AZURE_OPENAI_API_KEY"], api_version="2024-06-01")
        aclient = AsyncAzureOpenAI(
            azure_endpoint="https://gateway.ai.cloudflare.com/v1/acct/gw/azure-openai/myresource",
            api_key=os.environ["AZURE_OPENAI_API_KEY"],
            api_version="2024-06-01",
        )
        resp = httpx.post(
            f"https://gateway.ai.cloudflare.com/v1/{ACCOUNT}/gw/azure-openai/res/gpt-4o/chat/completions?api-version=2024-06-01",
            json={},
        )
    """
    assert codes(source) == []
    # the same client straight to Azure is a finding
    direct = source.replace("gateway.ai.cloudflare.com/v1/acct/gw/azure-openai/myresource", "myresource.openai.azure.com")
    assert {"AOM301", "AOM401"} <= set(codes(direct))


GITHUB_INFERENCE = """\
    import os
    from azure.ai.inference import ChatCompletionsClient
    from azure.ai.inference.models import UserMessage
    from azure.core.credentials import AzureKeyCredential

    client = ChatCompletionsClient(endpoint=ENDPOINT, credential=AzureKeyCredential(os.environ["GITHUB_TOKEN"]))
    for update in client.complete(stream=True, messages=[UserMessage("hi")], model="openai/gpt-4o"):
        if update.choices:
            print(update.choices[0].delta.content or "", end="")
"""


@pytest.mark.parametrize("endpoint", ['"https://models.github.ai/inference"', '"https://models.inference.ai.azure.com"'])
def test_github_models_streams_have_no_async_content_filter(endpoint):
    found = codes(GITHUB_INFERENCE.replace("ENDPOINT", endpoint))
    assert "AOM103" in found and "AOM804" not in found
    azure = codes(GITHUB_INFERENCE.replace("ENDPOINT", '"https://res.services.ai.azure.com/models"'))
    assert "AOM804" in azure


def test_openai_code_on_github_models_is_not_an_azure_stream():
    source = """\
        import os
        from openai import OpenAI

        client = OpenAI(base_url="https://models.inference.ai.azure.com", api_key=os.environ["GITHUB_TOKEN"])
        for chunk in client.chat.completions.create(model="gpt-4o", messages=[], stream=True):
            print(chunk.choices[0].delta.content)
    """
    assert codes(source) == []
    azure = source.replace("models.inference.ai.azure.com", "res.openai.azure.com/openai/v1/")
    assert "AOM801" in codes(azure)


def test_handlers_around_image_embeddings_stay():
    source = """\
        import os
        from azure.ai.inference import ImageEmbeddingsClient, EmbeddingsClient
        from azure.core.credentials import AzureKeyCredential
        from azure.core.exceptions import HttpResponseError

        images = ImageEmbeddingsClient(endpoint=os.environ["EP"], credential=AzureKeyCredential(os.environ["KEY"]))
        texts = EmbeddingsClient(endpoint=os.environ["EP"], credential=AzureKeyCredential(os.environ["KEY"]))

        def image_only():
            try:
                return images.embed(input=[{"image": "data:image/png;base64,AAAA"}])
            except HttpResponseError as e:
                print(e.status_code)

        def mixed():
            try:
                a = images.embed(input=[{"image": "data:image/png;base64,AAAA"}])
                b = texts.embed(input=["hello"], model="m")
            except HttpResponseError as e:
                print(e.status_code)
    """
    found = analyze_source(textwrap.dedent(source), "app.py")
    handlers = [f for f in found if f.code.startswith("AOM7")]
    assert [f.line for f in handlers] == [19]  # only the try that also calls an OpenAI-migrated client
    assert "keep the azure-core handler after it for the other Azure SDK calls" in handlers[0].message


def test_the_image_embeddings_helper_raises_what_the_handler_catches(monkeypatch):
    import requests
    from azure.core.exceptions import HttpResponseError

    source = textwrap.dedent("""\
        from azure.ai.inference import ImageEmbeddingsClient
        from azure.core.credentials import AzureKeyCredential
        client = ImageEmbeddingsClient("https://m.services.ai.azure.com/models", AzureKeyCredential("k"))
    """)
    helper = next(f.snippet for f in analyze_source(source, "app.py") if f.code == "AOM603")
    failed = requests.Response()
    failed.status_code, failed.reason, failed._content = 429, "Too Many Requests", b'{"error": {}}'
    monkeypatch.setattr(requests, "post", lambda *a, **k: failed)
    namespace: dict = {}
    exec(helper, namespace)
    with pytest.raises(HttpResponseError) as caught:
        namespace["embed_images"](input=[{"image": "data:image/png;base64,AAAA"}])
    assert (caught.value.status_code, caught.value.reason) == (429, "Too Many Requests")


# -- the SDKs' own source ------------------------------------------------------------------------

INFERENCE_TRACER = """\
    import os

    from . import models as _models
    from azure.ai.inference import ChatCompletionsClient
    from azure.core.credentials import AzureKeyCredential

    _ENV_RECORD = "AZURE_TRACING_GEN_AI_CONTENT_RECORDING_ENABLED"


    def _recording() -> bool:
        return os.environ.get("AZURE_TRACING_GEN_AI_CONTENT_RECORDING_ENABLED", "false").lower() == "true"


    def _probe(endpoint, key):
        return ChatCompletionsClient(endpoint=endpoint, credential=AzureKeyCredential(key))
"""


@pytest.mark.parametrize("path", [
    "azure_ai_inference-1.0.0b9/azure/ai/inference/tracing.py",
    "site-packages/azure/ai/inference/aio/_patch.py",
    "C:\\venv\\Lib\\site-packages\\azure\\ai\\inference\\tracing.py",
])
def test_the_inference_packages_own_modules_get_no_findings(path):
    source = INFERENCE_TRACER
    if "/aio/" in path:
        source = source.replace("from . import models", "from .. import models")
    assert codes(source, path) == []


@pytest.mark.parametrize("path, source", [
    # the same code in an application: its relative imports are the application's
    ("myapp/tracing.py", INFERENCE_TRACER),
    # a folder named like the package, holding scripts (absolute imports only)
    ("samples/azure/ai/inference/tracing.py",
     INFERENCE_TRACER.replace("from . import models as _models", "import azure.ai.inference.models as _models")),
    # a relative import that climbs above `openai/`: a package around it, the user's own
    ("myproj/openai/tracing.py", INFERENCE_TRACER.replace("from . import models", "from ..core import models")),
])
def test_look_alikes_of_the_sdk_packages_are_still_checked(path, source):
    assert {"AOM102", "AOM116"} <= set(codes(source, path))


def test_a_users_subpackage_named_openai_is_checked_on_disk(tmp_path):
    """``myapp/openai/`` next to ``myapp/__init__.py`` is ``myapp.openai``; the same tree without
    the outer ``__init__.py`` is the openai package (a checkout or site-packages)."""
    from aoai_migrate.cli import main

    module = textwrap.dedent(OPENAI_RUNTIME).replace(
        "from .._client import OpenAI", "from .._client import OpenAI\nfrom openai import AzureOpenAI\n"
    ) + "\nclient = AzureOpenAI(azure_endpoint='https://r.openai.azure.com', api_key=KEY, api_version='2024-02-01')\n"
    app = tmp_path / "app" / "myapp"
    sdk = tmp_path / "sdk" / "src"
    for root in (app, sdk):
        (root / "openai" / "lib").mkdir(parents=True)
        (root / "openai" / "__init__.py").write_text("")
        (root / "openai" / "lib" / "__init__.py").write_text("")
        (root / "openai" / "lib" / "_module_runtime.py").write_text(module)
    (app / "__init__.py").write_text("")
    user = app / "openai" / "lib" / "_module_runtime.py"
    own = sdk / "openai" / "lib" / "_module_runtime.py"
    assert {"AOM301", "AOM303", "AOM401"} <= set(codes(module, str(user)))
    assert codes(module, str(own)) == []
    # flake8 and the CLI agree (one engine decision, made from the path)
    import ast

    from aoai_migrate.flake8_plugin import Plugin

    def flake8(path):
        text = path.read_text()
        return {row[2].split()[0] for row in Plugin(ast.parse(text), text.splitlines(True), str(path)).run()}

    assert "AOM301" in flake8(user) and flake8(own) == set()
    import contextlib
    import io
    import json

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        main(["check", "--format", "json", str(tmp_path)])
    paths = {f["path"] for f in json.loads(out.getvalue())}
    assert any(p.endswith("myapp/openai/lib/_module_runtime.py") for p in paths)
    assert not any("sdk" in p for p in paths)


def test_a_checkout_kept_under_a_folder_named_openai_is_checked(tmp_path):
    """``<somewhere>/openai/project/tests/lib/test_x.py`` with relative imports: the folder named
    ``openai`` holds no ``__init__.py``, so it is no package and the module is the user's code (a
    copy of a project made under ``/tmp/openai/``, a clone in ``~/src/openai/``)."""
    module = (
        "from ..helpers import settings\n"
        "from openai import AzureOpenAI\n"
        "client = AzureOpenAI(azure_endpoint='https://r.openai.azure.com', api_key=settings.KEY, "
        "api_version='2024-02-01')\n"
    )
    lib = tmp_path / "openai" / "fixed" / "project" / "tests" / "lib"
    lib.mkdir(parents=True)
    (lib / "test_client.py").write_text(module)
    assert "AOM301" in codes(module, str(lib / "test_client.py"))
    # the same module in a real package directory is the SDK's own
    (tmp_path / "openai" / "__init__.py").write_text("")
    assert codes(module, str(lib / "test_client.py")) == []
