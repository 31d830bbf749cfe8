"""Clients built in another module of the project carry what the rules need about them (their
per-call defaults, endpoint, credential, sync or async), and constants of settings modules that
mention no SDK are read: the call's finding and snippet are the ones the same code gets in one
module (``aoai_migrate.foreign``, ``ProjectIndex.semantics``)."""

from __future__ import annotations

import json
import textwrap

import pytest
from pylint.lint import Run
from pylint.reporters import CollectingReporter

from aoai_migrate import project, registry, runner
from aoai_migrate.config import Config
from aoai_migrate.engine import analyze_source


def write(root, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")


def findings(root, *names: str, project: bool = True) -> dict[tuple[str, int, str], object]:
    files = [str(root / n) for n in names] if names else sorted(str(p) for p in root.rglob("*.py"))
    report = runner.check_paths(files, Config(root=root), project=project)
    assert not report.errors
    out = {}
    for f in report.findings:
        key = (root.joinpath(f.path).relative_to(root).as_posix() if not f.path.startswith("/") else
               __import__("pathlib").Path(f.path).relative_to(root).as_posix(), f.line, f.code)
        out[key] = f
    return out


# no word of the prefilter (azure, openai, api_version, inference...): read only because the
# modules that use its constants import them
SETTINGS = """\
    import os

    DEPLOYMENT = "gpt-4o"
    EMBEDDINGS = "text-embedding-3-small"
    CHAT_VERSION = "2024-10-21"
    ENDPOINT = os.environ["CHAT_ENDPOINT"]
    TEMPERATURE = float(os.environ.get("TEMPERATURE", "0"))


    class Limits:
        tokens = 100
    """

CLIENTS = """\
    import os

    from azure.ai.inference import ChatCompletionsClient, EmbeddingsClient
    from azure.ai.inference.aio import ChatCompletionsClient as AsyncChatCompletionsClient
    from azure.core.credentials import AzureKeyCredential

    from .settings import DEPLOYMENT, EMBEDDINGS, ENDPOINT, TEMPERATURE

    chat = ChatCompletionsClient(
        endpoint=ENDPOINT,
        credential=AzureKeyCredential(os.environ["CHAT_KEY"]),
        model="gpt-4o-mini",
        temperature=0.2,
        model_extras={"safe_mode": True},
    )
    named = ChatCompletionsClient(endpoint=ENDPOINT, credential=AzureKeyCredential(os.environ["CHAT_KEY"]), model=DEPLOYMENT)
    warm = ChatCompletionsClient(endpoint=ENDPOINT, credential=AzureKeyCredential(os.environ["CHAT_KEY"]),
                                 model=DEPLOYMENT, temperature=TEMPERATURE)
    bare = ChatCompletionsClient(endpoint=ENDPOINT, credential=AzureKeyCredential(os.environ["CHAT_KEY"]))
    routed = ChatCompletionsClient(
        "https://res.openai.azure.com/openai/deployments/gpt-4o-deploy", AzureKeyCredential(os.environ["CHAT_KEY"])
    )
    async_chat = AsyncChatCompletionsClient(endpoint=ENDPOINT, credential=AzureKeyCredential(os.environ["CHAT_KEY"]),
                                            model="gpt-4o-mini")


    def make_embedder():
        return EmbeddingsClient(endpoint=ENDPOINT, credential=AzureKeyCredential(os.environ["CHAT_KEY"]),
                                model=EMBEDDINGS, dimensions=256)


    def make_chat(model):
        return ChatCompletionsClient(endpoint=ENDPOINT, credential=AzureKeyCredential(os.environ["CHAT_KEY"]), model=model)


    class Assistant:
        def __init__(self):
            self.client = ChatCompletionsClient(endpoint=ENDPOINT, credential=AzureKeyCredential(os.environ["CHAT_KEY"]),
                                                model=DEPLOYMENT)
    """

SERVICE = """\
    from .clients import Assistant, async_chat, bare, chat, make_chat, make_embedder, named, routed, warm
    from .settings import DEPLOYMENT


    def ask(q):
        return chat.complete(messages=[{"role": "user", "content": q}])


    def ask_named(q):
        return named.complete(messages=[{"role": "user", "content": q}])


    def ask_warm(q):
        return warm.complete(messages=[{"role": "user", "content": q}])


    def ask_bare(q):
        return bare.complete(messages=[{"role": "user", "content": q}])


    def ask_routed(q):
        return routed.complete(messages=[{"role": "user", "content": q}])


    async def ask_async(q):
        return await async_chat.complete(messages=[{"role": "user", "content": q}])


    def vectors(texts):
        return make_embedder().embed(input=texts)


    def ask_made(q):
        return make_chat("gpt-4o").complete(messages=[{"role": "user", "content": q}])


    class Support(Assistant):
        def answer(self, q):
            return self.client.complete(messages=[{"role": "user", "content": q}])
    """

# the same assistant, used from a module that does not import DEPLOYMENT
OTHER = """\
    from .clients import Assistant


    class Helpdesk(Assistant):
        def answer(self, q):
            return self.client.complete(messages=[{"role": "user", "content": q}])
    """


@pytest.fixture
def app(tmp_path):
    write(tmp_path, {"app/__init__.py": "", "app/settings.py": SETTINGS, "app/clients.py": CLIENTS,
                     "app/service.py": SERVICE, "app/other.py": OTHER})
    return tmp_path


def _at(found, path, line, code):
    return found[(f"app/{path}", line, code)]


def test_defaults_of_an_imported_client_move_into_the_call(app):
    found = findings(app, "app/service.py")
    call = _at(found, "service.py", 6, "AOM103")
    assert call.snippet == (
        "chat.chat.completions.create(\n"
        '        model="gpt-4o-mini",\n'
        '        messages=[{"role": "user", "content": q}],\n'
        "        temperature=0.2,\n"
        '        extra_body={"safe_mode": True},\n'
        "    )"
    )
    assert "temperature, model_extras" in call.message
    assert ("app/service.py", 6, "AOM501") not in found  # the client has a model


def test_the_call_reads_as_if_the_client_were_built_in_its_module(app):
    # the single-module twin: clients.py and the call in one file
    clients = textwrap.dedent(CLIENTS).replace("from .settings import", "from app.settings import")
    merged = clients + "\n\ndef ask(q):\n    return chat.complete(messages=[{\"role\": \"user\", \"content\": q}])\n"
    index = project.build([str(app / "app" / "service.py")])
    alone = [f for f in analyze_source(merged, str(app / "app" / "merged.py"), project=index) if f.code == "AOM103"]
    across = _at(findings(app, "app/service.py"), "service.py", 6, "AOM103")
    (twin,) = alone
    assert (twin.message, twin.snippet) == (across.message, across.snippet)


def test_a_constant_default_is_written_as_the_module_writes_it(app):
    found = findings(app)
    # service.py imports DEPLOYMENT too: the snippet keeps the name
    assert 'model=DEPLOYMENT,' in _at(found, "service.py", 10, "AOM103").snippet
    assert 'model=DEPLOYMENT,' in _at(found, "service.py", 39, "AOM103").snippet  # a base class's self.client
    # other.py does not: the name would not be bound there, its value is
    assert 'model="gpt-4o",' in _at(found, "other.py", 6, "AOM103").snippet
    assert not {k for k in found if k[2] == "AOM501" and k[1] in (10, 39) or k[:2] == ("app/other.py", 6)
                and k[2] == "AOM501"}


def test_a_default_that_means_nothing_here_stays_on_the_client(app):
    found = findings(app, "app/service.py")
    warm = _at(found, "service.py", 14, "AOM103")
    assert "TEMPERATURE" not in warm.snippet and "temperature" in warm.message
    assert "model=DEPLOYMENT," in warm.snippet
    # a factory's parameter: `model` is set, but only on the client, and cannot be written here
    made = _at(found, "service.py", 34, "AOM103")
    assert "model=model" not in made.snippet and '"<deployment-name>"' in made.snippet
    assert "pass the client's model on this call too" in made.message
    assert ("app/service.py", 34, "AOM501") not in found  # the client sets a model, as in one module


def test_missing_model_with_imported_clients(app):
    found = findings(app, "app/service.py")
    bare = _at(found, "service.py", 18, "AOM501")
    assert "neither does its client" in bare.message
    routed = _at(found, "service.py", 22, "AOM501")
    assert "gpt-4o-deploy" in routed.message and 'model="gpt-4o-deploy",' in routed.snippet


def test_async_and_factory_clients(app):
    found = findings(app, "app/service.py")
    assert 'model="gpt-4o-mini",' in _at(found, "service.py", 26, "AOM103").snippet
    embed = _at(found, "service.py", 30, "AOM104").snippet
    assert "model=EMBEDDINGS" not in embed and 'model="text-embedding-3-small",' in embed and "dimensions=256" in embed
    assert not {k for k in found if k[2] == "AOM501" and k[1] in (26, 30)}


def test_the_credential_of_an_imported_client_is_known(app):
    from aoai_migrate.engine import parse
    from aoai_migrate.semantics import Semantics

    index = project.build([str(app / "app" / "service.py")])
    tree, _ = parse((app / "app" / "service.py").read_bytes())
    sem = Semantics(tree, (), project=index, module="app.service", root=str(app))
    import ast

    call = next(n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "attr", "") == "complete")
    (chat,) = [v for v in sem.infer(call.func.value, sem.module) if v.kind == "instance"]
    assert chat.name == "azure.ai.inference.ChatCompletionsClient"
    credential = next(kw.value for kw in chat.node.keywords if kw.arg == "credential")
    assert [v.name for v in sem.infer(credential, sem.module) if v.kind == "instance"] == [
        "azure.core.credentials.AzureKeyCredential"
    ]
    # no position of clients.py leaks into service.py
    assert not hasattr(chat.node, "lineno") and chat.node.carried_from[0] == "app.clients"


