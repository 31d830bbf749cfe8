import ast

from aoai_migrate.source import Source


def test_lines_split_like_the_tokenizer():
    text = 'x = "a\x0bb"\ny = 1\r\nz = f(\r  2)\n'
    tree = ast.parse(text)
    src = Source(text)
    call = tree.body[2].value
    assert src.segment(call) == "f(\r  2)"
    assert src.segment(tree.body[1]) == "y = 1"


def test_segment_uses_utf8_columns():
    text = 'label = "héllo"; value = f(1)\n'
    tree = ast.parse(text)
    assert Source(text).segment(tree.body[1].value) == "f(1)"
