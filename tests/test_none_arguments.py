"""Arguments that may be ``None`` carried from Inference calls into OpenAI calls.

Inference leaves a ``None`` keyword out of the request; openai sends it as ``null``, which most
of its parameters refuse. The migrated call leaves a literal ``None`` out, writes ``omit`` in a
conditional's ``None`` branch (imported from openai), keeps ``None`` where the parameter takes
it, and sends no ``null`` in ``extra_body``.
"""

from __future__ import annotations

import ast
import textwrap
import types

import pytest

import snippet_oracle
from http_stub import AzureV1Stub
from aoai_migrate.engine import analyze_source
from aoai_migrate.render import nulls

HEAD = textwrap.dedent(
    """\
    from azure.ai.inference import ChatCompletionsClient, EmbeddingsClient
    from azure.core.credentials import AzureKeyCredential

    embedder = EmbeddingsClient(endpoint="https://x.services.ai.azure.com/models", credential=AzureKeyCredential("k"))
    chat = ChatCompletionsClient(endpoint="https://x.services.ai.azure.com/models", credential=AzureKeyCredential("k"))
    """
)


def _finding(body: str, code: str):
    source = HEAD + textwrap.dedent(body)
    found = [f for f in analyze_source(source, "m.py") if f.code == code]
    assert len(found) == 1, found
    return found[0], source


def _call(snippet: str) -> ast.Call:
    tree = ast.parse(snippet)
    return next(n for n in ast.walk(tree) if isinstance(n, ast.Call) and ast.unparse(n.func).endswith(".create"))


def _keywords(snippet: str) -> dict[str, str]:
    return {k.arg: ast.unparse(k.value) for k in _call(snippet).keywords if k.arg}


def test_embed_conditional_dimensions_gets_omit_and_the_import():
    finding, source = _finding(
        """\
        def run(texts, settings=None):
            return embedder.embed(input=texts, model="e", dimensions=settings.size if settings else None)
        """,
        "AOM104",
    )
    assert _keywords(finding.snippet)["dimensions"] == "settings.size if settings else omit"
    assert "from openai import omit" in finding.snippet
    assert "from openai import omit" in finding.fix.imports
    assert snippet_oracle.problems(finding, source) == []


def test_a_literal_none_is_left_out_where_the_parameter_refuses_it():
    finding, _ = _finding('vectors = embedder.embed(input=["a"], model="e", encoding_format=None, dimensions=None)\n', "AOM104")
    keywords = _keywords(finding.snippet)
    assert "encoding_format" not in keywords and "dimensions" not in keywords
    assert "omit" not in finding.snippet


def test_none_in_the_first_branch_and_nested_conditionals():
    finding, _ = _finding(
        'def run(t, a, b):\n    return embedder.embed(input=t, model="e", dimensions=None if a else (b if b > 1 else None))\n',
        "AOM104",
    )
    assert _keywords(finding.snippet)["dimensions"] == "omit if a else b if b > 1 else omit"


def test_parameters_that_take_none_keep_it():
    finding, _ = _finding(
        'def run(m, t=None, tools=None):\n'
        '    return chat.complete(model="c", messages=m, temperature=t if t else None, seed=None, tools=tools if tools else None)\n',
        "AOM103",
    )
    keywords = _keywords(finding.snippet)
    assert keywords["temperature"] == "t if t else None"  # Optional[float] | Omit: null is fine
    assert keywords["seed"] == "None"
    assert keywords["tools"] == "tools if tools else omit"  # Iterable[...] | Omit: no None


def test_a_value_without_a_none_branch_is_kept_as_written():
    finding, _ = _finding('def run(t, n):\n    return embedder.embed(input=t, model="e", dimensions=n if n else 256)\n', "AOM104")
    assert _keywords(finding.snippet)["dimensions"] == "n if n else 256"
    assert "omit" not in finding.snippet


def test_extra_body_entries_send_no_null():
    finding, source = _finding(
        'def run(t, kind=None):\n    return embedder.embed(input=t, model="e", input_type=kind if kind else None)\n',
        "AOM104",
    )
    assert _keywords(finding.snippet)["extra_body"] == "{'input_type': kind} if kind else {}"
    assert snippet_oracle.problems(finding, source) == []
    finding, _ = _finding(
        'def run(t, kind):\n    return embedder.embed(input=t, model="e", input_type=None, model_extras={"truncate": kind, "extra": None})\n',
        "AOM104",
    )
    assert _keywords(finding.snippet)["extra_body"] == "{'truncate': kind}"