def test_each_file_alone_keeps_the_old_view(app):
    found = findings(app, "app/service.py", project=False)
    assert found == {}


SETTINGS_USERS = {
    "svc/__init__.py": "",
    "svc/settings.py": SETTINGS,
    "svc/main.py": """\
        import os

        from openai import AzureOpenAI

        from . import settings
        from .settings import DEPLOYMENT, ENDPOINT

        client = AzureOpenAI(azure_endpoint=settings.ENDPOINT, api_key=os.environ["KEY"], api_version=settings.CHAT_VERSION)
        other = AzureOpenAI(azure_endpoint=ENDPOINT, api_key=os.environ["KEY"], api_version=settings.CHAT_VERSION,
                            azure_deployment=DEPLOYMENT)


        def ask(q):
            return other.chat.completions.create(messages=[{"role": "user", "content": q}])
        """,
}


def test_constants_of_a_settings_module_without_trigger_words(tmp_path):
    write(tmp_path, SETTINGS_USERS)
    found = {(k[0].replace("svc/", ""), k[1], k[2]): f for k, f in findings(tmp_path, "svc/main.py").items()}
    # reported where the constant is used, as in one module, naming the constant and its value
    version = found[("main.py", 8, "AOM401")]
    assert "`settings.CHAT_VERSION` (= \"2024-10-21\")" in version.message
    assert ("main.py", 9, "AOM401") in found
    # the snippets use the user's own names
    assert "settings.ENDPOINT.rstrip" in found[("main.py", 8, "AOM301")].snippet
    assert "model=DEPLOYMENT," in found[("main.py", 14, "AOM502")].snippet
    alone = findings(tmp_path, "svc/main.py", project=False)
    assert not {k for k in alone if k[2] == "AOM401"}


