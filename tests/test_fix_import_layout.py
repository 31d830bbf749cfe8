"""The import step of ``fix`` keeps the module's layout: every comment and blank line it does
not mean to change stays byte for byte (CRLF and a BOM included), with libcst's import codemods
doing the import edits.

The ``imports_*`` fixtures of ``tests/fix_fixtures/`` are compared here as bytes (the generic
fixture test reads text); the unit tests below pin the three places where the layout used to
suffer: the comment on an import line that goes, an import sharing its line with other code,
and the head edit that adds imports when nothing is removed.
"""

from __future__ import annotations

import ast
import difflib
import pathlib
import shutil

import pytest

from fixing import fix_file

from aoai_migrate.fix.imports import kept_comments, update

FIXTURES = pathlib.Path(__file__).resolve().parent / "fix_fixtures"
LAYOUT = sorted(p for p in FIXTURES.iterdir() if p.name.startswith("imports_"))


def _layout_lines(data: bytes) -> list[bytes]:
    """The comment and blank lines of a file, with their line endings."""
    return [line for line in data.splitlines(keepends=True) if not line.strip() or line.lstrip().startswith(b"#")]


@pytest.mark.parametrize("case", LAYOUT, ids=[c.name for c in LAYOUT])
def test_fixed_bytes_match_and_keep_every_comment_and_blank_line(case, tmp_path):
    work = tmp_path / "module.py"
    shutil.copy(case / "before.py", work)
    fix_file(work, unsafe=True)
    before, after = (case / "before.py").read_bytes(), work.read_bytes()
    assert after == (case / "after.py").read_bytes()
    ast.parse(after)
    assert after.startswith(b"\xef\xbb\xbf") == before.startswith(b"\xef\xbb\xbf")
    if b"\r\n" in before:
        assert after.count(b"\n") == after.count(b"\r\n")
    # every comment / blank line of the original is still there, in order; what goes is an
    # import line's own comment that was a pure line pragma
    old, new = _layout_lines(before), _layout_lines(after)
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    lost = [line for op, i1, i2, _, _ in matcher.get_opcodes() if op in ("delete", "replace") for line in old[i1:i2]]
    assert not lost, lost


def test_the_fixtures_cover_crlf_bom_docstring_future_shebang_and_type_checking():
    befores = [(case / "before.py").read_bytes() for case in LAYOUT]
    assert any(b.startswith(b"\xef\xbb\xbf") and b"\r\n" in b for b in befores)
    assert any(b.startswith(b"#!") for b in befores)
    assert any(b"coding: utf-8" in b for b in befores)
    assert any(b"from __future__" in b for b in befores)
    assert any(b"if TYPE_CHECKING:" in b for b in befores)
    assert any(b.lstrip(b"\xef\xbb\xbf").startswith(b'"""') for b in befores)


# -- (a) the comment on an import line that goes ----------------------------------------------

INFERENCE = ("azure.ai.inference", "ChatCompletionsClient", None)


@pytest.mark.parametrize(
    ("comment", "kept"),
    [
        ("# noqa: F401 keep for X", ["# noqa: F401 keep for X"]),  # words of its own: verbatim
        ("# keep for X", ["# keep for X"]),
        ("# noqa", []),
        ("# noqa: F401", []),
        ("# NOQA:F401,E402", []),
        ("# type: ignore", []),
        ("# type: ignore[import-untyped]", []),
        ("# pyright: ignore[reportMissingImports]", []),
        ("# pylint: disable=unused-import", []),
        ("# nosec", []),
        ("# isort: skip", []),
        ("# pragma: no cover", []),
        ("# type: ignore  # needed for X", ["# needed for X"]),
        ("# needed for X  # noqa: F401", ["# needed for X"]),
        ("# pylint: disable=unused-import  # why", ["# why"]),
        # file-wide pragmas are not the import's
        ("# flake8: noqa", ["# flake8: noqa"]),
        ("# ruff: noqa", ["# ruff: noqa"]),
        ("# see #12", ["# see #12"]),
    ],
)
def test_a_removed_import_keeps_its_comment_unless_a_line_pragma(comment, kept):
    assert kept_comments(f"from azure.ai.inference import ChatCompletionsClient  {comment}\n") == kept
    text = f"import os\nfrom azure.ai.inference import ChatCompletionsClient  {comment}\nx = os\n"
    expected = "import os\n" + "".join(f"{c}\n" for c in kept) + "x = os\n"
    assert update(text, [], [INFERENCE]) == expected


def test_the_comments_inside_a_parenthesised_import_that_goes_stay_where_it_was():
    text = (
        "import os\n\n"
        "from azure.ai.inference import (  # the SDK\n"
        "    ChatCompletionsClient,  # noqa: F401\n"
        "    # the client\n"
        ")\n\nx = os\n"
    )
    assert update(text, [], [INFERENCE]) == "import os\n\n# the SDK\n# the client\n\nx = os\n"