def test_omit_already_imported_is_not_imported_again():
    source = "from openai import omit\n" + HEAD + 'def run(t, d=None):\n    return embedder.embed(input=t, model="e", dimensions=d if d else None)\n'
    finding = next(f for f in analyze_source(source, "m.py") if f.code == "AOM104")
    assert "import" not in finding.snippet
    assert not finding.fix.imports


def test_the_table_matches_the_installed_annotations():
    for path, names in nulls.NOT_NULLABLE.items():
        assert snippet_oracle.not_nullable(tuple(path.split(".")), False) == names, path
    refused = snippet_oracle.not_nullable(("embeddings", "create"), False)
    assert "dimensions" in refused and "extra_body" not in refused  # object | None


def test_the_migrated_call_sends_no_null_to_the_stub():
    """The rendered call, executed with the real openai package against the 127.0.0.1 stub:
    with no settings nothing is sent for ``dimensions`` / ``input_type``, with settings their values."""
    import openai

    finding, _ = _finding(
        'def run(texts, settings=None):\n'
        '    return embedder.embed(input=texts, model="e", dimensions=settings.size if settings else None,'
        ' input_type=settings.kind if settings else None)\n',
        "AOM104",
    )
    call = ast.unparse(_call(finding.snippet)).replace("embedder.", "client.", 1)
    with AzureV1Stub() as stub:
        client = openai.OpenAI(base_url=stub.base_url, api_key="k")
        for settings, expected in ((None, {}), (types.SimpleNamespace(size=8, kind="query"), {"dimensions": 8, "input_type": "query"})):
            eval(call, {"client": client, "omit": openai.omit, "texts": ["a"], "settings": settings})  # noqa: S307
            body = stub.last.json
            assert {k: body[k] for k in ("dimensions", "input_type") if k in body} == expected
        assert not stub.failures


@pytest.mark.parametrize(
    "snippet",
    [
        'client.embeddings.create(model="e", input=["a"], dimensions=None)',
        'client.embeddings.create(model="e", input=["a"], dimensions=s.n if s else None)',
        'client.chat.completions.create(model="m", messages=[], tools=t if t else None)',
        'client.embeddings.create(model="e", input=["a"], extra_body={"input_type": k if k else None})',
    ],
)
def test_the_oracle_rejects_null_where_the_parameter_refuses_it(snippet):
    finding = snippet_oracle_finding(snippet)
    assert any("null" in p.detail for p in snippet_oracle.problems(finding, ORACLE_MODULE))


@pytest.mark.parametrize(
    "snippet",
    [
        'client.chat.completions.create(model="m", messages=[], temperature=t if t else None, seed=None)',
        'client.embeddings.create(model="e", input=["a"], dimensions=s.n if s else omit)',
    ],
)
def test_the_oracle_accepts_none_where_the_parameter_takes_it(snippet):
    finding = snippet_oracle_finding(snippet)
    assert not any("null" in p.detail for p in snippet_oracle.problems(finding, ORACLE_MODULE))


ORACLE_MODULE = "from openai import OpenAI, omit\nclient = OpenAI(base_url='http://h/', api_key='k')\ns = t = k = None\n"


def snippet_oracle_finding(snippet: str):
    from aoai_migrate.model import Category, Finding

    return Finding("AOM999", "x", Category.INFERENCE_SDK, "x.py", 1, 1, 1, 1, "m", snippet)


# -- values declared Optional (not literally None) ---------------------------------------------

OPTIONAL_SETTINGS = textwrap.dedent(
    """\
    import dataclasses
    from typing import Annotated, Optional, Union


    @dataclasses.dataclass
    class Settings:
        size: Optional[int] = None
        kind: "str | None" = None
        fmt: Union[str, None] = None
        user: str = "me"
        count: int = 3


    class Embedder:
        dimensions: Annotated[Optional[int], "a pydantic Field would go here"] = None
        tools: list | None = None

        def run(self, texts):
            return embedder.embed(input=texts, model="e", dimensions=self.dimensions)

        def ask(self, messages):
            return chat.complete(model="c", messages=messages, tools=self.tools, seed=self.seed)
    """
)


def _optional_finding(body: str, code: str):
    """The ``code`` finding of ``body`` (of the ``Embedder`` class when ``body`` is empty)."""
    source = HEAD + OPTIONAL_SETTINGS + textwrap.dedent(body)
    first = (HEAD + OPTIONAL_SETTINGS).count("\n") + 1
    found = [f for f in analyze_source(source, "m.py") if f.code == code and (f.line >= first) == bool(body)]
    assert len(found) == 1, found
    return found[0], source