def test_only_constants_are_read_from_modules_without_trigger_words(tmp_path):
    write(tmp_path, SETTINGS_USERS)
    index = project.build([str(tmp_path / "svc" / "main.py")])
    assert index.semantics("svc.settings", str(tmp_path), "Limits") is None  # a class: not parsed
    assert index.semantics("svc.settings", str(tmp_path), "nothing") is None
    sem = index.semantics("svc.settings", str(tmp_path), "CHAT_VERSION")
    assert sem is not None and [v.name for v in sem.export("CHAT_VERSION")] == ["2024-10-21"]
    assert project._assigns(b"A = B: int = 1\nX: str = 'v'\n", "X")
    assert project._assigns(b"A = X = 'v'\n", "X")
    assert project._assigns(b"X = os.environ['X']\n", "X") and project._assigns(b"X = os.getenv('X', 'v')\n", "X")
    assert not project._assigns(b"X == 'v'\nclass X: pass\ndef X(): pass\n", "X")
    assert not project._assigns(b"X = 1\nX = Symbol('x')\n", "X")  # not what a client takes
    assert not project._assigns(b"    X = 1\n", "X")  # not at module level


def test_pylint_agrees_with_check_across_modules(app):
    codes = {rule.pylint_msgid(): rule.code for rule in registry.all_rules()}
    reporter = CollectingReporter()
    Run(["--load-plugins=aoai_migrate.pylint_plugin", "--disable=all", "--enable=aoai-migrate",
         "--persistent=n", "--score=n", str(app / "app")], reporter=reporter, exit=False)
    by_pylint = {(f"app/{m.path.rsplit('/', 1)[-1]}", m.line, codes[m.msg_id]) for m in reporter.messages}
    assert by_pylint == set(findings(app))


