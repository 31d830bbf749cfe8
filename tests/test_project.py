"""The project index: names imported from other modules of the project resolve like local ones
(clients, factories, subclasses, ``self`` attributes of base classes, constants, wrappers)."""

from __future__ import annotations

import pickle
import textwrap

import pytest

from aoai_migrate import project, runner
from aoai_migrate.config import Config
from aoai_migrate.engine import analyze_source


def write(root, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")


def check(root, *names: str, **kwargs) -> set[tuple[str, int, str]]:
    files = [str(root / n) for n in names] if names else sorted(str(p) for p in root.rglob("*.py"))
    report = runner.check_paths(files, Config(root=root), **kwargs)
    assert not report.errors
    return {(str(p.relative_to(root)) if (p := _path(f.path)) else f.path, f.line, f.code) for f in report.findings}


def _path(text):
    import pathlib

    return pathlib.Path(text)


CLIENTS = """\
    import functools
    import os
    from azure.ai.inference import ChatCompletionsClient
    from azure.core.credentials import AzureKeyCredential
    from openai import AzureOpenAI
    from .settings import API_VERSION, ENDPOINT

    chat = ChatCompletionsClient(endpoint=ENDPOINT, credential=AzureKeyCredential(os.environ["KEY"]))

    @functools.lru_cache
    def get_openai():
        return AzureOpenAI(azure_endpoint=ENDPOINT, api_key=os.environ["KEY"], api_version=API_VERSION)

    class Base:
        def __init__(self):
            self.client = ChatCompletionsClient(endpoint=ENDPOINT, credential=AzureKeyCredential(os.environ["KEY"]))

    class Middle(Base):
        pass

    class TracedClient(ChatCompletionsClient):
        pass

    def make_client(endpoint, api_version):
        return AzureOpenAI(azure_endpoint=endpoint, api_key=os.environ["KEY"], api_version=api_version)
    """

SETTINGS = """\
    API_VERSION = "2024-02-01"
    ENDPOINT = "https://r.openai.azure.com"
    """

# no trigger word of the prefilter: only the index makes this module worth analysing
SERVICE = """\
    from .clients import chat, get_openai, Middle, TracedClient, make_client
    from . import clients
    from .settings import API_VERSION


    class Bot(Middle):
        def ask(self, messages):
            return self.client.complete(messages=messages)


    def run(messages, e):
        first = chat.complete(messages=messages)
        second = clients.chat.complete(messages=messages)
        traced = TracedClient(endpoint=e, credential=c).complete(messages=messages)
        other = make_client(e, api_version="2024-06-01")
        return first, second, traced, other, API_VERSION
    """


@pytest.fixture
def app(tmp_path):
    write(tmp_path, {"app/__init__.py": "", "app/clients.py": CLIENTS, "app/settings.py": SETTINGS,
                     "app/service.py": SERVICE})
    return tmp_path


def test_module_names_and_package_siblings(app):
    index = project.build([str(app / "app" / "service.py")])
    assert set(index.modules) == {"app", "app.clients", "app.settings", "app.service"}
    assert project.module_name(str(app / "app" / "clients.py")) == ("app.clients", str(app))
    assert project.module_name(str(app / "app" / "__init__.py")) == ("app", str(app))
    # the index travels to --jobs workers
    assert pickle.loads(pickle.dumps(index)).modules == index.modules


def test_script_directory_siblings(tmp_path):
    write(tmp_path, {"settings.py": 'API_VERSION = "2024-02-01"\n',
                     "main.py": "from openai import AzureOpenAI\nfrom settings import API_VERSION\n"
                                "c = AzureOpenAI(azure_endpoint=e, api_key=k, api_version=API_VERSION)\n"})
    found = check(tmp_path, "main.py")
    assert ("main.py", 3, "AOM401") in found
    assert not check(tmp_path, "main.py", project=False) & {("main.py", 3, "AOM401")}


def test_imported_clients_resolve(app):
    found = {(p, line, code) for p, line, code in check(app) if p == "app/service.py"}
    assert found == {
        ("app/service.py", 8, "AOM103"),   # self.client of a base class two modules away
        ("app/service.py", 12, "AOM103"),  # chat imported from clients
        ("app/service.py", 13, "AOM103"),  # clients.chat through `from . import clients`
        ("app/service.py", 14, "AOM102"),  # a subclass of an Inference client, built here
        ("app/service.py", 14, "AOM103"),
        ("app/service.py", 15, "AOM401"),  # a literal passed to the project's own wrapper
        # and the calls pass no model: the migrated call needs the deployment
        ("app/service.py", 8, "AOM501"),
        ("app/service.py", 12, "AOM501"),
        ("app/service.py", 13, "AOM501"),
        ("app/service.py", 14, "AOM501"),
    }


def test_constants_of_another_module(app):
    found = check(app)
    # API_VERSION comes from settings.py
    assert ("app/clients.py", 12, "AOM401") in found


def test_each_file_alone_sees_nothing_imported(app):
    found = check(app, project=False)
    assert not {f for f in found if f[0] == "app/service.py"}
    assert ("app/clients.py", 12, "AOM401") not in found


def test_parallel_workers_share_the_index(app, monkeypatch):
    monkeypatch.setattr(runner, "PARALLEL_MIN", 1)
    assert check(app, jobs=2) == check(app, jobs=1)


def test_look_alikes_of_the_project_stay_silent(tmp_path):
    write(tmp_path, {
        "pkg/__init__.py": "",
        # a project class with SDK-like method names, and a module mentioning azure in a comment
        "pkg/jobs.py": "# azure batch jobs\nclass Job:\n    def complete(self, messages=None): ...\n"
                       "    def embed(self, input=None): ...\njob = Job()\n",
        "pkg/use.py": "from .jobs import job, Job\njob.complete(messages=[])\nJob().embed(input=['x'])\n"
                      "from .missing import client\nclient.complete(messages=[])\n",
    })
    assert check(tmp_path) == set()


def test_import_cycles_and_reexports(tmp_path):
    write(tmp_path, {
        "pkg/__init__.py": "from .clients import chat\n",
        "pkg/clients.py": "from azure.ai.inference import ChatCompletionsClient\nfrom .a import X\n"
                          "chat = ChatCompletionsClient(endpoint=e, credential=c)\n",
        "pkg/a.py": "from .b import X\n# azure\n",
        "pkg/b.py": "from .a import X\n# azure\n",
        "pkg/star.py": "from .clients import *\nchat.complete(messages=[])\n",
        "use.py": "from pkg import chat\nchat.complete(messages=m)\n",
    })
    found = check(tmp_path)
    assert ("pkg/star.py", 2, "AOM103") in found
    assert ("use.py", 2, "AOM103") in found


def test_sdk_packages_are_never_project_modules(tmp_path):
    # a checkout of the SDK itself: `openai` names stay the SDK's
    write(tmp_path, {
        "openai/__init__.py": "from ._client import AzureOpenAI\n",
        "openai/_client.py": "class AzureOpenAI:\n    pass\n",
        "examples/demo.py": "from openai import AzureOpenAI\n"
                            'c = AzureOpenAI(azure_endpoint=e, api_key=k, api_version="2024-02-01")\n',
    })
    found = check(tmp_path)
    assert ("examples/demo.py", 2, "AOM401") in found


def test_engine_without_an_index_is_single_module(app):
    text = (app / "app" / "service.py").read_text()
    assert analyze_source(text, str(app / "app" / "service.py")) == []
    index = project.build([str(app / "app" / "service.py")])
    codes = [f.code for f in analyze_source(text, str(app / "app" / "service.py"), project=index, prefilter=False)]
    assert codes.count("AOM103") == 4


def test_a_module_importing_only_openai_sees_azure_through_project_imports(tmp_path):
    # service.py names no Azure word and imports `openai`: the rules that need Azure run there only
    # because a chain of project imports (middle.py, which names none either) reaches clients.py
    write(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/clients.py": "from openai import AzureOpenAI\nclient = AzureOpenAI(azure_endpoint=e, api_key=k)\n",
        "pkg/middle.py": "import openai\nfrom pkg.clients import (\n    client,\n)\n",
        "pkg/service.py": "import openai\nfrom .middle import client\n"
                          "for chunk in client.chat.completions.create(model='m', messages=m, stream=True):\n"
                          "    print(chunk.choices[0].delta.content)\n",
        "pkg/plain.py": "import openai\nfrom .helpers import fmt\nclient = openai.OpenAI()\n",
        "pkg/helpers.py": "import openai\ndef fmt(x):\n    return x\n",
    })
    index = project.build(sorted(str(p) for p in tmp_path.rglob("*.py")))
    service, plain = tmp_path / "pkg" / "service.py", tmp_path / "pkg" / "plain.py"
    assert index.reaches_azure(service.read_bytes(), str(service))
    assert not index.reaches_azure(plain.read_bytes(), str(plain))
    found = check(tmp_path)
    assert ("pkg/service.py", 3, "AOM801") in found
    assert not {f for f in found if f[0] in ("pkg/plain.py", "pkg/helpers.py")}


