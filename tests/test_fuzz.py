"""Fuzzing: generated programs and mutated example files never make the engine, the flake8
plugin or the pylint plugin raise. The default run tries a few dozen inputs; ``-m slow`` (or AOAI_FUZZ_EXAMPLES=N)
tries many more."""

from __future__ import annotations

import ast
import os
import pathlib

import astroid
import hypothesmith
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aoai_migrate.engine import ParseError, analyze_source
from aoai_migrate.flake8_plugin import Plugin
from aoai_migrate.pylint_plugin import AoaiMigrateChecker
from pylint.testutils import UnittestLinter

# generated programs such as `1()` make the compiler warn; that is the input's business
pytestmark = pytest.mark.filterwarnings("ignore::SyntaxWarning")

ROOT = pathlib.Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "tests" / "eval_files").glob("*.py")) + sorted((ROOT / "examples").glob("*.py"))
QUICK = int(os.environ.get("AOAI_FUZZ_EXAMPLES", "30"))
FUZZ = settings(
    max_examples=QUICK,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
SLOW = settings(FUZZ, max_examples=max(QUICK, 500))


def _seed_texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in SEEDS]
    # a seed that always exercises the resolver, whatever exists on disk
    texts.append(
        "import os\nfrom azure.ai.inference import ChatCompletionsClient\n"
        "from azure.core.credentials import AzureKeyCredential\n"
        "client = ChatCompletionsClient(endpoint=os.environ['E'], credential=AzureKeyCredential('k'))\n"
        "for u in client.complete(stream=True, messages=[]):\n    print(u.choices[0].delta.content)\n"
    )
    return texts


def _never_raises(source: str | bytes) -> None:
    try:
        analyze_source(source, "fuzz.py")
    except ParseError:
        return
    text = source if isinstance(source, str) else source.decode("utf-8", "replace")
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return
    list(Plugin(tree, text.splitlines(keepends=True), "fuzz.py").run())
    _pylint_never_raises(text)


def _pylint_never_raises(text: str) -> None:
    try:
        module = astroid.parse(text, module_name="fuzz")
    except (astroid.AstroidError, SyntaxError, ValueError, MemoryError, RecursionError):
        return  # astroid's own limits, not the plugin's
    linter = UnittestLinter()
    checker = AoaiMigrateChecker(linter)
    checker.open()
    checker.visit_module(module)


@st.composite
def mutated(draw):
    text = draw(st.sampled_from(_seed_texts()))
    how = draw(st.sampled_from(["truncate", "reindent", "bytes", "splice", "dedent-line"]))
    if how == "truncate":
        return text[: draw(st.integers(0, len(text)))]
    if how == "reindent":
        width = draw(st.sampled_from(["\t", "  ", "        ", " "]))
        return "\n".join(line.replace("    ", width) for line in text.splitlines())
    if how == "bytes":
        data = bytearray(text.encode())
        for _ in range(draw(st.integers(1, 8))):
            pos = draw(st.integers(0, len(data)))
            data[pos:pos] = draw(st.binary(min_size=1, max_size=4))
        return bytes(data)
    if how == "splice":
        other = draw(st.sampled_from(_seed_texts()))
        cut = draw(st.integers(0, len(text)))
        return text[:cut] + other[draw(st.integers(0, len(other))):]
    lines = text.splitlines()
    if lines:
        index = draw(st.integers(0, len(lines) - 1))
        lines[index] = lines[index].lstrip()
    return "\n".join(lines)


@FUZZ
@given(source=hypothesmith.from_grammar())
def test_generated_programs(source):
    _never_raises(source)


@FUZZ
@given(source=mutated())
def test_mutated_examples(source):
    _never_raises(source)


@pytest.mark.slow
@SLOW
@given(source=hypothesmith.from_grammar())
def test_generated_programs_slow(source):
    _never_raises(source)


@pytest.mark.slow
@SLOW
@given(source=mutated())
def test_mutated_examples_slow(source):
    _never_raises(source)


def test_the_fuzzed_paths_really_analyse():
    """Guard against a vacuous fuzz: the seed reaches findings through all three paths."""
    seed = _seed_texts()[-1]
    assert analyze_source(seed, "fuzz.py")
    assert list(Plugin(ast.parse(seed), seed.splitlines(keepends=True), "fuzz.py").run())
    linter = UnittestLinter()
    checker = AoaiMigrateChecker(linter)
    checker.open()
    checker.visit_module(astroid.parse(seed, module_name="fuzz"))
    assert linter.release_messages()