def test_cli_json_carries_the_imported_default(app, capsys):
    from aoai_migrate.cli import main

    main(["check", str(app / "app" / "service.py"), "--format", "json"])
    rows = json.loads(capsys.readouterr().out)
    fix = next(r for r in rows if r["line"] == 6 and r["code"] == "AOM103")["fix"]
    assert 'model="gpt-4o-mini"' in fix["edits"][0]["content"]


def test_flake8_sees_each_module_alone(app):
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-m", "flake8", "--isolated", "--select=AOM", "-j", "1", str(app / "app")],
        capture_output=True, text=True, cwd=app,
    )
    assert "Traceback" not in out.stderr
    by_flake8 = set()
    for line in out.stdout.splitlines():
        path, lineno, _col, rest = line.split(":", 3)
        by_flake8.add((f"app/{path.rsplit('/', 1)[-1]}", int(lineno), rest.split()[0]))
    # what each module shows alone (the clients), none of the calls on imported clients
    assert by_flake8 == set(findings(app, project=False))
    assert not {k for k in by_flake8 if k[0] in ("app/service.py", "app/other.py")}
    assert {k for k in findings(app) if k[0] == "app/service.py"}


def test_partials_and_cached_factories_of_another_module(tmp_path):
    write(tmp_path, {
        "app/__init__.py": "",
        "app/clients.py": """\
            import functools
            import os

            from azure.ai.inference import ChatCompletionsClient
            from azure.core.credentials import AzureKeyCredential

            make_chat = functools.partial(ChatCompletionsClient, model="gpt-4o", temperature=0)


            @functools.lru_cache
            def cached():
                return ChatCompletionsClient(endpoint=os.environ["E"], credential=AzureKeyCredential(os.environ["K"]),
                                             model="gpt-4o-mini")
            """,
        "app/service.py": """\
            import os

            from .clients import cached, make_chat


            def ask(q, credential):
                client = make_chat(endpoint=os.environ["E"], credential=credential)
                return client.complete(messages=[{"role": "user", "content": q}])


            def ask_cached(q):
                return cached().complete(messages=[{"role": "user", "content": q}])
            """,
    })
    found = findings(tmp_path, "app/service.py")
    partial = found[("app/service.py", 8, "AOM103")].snippet
    assert 'model="gpt-4o",' in partial and "temperature=0," in partial
    assert 'model="gpt-4o-mini",' in found[("app/service.py", 12, "AOM103")].snippet
    assert not {k for k in found if k[2] == "AOM501"}