def test_a_block_whose_one_line_of_imports_all_go_keeps_a_pass():
    text = "if TYPE_CHECKING:\n    from azure.ai.inference import ChatCompletionsClient; import azure.core  # t\nx = 1\n"
    removed = update(text, [], [INFERENCE, ("azure.core", None, None)])
    assert removed == "if TYPE_CHECKING:\n    # t\n    pass\nx = 1\n"


def test_a_kept_comment_in_a_block_left_empty_is_followed_by_pass():
    text = "if TYPE_CHECKING:\n    from azure.ai.inference import ChatCompletionsClient  # for annotations\nx = 1\n"
    assert update(text, [], [INFERENCE]) == "if TYPE_CHECKING:\n    # for annotations\n    pass\nx = 1\n"


# -- (b) an import sharing its line with other code -------------------------------------------


@pytest.mark.parametrize(
    ("line", "after"),
    [
        ("import os; from azure.ai.inference import ChatCompletionsClient", "import os"),
        ("import os ;from azure.ai.inference import ChatCompletionsClient  # c", "import os  # c"),
        ("from azure.ai.inference import ChatCompletionsClient; import os  # c", "import os  # c"),
        ("import os; from azure.ai.inference import ChatCompletionsClient; import sys", "import os; import sys"),
        ("if TYPE_CHECKING: from azure.ai.inference import ChatCompletionsClient  # t", "if TYPE_CHECKING: pass  # t"),
        (
            "import os; from azure.ai.inference import ChatCompletionsClient, load_client  # c",
            "import os; from azure.ai.inference import load_client  # c",
        ),
        ("import os; from azure.ai.inference import (\n    ChatCompletionsClient,\n)  # c", "import os  # c"),
        # both statements of the line go: the line goes, its comment stays
        ("from azure.ai.inference import ChatCompletionsClient; import azure.core  # c\nimport os", "# c\nimport os"),
        ("from azure.ai.inference import ChatCompletionsClient; import azure.core\nimport os", "import os"),
    ],
)
def test_an_import_sharing_its_line_goes_alone(line, after):
    head = "#!/usr/bin/env python\n# -*- coding: utf-8 -*-\n\"\"\"Doc.\"\"\"\n\n# imports\n"
    tail = "\n\n# uses\nprint(os, sys, TYPE_CHECKING, load_client)\n"
    for newline in ("\n", "\r\n"):
        text = (head + line + tail).replace("\n", newline)
        result = update(text, [], [INFERENCE, ("azure.core", None, None)])
        assert result == (head + after + tail).replace("\n", newline)
        ast.parse(result)


# -- (c) the head edit that adds imports ------------------------------------------------------


@pytest.mark.parametrize(
    "head",
    [
        "#!/usr/bin/env python\n# -*- coding: utf-8 -*-\n\"\"\"Doc.\"\"\"\n\n# lead\nfrom __future__ import annotations\n\n# os\nimport os  # trailing\n\n\n# code\n",
        "\n\n# lead\n\n\"\"\"Doc.\"\"\"\n# after doc\nimport os\n# after os\n\n\n\n",
        "\"\"\"Doc.\"\"\"\nfrom typing import TYPE_CHECKING\n\nif TYPE_CHECKING:  # types\n    # only for typing\n    import os\n\n# code\n",
        "# only a comment\n\n\n",
        "import os; import sys  # both\n# c\n",
        "try:\n    import ujson as json  # fast\nexcept ImportError:  # fallback\n    import json\n\n# c\n",
        "from openai import AsyncOpenAI  # async\n# sync next\n\n",
    ],
)
def test_adding_an_import_only_inserts_lines(head, tmp_path):
    for newline in ("\n", "\r\n"):
        text = (head + "x = 1\n").replace("\n", newline)
        result = update(text, ["from openai import OpenAI"], [])
        assert "from openai import" in result and "OpenAI" in result
        ast.parse(result)
        old, new = text.splitlines(keepends=True), result.splitlines(keepends=True)
        ops = difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
        changed = [(op, old[i1:i2], new[j1:j2]) for op, i1, i2, j1, j2 in ops if op != "equal"]
        assert all(op == "insert" or (op == "replace" and all("from openai import" in line for line in a))
                   for op, a, _ in changed), changed
        assert all(line.endswith(newline) for line in new)


def test_layout_lines_a_head_edit_drops_are_put_back():
    """libcst's head edit is trusted with the statements it adds and the import it extends;
    a blank or comment line it drops or rewrites is put back where it was."""
    from aoai_migrate.fix.imports import _keep_layout

    original = "import os\n\n# the client\nfrom openai import AsyncOpenAI  # async\n"
    dropped = "import os\nfrom openai import OpenAI\nfrom openai import AsyncOpenAI  # async\n"
    assert _keep_layout(original, dropped) == (
        "import os\n\n# the client\nfrom openai import OpenAI\nfrom openai import AsyncOpenAI  # async\n"
    )
    merged = "import os\n\n# the client\nfrom openai import OpenAI, AsyncOpenAI  # async\n"
    assert _keep_layout(original, merged) == merged
