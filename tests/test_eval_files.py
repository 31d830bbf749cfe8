"""Annotated example files (flake8-bugbear style): each line that must be flagged ends with a
comment ``# expect: AOM101 AOM201``; every other line must produce no finding."""

import pathlib
import re

import pytest

from aoai_migrate.engine import analyze_source

EVAL_DIR = pathlib.Path(__file__).parent / "eval_files"
EXPECT = re.compile(r"#\s*expect:\s*(?P<codes>(?:AOM\d{3}[\s,]*)+)")


def expected(text):
    out = set()
    for lineno, line in enumerate(text.splitlines(), 1):
        match = EXPECT.search(line)
        if match:
            out.update((lineno, c) for c in re.findall(r"AOM\d{3}", match.group("codes")))
    return out


FILES = sorted(EVAL_DIR.glob("*.py"))


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_eval_file(path):
    text = path.read_text()
    actual = {(f.line, f.code) for f in analyze_source(text, str(path))}
    want = expected(text)
    missing = sorted(want - actual)
    extra = sorted(actual - want)
    assert not missing and not extra, f"missing={missing} unexpected={extra}"
