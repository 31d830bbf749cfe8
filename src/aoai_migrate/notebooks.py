"""Jupyter notebooks (``.ipynb``) for ``check`` and ``audit``.

The code cells of a Python notebook are analysed as ONE module, in the order Jupyter shows
them, so a client built in one cell and used in a later one is followed. Before parsing, what
IPython accepts and Python does not is blanked out line by line (each such line becomes ``pass``
at its indentation, so line numbers, columns and blocks stay as they were):

- line magics (``%pip install openai``, ``%matplotlib inline``), shell escapes (``!pip ...``),
  their assignments (``files = !ls``), help lines (``client?``, ``??openai``);
- automagic commands written without ``%`` (``pip install openai``, ``cd data``), recognised
  only when the line is not Python on its own;
- the first line of a cell magic whose body is Python (``%%time``, ``%%timeit``, ``%%capture``).

Cells that are not Python are left out: cells of another language (``%%sql``, ``%%bash``,
``%%sh``, ``%%writefile`` ...; Databricks' ``%sql``, ``%md``, ``%scala``, ``%r``, ``%sh`` alone on
the first line; a cell whose metadata names another language, as VS Code, .NET Interactive and
Polyglot notebooks record it), and every cell of a notebook whose kernel is another language
(a C# notebook). A code cell that is still not valid Python is reported (``cell 4: syntax
error ...``) and the other cells are analysed without it.

Findings are mapped back to ``cell`` (1-based among ALL cells, markdown included, as Jupyter
numbers them) and a line within that cell.
"""

from __future__ import annotations

import ast
import bisect
import dataclasses
import json
import re
import warnings

from .model import Edit, Finding
from .render.snippets import parses

#: cell magics whose body is Python: their first line is blanked, the body analysed
PYTHON_CELL_MAGICS = frozenset({"time", "timeit", "capture", "prun", "debug", "python", "python3", "ipython"})
#: Databricks' (and other hosts') cell-language switches, alone on a cell's first line
LANGUAGE_SWITCHES = frozenset({
    "sql", "md", "markdown", "scala", "r", "sh", "bash", "fs", "html", "js", "javascript", "latex",
    "sparksql", "spark", "pyspark", "kql", "csharp", "fsharp", "pwsh", "powershell",
})
#: commands IPython's automagic runs without ``%`` (and the shell commands it aliases)
AUTOMAGICS = frozenset({
    "pip", "conda", "mamba", "cd", "ls", "ll", "pwd", "mkdir", "rmdir", "rm", "cp", "mv", "cat",
    "env", "set_env", "load_ext", "reload_ext", "matplotlib", "pylab", "time", "timeit", "who",
    "whos", "run", "history", "alias", "autoreload", "config", "pdb", "precision", "store", "xmode",
    "sx", "system", "less", "more", "man", "clear", "bookmark", "dhist", "pushd", "popd", "reset",
    "load", "pinfo", "pinfo2", "psearch", "pycat", "colors", "doctest_mode", "aimport", "dotenv",
})
PYTHON_NAMES = frozenset({"python", "python3", "ipython", "py", "python2"})

_SHELL_OR_MAGIC = re.compile(r"^\s*(!|%)")
_ASSIGNED_MAGIC = re.compile(r"^\s*[\w.\[\], ]+\s*=\s*(!|%)")
_HELP = re.compile(r"^\s*(\?\??[\w.]+|[\w.()\[\]]+\?\??)\s*$")
_AUTOMAGIC = re.compile(r"^\s*([A-Za-z_]\w*)(\s+\S|\s*$)")
_CELL_MAGIC = re.compile(r"^\s*%%\s*([\w.-]+)")
_SWITCH = re.compile(r"^\s*%\s*([\w-]+)\s*$")


class NotebookError(Exception):
    """The file is not a notebook this tool can read; ``str()`` says why, in one line."""


@dataclasses.dataclass(frozen=True)
class CodeCell:
    #: 1-based position among all the notebook's cells
    number: int
    #: the cell's own text (for the report)
    source: str
    #: the text analysed (magics blanked; same lines as ``source``)
    python: str