def test_self_attributes_of_a_base_class_of_another_module(tmp_path):
    write(tmp_path, {
        "app/__init__.py": "",
        "app/base.py": """\
            import os

            from azure.ai.inference import ChatCompletionsClient
            from azure.core.credentials import AzureKeyCredential


            class Base:
                def __init__(self, model_name):
                    self.model_name = model_name
                    self.client = ChatCompletionsClient(endpoint=os.environ["E"], credential=AzureKeyCredential(os.environ["K"]),
                                                        model=self.model_name)
            """,
        "app/bot.py": """\
            from .base import Base


            class Bot(Base):
                def ask(self, q):
                    return self.client.complete(messages=[{"role": "user", "content": q}])


            class Other:
                def ask(self, bot: Bot, q):
                    return bot.client.complete(messages=[{"role": "user", "content": q}])
            """,
    })
    found = findings(tmp_path, "app/bot.py")
    # a subclass's self is the base class's: its model_name is inherited
    assert "model=self.model_name," in found[("app/bot.py", 6, "AOM103")].snippet
    # another class's self is not
    other = found[("app/bot.py", 11, "AOM103")]
    assert "self.model_name" not in other.snippet and '"<deployment-name>"' in other.snippet
    assert "pass the client's model on this call too" in other.message
    assert not {k for k in found if k[2] == "AOM501"}


def test_image_embeddings_rest_helpers_write_no_name_of_the_other_module(tmp_path):
    """An image-embeddings client has no OpenAI counterpart: the REST helper reading its GET /info
    is built from the constructor only when the constructor is written in this module; the
    arguments of another module's constructor (`endpoint`, `credential` of its method) are no
    names here."""
    import snippet_oracle

    write(tmp_path, {
        "vision/__init__.py": "",
        "vision/base.py": """\
            from azure.ai.inference import ImageEmbeddingsClient


            class Base:
                def make_client(self, endpoint, credential):
                    return ImageEmbeddingsClient(endpoint=endpoint, credential=credential)
            """,
        "vision/use.py": """\
            from .base import Base


            class Checks(Base):
                def run(self, url, key):
                    client = self.make_client(url, key)
                    info = client.get_model_info()
                    return info
            """,
    })
    found = findings(tmp_path, "vision/use.py")
    shown = {code for (_, _, code) in found}
    assert "AOM605" in shown, shown
    source = (tmp_path / "vision/use.py").read_text()
    problems = snippet_oracle.check_findings(list(found.values()), source)
    assert problems == [], [f"{f.code}: {p}" for f, p in problems]


