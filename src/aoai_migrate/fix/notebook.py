"""Fixing a Jupyter notebook: its Python code cells are fixed as ONE module (a client built in
one cell and used in a later one is followed, as ``check`` follows it), then written back cell
by cell; outputs, execution counts, metadata and every other cell stay as they were.

The module is the code cells of :func:`..notebooks.build` joined with a marker statement before
each (``pass  # aoai-migrate-cell:<nonce>:<n>``); each line IPython accepts and Python does not
(``%pip install openai``, ``!ls``, ``%%time``, ``files = !ls``) becomes a marker statement too
(``pass  # aoai-migrate-ipython:<nonce>:<k>``), so that after the fix each marker is put back
as the exact line it stands for. A fix that would lose or duplicate a marker is refused like
one whose result does not parse (:func:`.passes.fix_text`'s ``valid``).

Imports: those the fixes need are added to the cell holding the notebook's first import (or
the first code cell with Python in it), after any leading magics; an SDK import the fixes left
unused is removed from its cell only when no cell uses the name any more.

The notebook is read and written with nbformat (``NO_CONVERT``: a version 4 notebook stays
version 4), which writes JSON exactly as Jupyter saves it; a notebook in which nothing changes
is not written at all.
"""

from __future__ import annotations

import ast
import dataclasses
import hashlib
import re
import warnings

from .. import notebooks
from ..render.snippets import parses
from . import imports as import_ops
from . import passes

_CELL_LINE = re.compile(r"^pass  # aoai-migrate-cell:([0-9a-f]+):(\d+)[ \t]*\n", re.MULTILINE)
_MARK = re.compile(r"^([ \t]*)(?:pass  )?# aoai-migrate-(cell|ipython):([0-9a-f]+):(\d+)[ \t]*$")


class CannotFix(notebooks.NotebookError):
    """The notebook cannot be fixed; ``str()`` says why (one line). Reading it may also raise
    :class:`..notebooks.NotebookError` itself (the checks ``check`` makes too)."""


@dataclasses.dataclass
class Cell:
    #: 0-based index in the notebook's cells
    index: int
    source: str
    #: the marked Python text (no trailing newline added)
    text: str


@dataclasses.dataclass
class Notebook:
    """A notebook read for fixing: the nbformat node, its code cells and the joined module."""

    node: object
    text: str
    bom: bool
    cells: list[Cell]
    #: cells that could not be analysed, as ``"cell N: why"``
    problems: list[str]
    nonce: str
    #: original line and marker indentation of each IPython marker, by number
    ipython: dict[int, tuple[str, str]]

    def module(self) -> str:
        return "".join(self.cell_block(cell) for cell in self.cells)

    def cell_block(self, cell: Cell) -> str:
        body = cell.text if cell.text.endswith("\n") else cell.text + "\n"
        return f"pass  # aoai-migrate-cell:{self.nonce}:{cell.index}\n{body}"

    def markers(self) -> list[str]:
        """Every marker the module must still hold, in order."""
        out = []
        for cell in self.cells:
            out.append(f"cell:{cell.index}")
            out += [f"ipython:{m.group(4)}" for m in map(_MARK.match, cell.text.split("\n"))
                    if m and m.group(3) == self.nonce]
        return out

    def valid(self, text: str) -> bool:
        """``text`` parses and holds every marker exactly once, in order."""
        return parses(text) and _found(text, self.nonce) == self.markers()

    def split(self, text: str) -> dict[int, str]:
        """The fixed module -> the marked text of each cell (ending in a newline), by cell index."""
        heads = [m for m in _CELL_LINE.finditer(text) if m.group(1) == self.nonce]
        out = {}
        for head, after in zip(heads, heads[1:] + [None]):
            out[int(head.group(2))] = text[head.end():after.start() if after else len(text)]
        return out

    def sources(self, text: str) -> dict[int, str]:
        """The fixed module -> each code cell's new source (IPython lines put back)."""
        out = {}
        split = self.split(text)
        for cell in self.cells:
            body = split.get(cell.index, cell.text + "\n")
            if body.endswith("\n") and not cell.text.endswith("\n"):
                body = body[:-1]  # the newline the module added after the cell
            lines = []
            for line in body.split("\n"):
                found = _MARK.match(line)
                if found and found.group(2) == "ipython" and found.group(3) == self.nonce:
                    original, indent = self.ipython[int(found.group(4))]
                    if found.group(1) != indent:  # the fix moved the line into another block
                        original = found.group(1) + (
                            original[len(indent):] if original.startswith(indent) else original.lstrip()
                        )
                    lines.append(original)
                else:
                    lines.append(line)
            source = "\n".join(lines)
            if "\r\n" in cell.source:
                source = source.replace("\n", "\r\n")
            out[cell.index] = source
        return out

    def update_imports(self, text: str, add: list[str], remove: list) -> str:
        """``passes.UpdateImports`` for a notebook: cell by cell."""
        tree = ast.parse(text)
        loads = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
        remove = [r for r in remove if _bound(r) not in loads]
        present = {parsed for node in tree.body for parsed in import_ops.imported(node)}
        add = [s for s in add if not all(p in present for p in import_ops.parse_import(s))]
        split = self.split(text)
        target = _target(split) if add else None
        for index, body in split.items():
            cell_remove = remove if _has_import(body) else []
            if cell_remove:
                body = import_ops.update(body, [], cell_remove)
            if index == target:
                body = _add_after_magics(body, add)
            split[index] = body
        return "".join(f"pass  # aoai-migrate-cell:{self.nonce}:{i}\n{split[i]}" for i in split)