@dataclasses.dataclass
class NotebookModule:
    """The Python code cells of a notebook joined into one module."""

    text: str
    cells: list[CodeCell]
    #: first module line (1-based) of each cell in ``cells``
    starts: list[int]
    #: code cells that could not be analysed, as ``"cell N: why"``
    problems: list[str]

    def locate(self, line: int) -> tuple[CodeCell, int]:
        """Module line -> (its cell, the line within that cell)."""
        index = max(bisect.bisect_right(self.starts, line) - 1, 0)
        return self.cells[index], line - self.starts[index] + 1

    def cell_lines(self, number: int) -> list[str]:
        for cell in self.cells:
            if cell.number == number:
                return cell.source.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        return []

    def to_cells(self, finding: Finding) -> Finding:
        """``finding`` (lines of the joined module) with ``cell`` and lines within the cell."""
        cell, line = self.locate(finding.line)
        _, end_line = self.locate(finding.end_line)
        fix = finding.fix
        if fix is not None:
            edits = []
            for edit in fix.edits:
                (first, start), (last, end) = self.locate(edit.line), self.locate(edit.end_line)
                if first is not cell or last is not cell:
                    fix = None  # a fix whose edits leave the finding's cell cannot be shown per cell
                    break
                edits.append(Edit(start, edit.col, end, edit.end_col, edit.text))
            else:
                fix = dataclasses.replace(fix, edits=tuple(edits))
        return dataclasses.replace(finding, cell=cell.number, line=line, end_line=end_line, fix=fix)


def decode(data: bytes) -> str:
    """A notebook file's text (UTF-8, with or without a BOM, as Jupyter writes it);
    :class:`NotebookError` for an empty or blank file or other bytes. Shared by ``check``
    (:func:`load`) and ``fix`` (:func:`.fix.notebook.read`)."""
    if not data.strip():
        raise NotebookError("empty file, not a notebook" if not data else "blank file, not a notebook")
    bom = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    try:
        return data[bom:].decode("utf-8")
    except UnicodeDecodeError as exc:  # the offset in the file, BOM included
        raise NotebookError(f"not UTF-8 (byte {bom + exc.start}), not a notebook") from None


def require_python(metadata) -> None:
    """:class:`NotebookError` when the notebook's metadata names a kernel of another language
    (a C# notebook); a notebook that names none is taken as Python."""
    language = kernel_language(metadata)
    if language is not None and language not in PYTHON_NAMES:
        raise NotebookError(f"a {language} notebook, not Python")


def load(data: bytes) -> NotebookModule:
    """Read a notebook and build its module; :class:`NotebookError` if it cannot be read."""
    text = decode(data)
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise NotebookError(f"not a notebook: invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from None
    except RecursionError:
        raise NotebookError("not a notebook: JSON nested too deeply") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("cells", raw.get("worksheets")), list):
        raise NotebookError("not a notebook: no list of cells")
    cells = _cells(text, raw)
    require_python(raw.get("metadata"))
    return build(cells)


def _cells(text: str, raw: dict) -> list[dict]:
    """The cells as nbformat reads them (converted to version 4); a notebook that breaks a
    rule of the schema nbformat does not need (a missing ``outputs``, an odd metadata field) is
    still read, from its JSON."""
    import nbformat

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            notebook = nbformat.reads(text, as_version=4)
        return list(notebook.cells)
    except Exception:  # nbformat raises jsonschema's errors, ValueError, KeyError, AttributeError...
        pass
    if int(raw.get("nbformat", 4) or 4) < 4:
        raise NotebookError(f"not a notebook nbformat can read (format {raw.get('nbformat')!r})")
    out = []
    for cell in raw.get("cells", []):
        if not isinstance(cell, dict):
            raise NotebookError("not a notebook: a cell is not an object")
        source = cell.get("source", "")
        if isinstance(source, list):
            source = "".join(s for s in source if isinstance(s, str))
        out.append({**cell, "source": source if isinstance(source, str) else ""})
    return out


