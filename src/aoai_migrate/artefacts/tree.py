"""JSON and YAML documents as one tree of positioned nodes.

JSON is parsed by :mod:`json` (which validates it); positions come from the string tokens of
the text, which appear in the same order as the parser meets keys and string values (outside a
string JSON has no quote character, so a scan for string tokens finds exactly those). YAML is
composed by PyYAML, whose nodes carry start and end marks.
"""

from __future__ import annotations

import dataclasses
import json
import re
from typing import Any, Iterator, Union


class DocumentError(Exception):
    """The document is not valid in its format; ``str()`` says why, in one line."""


@dataclasses.dataclass
class Node:
    #: a scalar (``str``, number, ``bool``, ``None``), a list of nodes, or a :class:`Mapping`
    value: Any
    line: int = 0  # 1-based; 0 when unknown (JSON numbers)
    col: int = 0  # 1-based
    end_line: int = 0
    end_col: int = 0

    @property
    def text(self) -> str | None:
        return self.value if isinstance(self.value, str) else None

    def plain(self) -> Any:
        """The node as plain Python data."""
        if isinstance(self.value, Mapping):
            return {k.plain() if not isinstance(k.plain(), (dict, list)) else str(k.plain()): v.plain()
                    for k, v in self.value}
        if isinstance(self.value, list):
            return [item.plain() for item in self.value]
        return self.value


class Mapping(list):
    """``[(key node, value node), ...]`` in document order (duplicates kept)."""


Tree = Union[Node, None]


_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)


class _Pairs(list):
    pass


def json_tree(text: str) -> Node:
    try:
        data = json.loads(text, object_pairs_hook=_Pairs)
    except json.JSONDecodeError as exc:
        raise DocumentError(f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from None
    except RecursionError:
        raise DocumentError("JSON nested too deeply") from None
    tokens = _string_positions(text)
    try:
        return _json_node(data, tokens)
    except RecursionError:
        raise DocumentError("JSON nested too deeply") from None


def _string_positions(text: str) -> Iterator[tuple[int, int, int, int]]:
    line, last = 1, 0
    for match in _STRING.finditer(text):
        line += text.count("\n", last, match.start())
        last = match.start()
        col = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        yield line, col, line, col + (match.end() - match.start())


def _json_node(data: Any, tokens: Iterator) -> Node:
    if isinstance(data, _Pairs):
        mapping = Mapping()
        for key, value in data:
            key_node = Node(key, *next(tokens, (0, 0, 0, 0)))
            mapping.append((key_node, _json_node(value, tokens)))
        return Node(mapping)
    if isinstance(data, list):
        return Node([_json_node(item, tokens) for item in data])
    if isinstance(data, str):
        return Node(data, *next(tokens, (0, 0, 0, 0)))
    return Node(data)


def yaml_documents(text: str, line_offset: int = 0) -> list[Node]:
    """Every document of a YAML stream (``---`` separated); ``line_offset`` is added to lines."""
    import yaml

    try:
        roots = list(yaml.compose_all(text, Loader=yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1 + line_offset}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or type(exc).__name__
        raise DocumentError(f"invalid YAML{where}: {problem}") from None
    except RecursionError:
        raise DocumentError("YAML nested too deeply") from None
    try:
        return [_yaml_node(root, line_offset, set()) for root in roots if root is not None]
    except RecursionError:
        raise DocumentError("YAML nested too deeply") from None


def _yaml_node(node, offset: int, active: set[int]) -> Node:
    import yaml

    if id(node) in active:  # an alias of an enclosing node (`&a [*a]`): stop the cycle
        return Node(None)
    where = (node.start_mark.line + 1 + offset, node.start_mark.column + 1,
             node.end_mark.line + 1 + offset, node.end_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        active.add(id(node))
        mapping = Mapping((_yaml_node(k, offset, active), _yaml_node(v, offset, active)) for k, v in node.value)
        active.discard(id(node))
        return Node(mapping, *where)
    if isinstance(node, yaml.SequenceNode):
        active.add(id(node))
        items = [_yaml_node(item, offset, active) for item in node.value]
        active.discard(id(node))
        return Node(items, *where)
    return Node(node.value, *where)


def walk(node: Node, ancestors: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Mapping, Node, Node]]:
    """``(ancestor keys, the mapping, key node, value node)`` for every pair of every mapping."""
    stack: list[tuple[Node, tuple[str, ...]]] = [(node, ancestors)]
    while stack:
        current, keys = stack.pop()
        if isinstance(current.value, Mapping):
            for key, value in current.value:
                yield keys, current.value, key, value
            for key, value in reversed(current.value):
                stack.append((value, (*keys, str(key.value))))
        elif isinstance(current.value, list):
            for item in reversed(current.value):
                stack.append((item, keys))