def test_attribute_of_an_optional_dataclass_field_gets_omit():
    finding, source = _optional_finding(
        """\
        def run(settings: Settings, texts):
            return embedder.embed(input=texts, model="e", dimensions=settings.size, input_type=settings.kind,
                                  encoding_format=settings.fmt)
        """,
        "AOM104",
    )
    keywords = _keywords(finding.snippet)
    assert keywords["dimensions"] == "settings.size if settings.size is not None else omit"
    assert keywords["encoding_format"] == "settings.fmt if settings.fmt is not None else omit"
    assert keywords["extra_body"] == "{'input_type': settings.kind} if settings.kind is not None else {}"
    assert "from openai import omit" in finding.snippet
    assert snippet_oracle.problems(finding, source) == []


def test_self_attribute_and_optional_parameters_get_omit():
    finding, _ = _optional_finding("", "AOM104")
    assert _keywords(finding.snippet)["dimensions"] == "self.dimensions if self.dimensions is not None else omit"
    chat_finding, _ = _optional_finding("", "AOM103")
    keywords = _keywords(chat_finding.snippet)
    assert keywords["tools"] == "self.tools if self.tools is not None else omit"
    assert keywords["seed"] == "self.seed"  # seed takes None (Optional[int] | Omit): kept
    for signature in ("dims: Optional[int]", "dims: int | None = 8", "dims=None", "*, dims: 'Optional[int]'"):
        finding, _ = _optional_finding(
            f"def run(texts, {signature}):\n    return embedder.embed(input=texts, model='e', dimensions=dims)\n", "AOM104"
        )
        assert _keywords(finding.snippet)["dimensions"] == "dims if dims is not None else omit", signature


@pytest.mark.parametrize(
    "body",
    [
        # no Optional evidence: a plain annotation, no annotation, a non-None default
        "def run(texts, dims: int):\n    return embedder.embed(input=texts, model='e', dimensions=dims)\n",
        "def run(texts, dims):\n    return embedder.embed(input=texts, model='e', dimensions=dims)\n",
        "def run(texts, dims=256):\n    return embedder.embed(input=texts, model='e', dimensions=dims)\n",
        "def run(s: Settings, texts):\n    return embedder.embed(input=texts, model='e', dimensions=s.count)\n",
        # Optional in another function, not where the call reads the name
        "def other(dims: Optional[int] = None):\n    return dims\n"
        "def run(texts, dims: int):\n    return embedder.embed(input=texts, model='e', dimensions=dims)\n",
        # an expression, not a name read twice: the user decided what it holds
        "def run(texts, dims: Optional[int] = None):\n    return embedder.embed(input=texts, model='e', dimensions=dims or 256)\n",
    ],
)
def test_values_without_optional_evidence_are_kept(body):
    finding, _ = _optional_finding(body, "AOM104")
    assert "is not None" not in finding.snippet and "omit" not in finding.snippet


def test_optional_values_send_no_null_to_the_stub():
    """Executed with the real openai package against the 127.0.0.1 stub: a None setting sends
    nothing (as Inference did), a set one sends its value."""
    import openai

    finding, _ = _optional_finding(
        """\
        def run(settings: Settings, texts):
            return embedder.embed(input=texts, model="e", dimensions=settings.size, input_type=settings.kind)
        """,
        "AOM104",
    )
    call = ast.unparse(_call(finding.snippet)).replace("embedder.", "client.", 1)
    with AzureV1Stub() as stub:
        client = openai.OpenAI(base_url=stub.base_url, api_key="k")
        for settings, expected in (
            (types.SimpleNamespace(size=None, kind=None), {}),
            (types.SimpleNamespace(size=8, kind="query"), {"dimensions": 8, "input_type": "query"}),
        ):
            eval(call, {"client": client, "omit": openai.omit, "texts": ["a"], "settings": settings})  # noqa: S307
            body = stub.last.json
            assert {k: body[k] for k in ("dimensions", "input_type") if k in body} == expected
        assert not stub.failures


def test_the_oracle_rejects_an_optional_value_passed_as_is():
    module = OPTIONAL_SETTINGS + "def run(settings: Settings, texts, n: Optional[int] = None):\n    pass\n"
    line = module.count("\n")
    from aoai_migrate.model import Category, Finding

    def check(snippet: str):
        return snippet_oracle.problems(Finding("AOM999", "x", Category.INFERENCE_SDK, "x.py", line, 5, line, 9, "m", snippet), module)

    assert any("declared Optional" in p.detail for p in check('client.embeddings.create(model="e", input=texts, dimensions=settings.size)'))
    assert any("declared Optional" in p.detail for p in check('client.embeddings.create(model="e", input=texts, dimensions=n)'))
    assert not any("Optional" in p.detail for p in check('client.embeddings.create(model="e", input=texts, dimensions=settings.count)'))
    assert not any("Optional" in p.detail for p in check(
        'client.embeddings.create(model="e", input=texts, dimensions=n if n is not None else omit)'))
