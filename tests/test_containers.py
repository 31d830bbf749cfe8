"""Clients held in containers and on other objects, and the one missing-model policy."""

import pytest

from conftest import run
from test_semantics import CHAT, resolve

HEAD = "import functools\nfrom azure.ai.inference import ChatCompletionsClient\n"


def instances(source):
    return {v.name for v in resolve(HEAD + source) if v.kind == "instance"}


@pytest.mark.parametrize(
    "source",
    [
        "CLIENTS = {'chat': ChatCompletionsClient(e, c)}\nTARGET = CLIENTS['chat']\n",
        "CLIENTS = {}\nCLIENTS['chat'] = ChatCompletionsClient(e, c)\nTARGET = CLIENTS['chat']\n",
        "CLIENTS = {}\nCLIENTS['chat'] = ChatCompletionsClient(e, c)\ndef f(name):\n    TARGET = CLIENTS[name]\n",
        "CLIENTS = {'chat': ChatCompletionsClient(e, c)}\nTARGET = CLIENTS.get('chat')\n",
        "CLIENTS: dict[str, ChatCompletionsClient] = {}\nTARGET = CLIENTS['x']\n",
        "class S: pass\napp = S()\napp.state = S()\n"
        "def startup():\n    app.state.chat = ChatCompletionsClient(e, c)\n"
        "def handler():\n    TARGET = app.state.chat\n",
        "make = functools.partial(ChatCompletionsClient, endpoint=e)\nTARGET = make(credential=c)\n",
        "class Holder:\n    def __init__(self):\n        self.clients = {'chat': ChatCompletionsClient(e, c)}\n"
        "    def run(self):\n        TARGET = self.clients['chat']\n",
        "from fastapi import FastAPI, Request\n"
        "async def lifespan(app: FastAPI):\n    app.state.chat = ChatCompletionsClient(e, c)\n"
        "async def handler(request: Request):\n    TARGET = request.app.state.chat\n",
        "from flask import g\ndef before():\n    g.chat = ChatCompletionsClient(e, c)\ndef view():\n    TARGET = g.chat\n",
        "CLIENTS = {'a': ChatCompletionsClient(e, c)}\nfor client in CLIENTS.values():\n    TARGET = client\n",
        "CLIENTS = [ChatCompletionsClient(e, c)]\nTARGET = CLIENTS[0]\n",
        "CLIENTS = (ChatCompletionsClient(e, c),)\nfor client in CLIENTS:\n    TARGET = client\n",
    ],
    ids=[
        "dict-literal", "item-store", "unknown-key", "get", "annotation", "object-attribute", "partial",
        "self-dict", "asgi-state", "imported-object", "dict-values", "list-index", "tuple-loop",
    ],
)
def test_clients_in_containers_resolve(source):
    assert instances(source) == {CHAT}


@pytest.mark.parametrize(
    "source",
    [
        # another key of the same dict
        "CLIENTS = {'chat': ChatCompletionsClient(e, c), 'jobs': queue}\nTARGET = CLIENTS['jobs']\n",
        "CLIENTS = {}\nCLIENTS['chat'] = ChatCompletionsClient(e, c)\nTARGET = CLIENTS['jobs']\n",
        # another object with the same attribute path
        "app = make_app()\nother = make_app()\napp.state.chat = ChatCompletionsClient(e, c)\nTARGET = other.state.chat\n",
        # a local of another function with the same name
        "def f():\n    app = make()\n    app.chat = ChatCompletionsClient(e, c)\n"
        "def g():\n    app = make()\n    TARGET = app.chat\n",
        # a partial of something else
        "make = functools.partial(print, end='')\nTARGET = make('x')\n",
        # environment variables are not modelled as stores
        "import os\nos.environ['CLIENT'] = 'x'\nTARGET = os.environ['CLIENT']\n",
        # the state of something that is not an ASGI application
        "async def setup(worker):\n    worker.state.chat = ChatCompletionsClient(e, c)\n"
        "async def handler(request):\n    TARGET = request.app.state.chat\n",
        # iterating a dict gives its keys
        "CLIENTS = {'a': ChatCompletionsClient(e, c)}\nfor name in CLIENTS:\n    TARGET = name\n",
    ],
    ids=["other-key", "other-stored-key", "other-object", "other-function", "other-partial", "environ", "non-asgi-state", "dict-keys"],
)
def test_lookalikes_do_not_resolve(source):
    assert not instances(source)


def test_environment_store_is_not_a_string_constant():
    values = resolve("import os\nos.environ['V'] = '2024-02-01'\nTARGET = os.environ['V']\n")
    assert not values


def _findings(source, code):
    return [f for f in run(HEAD + source) if f.code == code]


def test_partial_keywords_count_as_client_defaults():
    source = "make = functools.partial(ChatCompletionsClient, model='gpt-4o')\nmake(e, c).complete(messages=m)\n"
    assert not _findings(source, "AOM501")
    (call,) = _findings(source, "AOM103")
    assert call.snippet == "make(e, c).chat.completions.create(model='gpt-4o', messages=m)"


@pytest.mark.parametrize(
    "source, reason",
    [
        ("def f(client: ChatCompletionsClient):\n    client.complete(messages=m)\n", "cannot see it"),
        ("client = ChatCompletionsClient(e, c, **opts)\nclient.complete(messages=m)\n", "unpacked arguments"),
        ("client = ChatCompletionsClient(e, c, model='x')\nclient.complete({'messages': m})\n", "request dict"),
        ("client = ChatCompletionsClient(e, c)\nclient.complete(messages=m)\n", "neither does its client"),
    ],
)
def test_one_missing_model_policy(source, reason):
    (finding,) = _findings(source, "AOM501")
    assert reason in finding.message
    assert 'model="<deployment-name>"' in finding.snippet


@pytest.mark.parametrize(
    "source",
    [
        "def f(client: ChatCompletionsClient, **kw):\n    client.complete(messages=m, **kw)\n",
        "def f(client: ChatCompletionsClient):\n    client.complete(body)\n",
        "def f(client: ChatCompletionsClient):\n    client.complete({**base, 'messages': m})\n",
        "client = ChatCompletionsClient(e, c, model=deployment)\nclient.complete(messages=m)\n",
    ],
)
def test_calls_that_may_carry_a_model_stay_silent(source):
    assert not _findings(source, "AOM501")


def test_deployment_url_becomes_the_model():
    source = (
        "client = ChatCompletionsClient('https://res.openai.azure.com/openai/deployments/gpt-4o-mini', c)\n"
        "client.complete(messages=m)\n"
    )
    (finding,) = _findings(source, "AOM501")
    assert '"gpt-4o-mini"' in finding.message
    assert finding.snippet == 'client.chat.completions.create(model="gpt-4o-mini", messages=m)'
    (call,) = _findings(source, "AOM103")
    assert call.snippet == finding.snippet
    (client,) = _findings(source, "AOM102")
    assert "/openai/v1/" in client.snippet


def test_comprehension_over_a_registry():
    source = (
        "CLIENTS = {'a': ChatCompletionsClient(e, c, model='m')}\n"
        "answers = [client.complete(messages=m) for client in CLIENTS.values()]\n"
        "names = [name.complete(messages=m) for name in CLIENTS]\n"
    )
    assert [(f.line, f.code) for f in run(HEAD + source) if f.code.startswith("AOM1")] == [(2, "AOM101"), (3, "AOM102"), (4, "AOM103")]
