import os
import textwrap

os.environ["AOAI_MIGRATE_STRICT"] = "1"  # a snippet that does not parse raises in tests

import pytest  # noqa: E402

from aoai_migrate.engine import analyze_source  # noqa: E402
from aoai_migrate.model import Settings  # noqa: E402


def run(source: str, settings: Settings | None = None):
    """Findings of every rule for ``source`` (dedented)."""
    return analyze_source(textwrap.dedent(source), "example.py", settings)


def run_example(rule, example):
    """Findings for one of ``rule``'s examples: Python source, or for an artefact rule the
    contents of a file called ``rule.artefact`` (or a ``(file name, contents)`` pair)."""
    if rule.artefact is None:
        return run(example)
    from aoai_migrate import artefacts

    name, text = example if isinstance(example, tuple) else (rule.artefact, example)
    return artefacts.analyze(name, text)


def codes(source: str, settings: Settings | None = None) -> list[str]:
    return [f.code for f in run(source, settings)]


@pytest.fixture
def check():
    return run


def code(snippet: str | None) -> str | None:
    """``snippet`` without the block of imports the engine puts on top of it (tests that pin the
    migrated code itself; the imports are tested in test_snippet_classes.py)."""
    if not snippet:
        return snippet
    lines = snippet.split("\n")
    index = 0
    while index < len(lines) and lines[index].startswith(("import ", "from ")):
        index += 1
    if index and index < len(lines) and lines[index] == "":
        return "\n".join(lines[index + 1:])
    return snippet