# every kind of client, built with names that exist only in this module (and a literal or two)
NAMES_HERE_ONLY = """\
    import os

    from azure.ai.inference import ChatCompletionsClient, EmbeddingsClient, ImageEmbeddingsClient
    from azure.ai.inference.aio import ChatCompletionsClient as AsyncChat
    from azure.core.credentials import AzureKeyCredential
    from azure.identity import DefaultAzureCredential
    from openai import AzureOpenAI

    _HIDDEN_ENDPOINT = os.environ["HIDDEN_ENDPOINT"]
    _HIDDEN_KEY = AzureKeyCredential(os.environ["HIDDEN_KEY"])
    _hidden_token = DefaultAzureCredential()
    _HIDDEN_MODEL = os.environ["HIDDEN_MODEL"]
    _HIDDEN_TEMPERATURE = float(os.environ["HIDDEN_TEMPERATURE"])

    chat = ChatCompletionsClient(_HIDDEN_ENDPOINT, _HIDDEN_KEY, model=_HIDDEN_MODEL, temperature=_HIDDEN_TEMPERATURE,
                                 headers={"x-hidden": _HIDDEN_MODEL})
    token_chat = ChatCompletionsClient(endpoint=_HIDDEN_ENDPOINT, credential=_hidden_token,
                                       credential_scopes=["https://cognitiveservices.azure.com/.default"])
    async_chat = AsyncChat(endpoint=_HIDDEN_ENDPOINT, credential=_HIDDEN_KEY, model="gpt-4o")
    embedder = EmbeddingsClient(endpoint=_HIDDEN_ENDPOINT, credential=_HIDDEN_KEY, dimensions=_HIDDEN_TEMPERATURE)
    images = ImageEmbeddingsClient(endpoint=_HIDDEN_ENDPOINT, credential=_HIDDEN_KEY)
    legacy = AzureOpenAI(azure_endpoint=_HIDDEN_ENDPOINT, api_key=os.environ["HIDDEN_KEY"], api_version="2024-02-01",
                         azure_deployment=_HIDDEN_MODEL)
    """

USES_THEM = """\
    from azure.core.exceptions import HttpResponseError

    from .hidden import async_chat, chat, embedder, images, legacy, token_chat


    def run(q, picture):
        try:
            answer = chat.complete(messages=[{"role": "user", "content": q}])
        except HttpResponseError as error:
            if error.status_code == 429:
                raise
        for update in token_chat.complete(messages=[{"role": "user", "content": q}], stream=True):
            print(update.choices[0].delta.content)
        info = chat.get_model_info()
        vectors = embedder.embed(input=[q])
        pictures = images.embed(input=[picture])
        info2 = images.get_model_info()
        legacy.chat.completions.create(messages=[{"role": "user", "content": q}])
        legacy.responses.create(input=q)
        return answer.as_dict(), info, vectors, pictures, info2


    async def run_async(q):
        return await async_chat.complete(messages=[{"role": "user", "content": q}])
    """


def test_no_name_of_another_module_leaks_into_a_snippet(tmp_path):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent))
    import snippet_oracle

    write(tmp_path, {"app/__init__.py": "", "app/hidden.py": NAMES_HERE_ONLY, "app/use.py": USES_THEM})
    found = [f for k, f in findings(tmp_path, "app/use.py").items()]
    # image embeddings of a client built elsewhere, the pinned version of another module's AzureOpenAI
    assert {f.code for f in found} >= {"AOM103", "AOM104", "AOM602", "AOM603", "AOM605", "AOM701", "AOM801"}
    for f in found:
        assert "_HIDDEN" not in (f.snippet or "") and "_hidden" not in (f.snippet or ""), (f.code, f.snippet)
        for edit in (f.fix.edits if f.fix else ()):
            assert "_HIDDEN" not in edit.text and "_hidden" not in edit.text, (f.code, edit.text)
    text = (tmp_path / "app" / "use.py").read_text()
    # no unbound name, no wrong signature; the client's model=_HIDDEN_MODEL cannot be written
    # here, which AOM103 says ("pass the client's model on this call too"), as in one module
    problems = [(f.code, p) for f, p in snippet_oracle.check_findings(found, text)]
    assert [(code, p.kind) for code, p in problems] == [("AOM103", "lost")]
    assert "pass the client's model" in next(f.message for f in found if f.code == "AOM103" and "chat.chat." in f.snippet)
    # what can be said is said: the literal model of the async client moves into its call
    (async_call,) = [f for f in found if f.code == "AOM103" and "await" not in f.snippet and "async_chat" in f.snippet]
    assert 'model="gpt-4o",' in async_call.snippet
