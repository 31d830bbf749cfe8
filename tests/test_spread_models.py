"""Dicts spread into a migrated ``complete()`` / ``embed()`` call: what they mean for ``model`` (which
openai requires) and for the keys openai refuses (``model_extras``), said exactly when the module
shows how the dict is built, and as a requirement when it does not."""

from __future__ import annotations

import textwrap
import types

import pytest

import snippet_oracle
from test_snippet_classes import only, oracle, stub  # noqa: F401  (a fixture)

from aoai_migrate.model import Applicability

openai = pytest.importorskip("openai")


# a vector store's embedder: the deployment goes into the request options only when it is known
CONDITIONAL_MODEL = """\
from azure.ai.inference import EmbeddingsClient


class Embedder:
    def __init__(self, endpoint, credential, deployment=None):
        self._client = EmbeddingsClient(endpoint=endpoint, credential=credential)
        self.deployment = deployment

    @property
    def _request_options(self):
        options = {"dimensions": 256}
        if self.deployment:
            options["model"] = self.deployment
        return options

    def vectors(self, texts):
        return self._client.embed(input=texts, **self._request_options)
"""


def test_a_model_set_under_a_condition_is_named_with_its_condition(stub):
    finding = only(CONDITIONAL_MODEL, "AOM104")
    assert "`model` is required: `**self._request_options` holds it only when `self.deployment` (line 13)" in finding.message
    assert "may hold only OpenAI parameters" not in finding.message  # every key is visible
    assert finding.snippet == "self._client.embeddings.create(input=texts, **self._request_options)"
    assert finding.fix.applicability is Applicability.UNSAFE
    assert oracle(CONDITIONAL_MODEL, finding) == []
    # what the message says, run: with the deployment the request carries it, without it openai refuses
    client = openai.OpenAI(base_url=stub.base_url, api_key="k")
    known = types.SimpleNamespace(_client=client, _request_options={"dimensions": 256, "model": "emb-small"})
    eval(finding.snippet, {"self": known, "texts": ["a"]})
    assert stub.last.path.endswith("/openai/v1/embeddings") and stub.last.json["model"] == "emb-small"
    unknown = types.SimpleNamespace(_client=client, _request_options={"dimensions": 256})
    with pytest.raises(TypeError, match="model"):
        eval(finding.snippet, {"self": unknown, "texts": ["a"]})


def test_the_oracle_sees_a_conditional_model_the_message_does_not_name():
    finding = only(CONDITIONAL_MODEL, "AOM104")
    silent = type(finding)(**{**finding.__dict__, "message": "`self._client.embed()` is Azure AI Inference"})
    module = snippet_oracle.Module(textwrap.dedent(CONDITIONAL_MODEL))
    assert any("needs `model`" in str(p) for p in snippet_oracle.problems(silent, module))


# the request options of a chat wrapper: model_extras go into the dict, the model never
EXTRAS_HELPER = """\
from azure.ai.inference.aio import ChatCompletionsClient


class Chat:
    def __init__(self, endpoint, credential, extras=None):
        self.client = ChatCompletionsClient(endpoint, credential)
        self.extras = extras

    def _options(self, **overrides):
        options: dict = {"temperature": 0.2}
        if self.extras:
            options["model_extras"] = self.extras
        options.update(overrides)
        return options

    async def ask(self, messages):
        return await self.client.complete(messages=messages, **self._options())
"""


def test_model_extras_put_in_a_visible_dict_are_named_and_a_missing_model_gets_the_placeholder():
    finding = only(EXTRAS_HELPER, "AOM103")
    assert (
        "`**self._options()` must hold only OpenAI parameters: its `model_extras` (line 12, when "
        "`self.extras`) must become real arguments or go in `extra_body=`"
    ) in finding.message
    assert "`model` is required and `**self._options()` does not hold it" in finding.message
    assert 'model="<deployment-name>"' in finding.snippet
    assert oracle(EXTRAS_HELPER, finding) == []


def test_keys_merged_from_elsewhere_are_the_only_possible_source_of_model():
    source = EXTRAS_HELPER.replace("**self._options()", "**self._options(**kw)").replace(
        "async def ask(self, messages):", "async def ask(self, messages, **kw):"
    )
    finding = only(source, "AOM103")
    assert "`model` is required: `**self._options(**kw)` sets none itself, only `overrides` (merged at line 13) can hold it" in finding.message
    assert 'model="<deployment-name>"' not in finding.snippet
    assert oracle(source, finding) == []


def test_a_dict_the_module_does_not_show_must_hold_model():
    source = """\
    from azure.ai.inference import ChatCompletionsClient

    def ask(client: ChatCompletionsClient, messages, create_args):
        return client.complete(messages=messages, **create_args)
    """
    finding = only(source, "AOM103")
    assert "`model` is required: `**create_args` must hold it (your deployment name)" in finding.message
    assert oracle(source, finding) == []


def test_a_dict_that_always_holds_model_needs_no_model_note():
    source = """\
    from azure.ai.inference import ChatCompletionsClient

    def ask(client: ChatCompletionsClient, messages, deployment):
        options = {"model": deployment, "temperature": 0}
        return client.complete(messages=messages, **options)
    """
    finding = only(source, "AOM103")
    assert "`model` is required" not in finding.message
    assert 'model="<deployment-name>"' not in finding.snippet
    assert oracle(source, finding) == []


def test_a_name_bound_twice_is_not_read_as_one_dict():
    source = """\
    from azure.ai.inference import ChatCompletionsClient

    def ask(client: ChatCompletionsClient, messages, deployment, fast):
        options = {"temperature": 0}
        if fast:
            options = load_options()
        return client.complete(messages=messages, **options)
    """
    finding = only(source, "AOM103")
    assert "`**options` must hold it (your deployment name)" in finding.message
    assert 'model="<deployment-name>"' not in finding.snippet


def test_a_client_default_model_is_not_added_next_to_a_dict_that_holds_one():
    source = """\
    from azure.ai.inference import ChatCompletionsClient

    client = ChatCompletionsClient(endpoint, credential, model="gpt-4o-mini")

    def ask(messages, deployment):
        options = {"model": deployment}
        return client.complete(messages=messages, **options)
    """
    finding = only(source, "AOM103")
    assert "model=" not in finding.snippet and "**options" in finding.snippet
    assert oracle(source, finding) == []


def test_a_clients_model_goes_under_a_dict_that_sets_one_sometimes(stub):
    source = CONDITIONAL_MODEL.replace(
        "EmbeddingsClient(endpoint=endpoint, credential=credential)",
        'EmbeddingsClient(endpoint=endpoint, credential=credential, model="emb-small")',
    )
    finding = only(source, "AOM104")
    assert "`model` is required" not in finding.message
    # the dict's model wins over the client's, as the call's keywords did on Inference
    assert '**{"model": "emb-small", **self._request_options}' in finding.snippet
    assert 'model="emb-small"' not in finding.snippet
    assert oracle(source, finding) == []
    client = openai.OpenAI(base_url=stub.base_url, api_key="k")
    for options, sent in (({"model": "emb-large"}, "emb-large"), ({}, "emb-small")):
        eval(finding.snippet, {"self": types.SimpleNamespace(_client=client, _request_options=options), "texts": ["a"]})
        assert stub.last.json["model"] == sent
