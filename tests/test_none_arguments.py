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