def test_image_embeddings_client_of_another_module_reads_endpoint_and_key_from_the_environment(tmp_path):
    """The REST functions replacing an image-embeddings client built in another module cannot
    write that module's `endpoint`/`credential` names here: they read the environment and the
    message says so (for embed() and get_model_info() alike)."""
    write(tmp_path, {
        "svc/__init__.py": "",
        "svc/clients.py": "from azure.ai.inference import ImageEmbeddingsClient\n"
                          "from azure.core.credentials import AzureKeyCredential\n"
                          "def make(endpoint, key):\n"
                          "    return ImageEmbeddingsClient(endpoint=endpoint, credential=AzureKeyCredential(key))\n",
        "svc/search.py": "from azure.ai.inference import ImageEmbeddingsClient\n"
                         "from .clients import make\n"
                         "def index(items):\n"
                         "    client = make(ENDPOINT, KEY)\n"
                         "    info = client.get_model_info()\n"
                         "    return info, client.embed(input=items)\n",
    })
    files = sorted(str(p) for p in tmp_path.rglob("*.py"))
    report = runner.check_paths(files, Config(root=tmp_path))
    found = {f.code: f for f in report.findings if f.path.endswith("search.py") and f.code in ("AOM603", "AOM605")}
    assert set(found) == {"AOM603", "AOM605"}
    for finding in found.values():
        assert 'os.environ["AZURE_INFERENCE_ENDPOINT"]' in finding.snippet
        assert "endpoint.rstrip" not in finding.snippet and "credential" not in finding.snippet.split("def ")[1].split("\n")[0]
        assert "read from AZURE_INFERENCE_ENDPOINT and AZURE_INFERENCE_CREDENTIAL" in finding.message