def read(data: bytes) -> Notebook:
    """The notebook in ``data``; :class:`..notebooks.NotebookError` (:class:`CannotFix` for
    what only ``fix`` refuses) when it cannot be fixed."""
    import nbformat

    bom = data.startswith(b"\xef\xbb\xbf")
    text = notebooks.decode(data)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            node = nbformat.reads(text, as_version=nbformat.NO_CONVERT)
    except Exception as exc:  # nbformat raises JSON, schema and reader errors of many kinds
        raise CannotFix(f"not a notebook nbformat can read ({type(exc).__name__})") from None
    if node.get("nbformat") != 4:
        raise CannotFix(f"a version {node.get('nbformat')} notebook; fix reads version 4 "
                        "(convert it with `jupyter nbconvert --to notebook --inplace`)")
    notebooks.require_python(node.get("metadata"))
    module = notebooks.build(list(node.cells))
    nonce = hashlib.sha1(data).hexdigest()[:12]
    ipython: dict[int, tuple[str, str]] = {}
    cells = []
    for code in module.cells:
        source_lines = code.source.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        python_lines = code.python.split("\n")
        marked = []
        indent = ""
        for original, python in zip(source_lines, python_lines):
            if original == python:
                marked.append(python)
                continue
            if python.strip():  # `pass` where the IPython line was: its indentation
                indent = python[: len(python) - len(python.lstrip())]
            number = len(ipython)
            ipython[number] = (original, indent)
            marked.append(f"{indent}pass  # aoai-migrate-ipython:{nonce}:{number}")
        cells.append(Cell(code.number - 1, code.source, "\n".join(marked)))
    return Notebook(node, text, bom, cells, module.problems, nonce, ipython)


def write(notebook: Notebook, sources: dict[int, str]) -> bytes:
    """The notebook with the code cells of ``sources`` replaced, as nbformat writes it."""
    import nbformat

    for index, source in sources.items():
        notebook.node.cells[index].source = source
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        text = nbformat.writes(notebook.node, version=nbformat.NO_CONVERT)
    if notebook.text.endswith("\n") and not text.endswith("\n"):
        text += "\n"
    return (b"\xef\xbb\xbf" if notebook.bom else b"") + text.encode("utf-8")


def fix(notebook: Notebook, analyse: passes.Analyse, unsafe: bool) -> tuple[passes.Outcome, dict[int, str]]:
    """Fix the notebook's module: the outcome and the new source of each changed cell."""
    outcome = passes.fix_text(
        notebook.module(), analyse, unsafe=unsafe, valid=notebook.valid, update_imports=notebook.update_imports
    )
    sources = notebook.sources(outcome.text)
    return outcome, {c.index: sources[c.index] for c in notebook.cells if sources[c.index] != c.source}


def _found(text: str, nonce: str) -> list[str]:
    out = []
    for line in text.split("\n"):
        found = _MARK.match(line)
        if found and found.group(3) == nonce:
            out.append(f"{found.group(2)}:{found.group(4)}")
    return out


def _bound(candidate: tuple[str, str | None, str | None]) -> str:
    module, obj, asname = candidate
    return asname or obj or module.split(".")[0]


def _has_import(body: str) -> bool:
    try:
        return any(isinstance(n, (ast.Import, ast.ImportFrom)) for n in ast.parse(body).body)
    except (SyntaxError, ValueError):
        return False


def _target(split: dict[int, str]) -> int | None:
    """The cell imports are added to: the first with an import, else the first with Python."""
    parsed = {}
    for index, body in split.items():
        try:
            parsed[index] = ast.parse(body).body
        except (SyntaxError, ValueError):
            parsed[index] = []
    for index, body in parsed.items():
        if any(isinstance(n, (ast.Import, ast.ImportFrom)) for n in body):
            return index
    for index, text in split.items():
        if any(line.strip() and not _MARK.match(line) and not line.lstrip().startswith("#")
               for line in text.split("\n")):
            return index
    return next(iter(split), None)


def _add_after_magics(body: str, add: list[str]) -> str:
    """``body`` with ``add`` imported, after its leading IPython lines (``%pip install``)."""
    lines = body.split("\n")
    lead = 0
    while lead < len(lines) and (not lines[lead].strip() or (_MARK.match(lines[lead]) and not lines[lead][:1].isspace())):
        lead += 1
    # leading top-level markers as comments: libcst keeps them above the imports it adds
    head = [line.replace("pass  # ", "# ", 1) if _MARK.match(line) else line for line in lines[:lead]]
    updated = import_ops.update("\n".join(head + lines[lead:]), add, [])
    out = updated.split("\n")
    for i, line in enumerate(out):
        found = _MARK.match(line)
        if found and not line.startswith("pass") and line.startswith("# aoai-migrate-"):
            out[i] = "pass  " + line
    return "\n".join(out)
