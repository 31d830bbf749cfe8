"""Comments inside the spans ``fix`` rewrites are carried into the new code (``render/comments.py``).

The ``comments_*`` fixtures of ``tests/fix_fixtures/`` pin where each comment lands (after a
surviving argument, on its own line for a removed one, before a closing bracket, after an
opening one, ``# type: ignore``/``# noqa`` after the call); these tests check the guarantee on
them as a whole: no comment of ``before.py`` is missing from ``after.py``.
"""

from __future__ import annotations

import collections
import io
import pathlib
import tokenize

import pytest

from aoai_migrate.engine import analyze_source
from aoai_migrate.render import comments
from aoai_migrate.source import Source
from aoai_migrate.model import Edit

FIXTURES = pathlib.Path(__file__).resolve().parent / "fix_fixtures"
CASES = sorted(p for p in FIXTURES.iterdir() if (p / "before.py").is_file())


def comment_tokens(text: str) -> collections.Counter:
    return collections.Counter(
        tok.string.rstrip() for tok in tokenize.generate_tokens(io.StringIO(text).readline)
        if tok.type == tokenize.COMMENT
    )


#: the fixtures about calls and clients (the import fixtures pin what a removed import line keeps)
CALL_CASES = [c for c in CASES if not c.name.startswith("imports_")]


@pytest.mark.parametrize("case", CALL_CASES, ids=[c.name for c in CALL_CASES])
def test_no_comment_of_before_is_lost(case):
    before = comment_tokens((case / "before.py").read_text(encoding="utf-8"))
    after = comment_tokens((case / "after.py").read_text(encoding="utf-8"))
    assert not before - after


def test_json_fix_edits_carry_the_comments():
    source = (FIXTURES / "comments_complete" / "before.py").read_text(encoding="utf-8")
    [call] = [f for f in analyze_source(source, "x.py") if f.code == "AOM103"]
    text = call.fix.edits[0].text
    assert '"seed": 42' not in text and "seed=42,  # reproducible" in text
    assert "# before the closing parenthesis\n    )" in text
    # the message's one-line form stays a plain call
    assert "#" not in call.compact


def test_removed_argument_keeps_its_comment_on_its_own_line():
    code = 'x = f(\n    a=1,  # one\n    b=2,  # two\n)\n'
    edit = Edit(1, 4, 4, 1, "g(a=1)")
    [new] = comments.carry(Source(code), [edit])
    assert new.text == "g(\n    a=1,  # one\n    # two\n)"


def test_one_line_call_is_laid_out_to_hold_a_comment():
    code = "x = f(a=1,  # one\n      b=2)\n"
    [new] = comments.carry(Source(code), [Edit(1, 4, 2, 10, "g(a=1, b=2, c=3)")])
    assert new.text == "g(\n    a=1,  # one\n    b=2,\n    c=3,\n)"


def test_comment_moved_by_another_edit_of_the_fix_is_not_doubled():
    code = "a = 1  # note\nb = 2\n"
    moved = [Edit(1, 0, 2, 0, ""), Edit(2, 5, 2, 5, "\na = 1  # note")]
    assert comments.carry(Source(code), moved) == moved


def test_spans_without_comments_are_untouched():
    code = 'x = f(a="#")\n'
    edit = Edit(1, 4, 1, 12, "g()")
    assert comments.carry(Source(code), [edit]) == [edit]
