import os
import textwrap

os.environ["AOAI_MIGRATE_STRICT"] = "1"  # a snippet that does not parse raises in tests

import pytest  # noqa: E402

from aoai_migrate.engine import analyze_source  # noqa: E402
from aoai_migrate.model import Settings  # noqa: E402


def run(source: str, settings: Settings | None = None):
    """Findings of every rule for ``source`` (dedented)."""
    return analyze_source(textwrap.dedent(source), "example.py", settings)


def codes(source: str, settings: Settings | None = None) -> list[str]:
    return [f.code for f in run(source, settings)]


@pytest.fixture
def check():
    return run