def kernel_language(metadata) -> str | None:
    """The language a notebook's metadata names for its kernel, lower-cased, if any."""
    if not isinstance(metadata, dict):
        return None
    for key, field in (("kernelspec", "language"), ("language_info", "name")):
        table = metadata.get(key)
        if isinstance(table, dict) and isinstance(table.get(field), str) and table[field].strip():
            return table[field].strip().lower()
    return None


def _cell_language(metadata) -> str | None:
    """The language a cell's metadata gives it (VS Code, .NET Interactive, Polyglot), if any."""
    if not isinstance(metadata, dict):
        return None
    candidates = (
        (metadata.get("vscode") or {}).get("languageId") if isinstance(metadata.get("vscode"), dict) else None,
        (metadata.get("dotnet_interactive") or {}).get("language")
        if isinstance(metadata.get("dotnet_interactive"), dict) else None,
        (metadata.get("polyglot_notebook") or {}).get("kernelName")
        if isinstance(metadata.get("polyglot_notebook"), dict) else None,
        metadata.get("language"),
    )
    for value in candidates:
        if isinstance(value, str) and value.strip():
            return value.strip().lower()
    return None


def build(cells: list[dict]) -> NotebookModule:
    """Join the Python code cells of ``cells`` (nbformat v4 cell dicts) into one module."""
    kept: list[CodeCell] = []
    problems: list[str] = []
    for number, cell in enumerate(cells, 1):
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source") or ""
        if not isinstance(source, str):
            source = "".join(source) if isinstance(source, list) else ""
        language = _cell_language(cell.get("metadata"))
        if language is not None and language not in PYTHON_NAMES:
            continue
        python = python_text(source)
        if python is None:
            continue
        try:
            ast.parse(python)
        except SyntaxError as exc:
            problems.append(f"cell {number}: syntax error at line {exc.lineno}: {exc.msg}")
            continue
        except (ValueError, MemoryError, RecursionError) as exc:
            problems.append(f"cell {number}: cannot parse: {type(exc).__name__}")
            continue
        kept.append(CodeCell(number, source, python))
    parts: list[str] = []
    starts: list[int] = []
    line = 1
    for cell in kept:
        starts.append(line)
        body = cell.python if cell.python.endswith("\n") else cell.python + "\n"
        parts.append(body)
        line += body.count("\n")
    return NotebookModule("".join(parts), kept, starts, problems)


def python_text(source: str) -> str | None:
    """The cell's text with IPython-only lines blanked out (same number of lines), or ``None``
    when the cell is not Python at all."""
    lines = source.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    first = next((index for index, text in enumerate(lines) if text.strip()), None)
    if first is None:
        return source
    magic = _CELL_MAGIC.match(lines[first])
    if magic:
        if magic.group(1).lower() not in PYTHON_CELL_MAGICS:
            return None
        lines[first] = ""
    else:
        switch = _SWITCH.match(lines[first])
        if switch and switch.group(1).lower() in LANGUAGE_SWITCHES:
            return None
        if switch and switch.group(1).lower() in PYTHON_NAMES:
            lines[first] = ""
    text = "\n".join(lines)
    if parses(text):
        return text
    out: list[str] = []
    continued = False
    for text_line in lines:
        if continued or _ipython_only(text_line):
            indent = text_line[: len(text_line) - len(text_line.lstrip())]
            out.append("" if continued else f"{indent}pass")
            continued = text_line.rstrip().endswith("\\")
        else:
            out.append(text_line)
    return "\n".join(out)


def _ipython_only(line: str) -> bool:
    if _SHELL_OR_MAGIC.match(line) or _ASSIGNED_MAGIC.match(line) or _HELP.match(line):
        return True
    automagic = _AUTOMAGIC.match(line)
    return bool(automagic and automagic.group(1) in AUTOMAGICS and automagic.group(2).strip()
                and not parses(line.strip()))
