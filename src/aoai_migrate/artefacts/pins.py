"""Dependency declarations of ``openai`` and ``azure-ai-inference``, with exact positions:
``requirements*.txt`` (``packaging.requirements``), ``pyproject.toml`` (PEP 621, PEP 735
dependency groups and Poetry, read with tomllib), ``setup.cfg`` (configparser), ``setup.py``
(``ast``: the ``install_requires``/``extras_require`` of the ``setup()`` call) and conda's
``environment.yml`` (PyYAML; conda match specs and the ``pip:`` section)."""

from __future__ import annotations

import ast
import configparser
import dataclasses
import re
import sys
from typing import Iterator

from .tree import DocumentError, Mapping, yaml_documents

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

#: the first ``openai`` release whose ``api_key`` accepts a token provider (Entra ID on /openai/v1/)
TOKEN_PROVIDER_RELEASE = "1.106.0"
WATCHED = ("openai", "azure-ai-inference")


@dataclasses.dataclass
class Pin:
    """One dependency on a watched package."""

    name: str  # canonical: openai, azure-ai-inference
    #: PEP 440 specifier ("" when any version is allowed)
    specifier: str
    line: int
    col: int
    end_line: int
    end_col: int
    #: "requirements", "pep621", "poetry", "setup.cfg", "setup.py", "conda", "conda-pip"
    fmt: str
    #: the declaration as written (a requirement string, or a Poetry value)
    text: str
    extras: tuple[str, ...] = ()
    marker: str = ""
    #: the canonical names of every dependency the file declares
    declared: frozenset[str] = frozenset()


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def allows_below(specifier: str, version: str = TOKEN_PROVIDER_RELEASE) -> bool:
    """Whether ``specifier`` admits some release older than ``version``. The lowest admitted
    version of a set of PEP 440 clauses sits at one of the clauses' own versions or just past
    it, so those (and the oldest releases) are the only candidates to try."""
    from packaging.specifiers import InvalidSpecifier, SpecifierSet
    from packaging.version import InvalidVersion, Version

    try:
        spec = SpecifierSet(specifier)
    except InvalidSpecifier:
        return False
    limit = Version(version)
    candidates = {"0", "0.0.1", "0.28.0", "1.0.0"}
    for clause in spec:
        base = clause.version.removesuffix(".*")
        candidates.update({base, f"{base}.1", f"{base}.0.1"})
    for candidate in candidates:
        try:
            v = Version(candidate)
        except InvalidVersion:
            continue
        if v < limit and spec.contains(v, prereleases=True):
            return True
    return False


# -- requirements files ---------------------------------------------------------------------

def requirements_pins(text: str) -> Iterator[Pin]:
    from packaging.requirements import InvalidRequirement, Requirement

    found: list[tuple] = []
    lines = text.split("\n")
    index = 0
    while index < len(lines):
        first = index
        raw = lines[index]
        while raw.rstrip().endswith("\\") and index + 1 < len(lines):
            index += 1
            raw = raw.rstrip()[:-1] + " " + lines[index]
        index += 1
        body = re.split(r"(^|\s)#", raw, maxsplit=1)[0].strip()
        if not body or body.startswith("-"):
            continue
        body = re.split(r"\s--?\w", body, maxsplit=1)[0].strip()  # per-requirement options (--hash)
        try:
            req = Requirement(body)
        except InvalidRequirement:
            continue
        col = lines[first].find(body.split()[0][:1]) + 1 if body else 1
        found.append((req, body, first + 1, max(col, 1), len(lines[first].rstrip().rstrip("\\").rstrip()) + 1))
    declared = frozenset(canonical(entry[0].name) for entry in found)
    for req, body, line, col, end_col in found:
        name = canonical(req.name)
        if name in WATCHED:
            yield Pin(name, str(req.specifier), line, col, line, end_col, "requirements", body,
                      tuple(sorted(req.extras)), str(req.marker) if req.marker else "", declared)


# -- pyproject.toml --------------------------------------------------------------------------

def pyproject_pins(text: str) -> Iterator[Pin]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DocumentError(f"invalid TOML: {exc}") from None
    strings: list[str] = []
    project = data.get("project") if isinstance(data.get("project"), dict) else {}
    strings += _str_list(project.get("dependencies"))
    optional = project.get("optional-dependencies")
    if isinstance(optional, dict):
        for group in optional.values():
            strings += _str_list(group)
    groups = data.get("dependency-groups")
    if isinstance(groups, dict):
        for group in groups.values():
            strings += _str_list(group)
    poetry_tables = []
    poetry = data.get("tool", {}).get("poetry") if isinstance(data.get("tool"), dict) else None
    if isinstance(poetry, dict):
        for key in ("dependencies", "dev-dependencies"):
            if isinstance(poetry.get(key), dict):
                poetry_tables.append(poetry[key])
        if isinstance(poetry.get("group"), dict):
            for group in poetry["group"].values():
                if isinstance(group, dict) and isinstance(group.get("dependencies"), dict):
                    poetry_tables.append(group["dependencies"])
    declared = set()
    pins: list[Pin] = []
    lines = text.split("\n")
    used: set[tuple[int, int]] = set()
    from packaging.requirements import InvalidRequirement, Requirement

    for item in strings:
        try:
            req = Requirement(item)
        except InvalidRequirement:
            continue
        name = canonical(req.name)
        declared.add(name)
        if name in WATCHED:
            line, col = _locate(lines, [f'"{item}"', f"'{item}'"], used)
            pins.append(Pin(name, str(req.specifier), line, col, line, col + len(item) + 2, "pep621", item,
                            tuple(sorted(req.extras)), str(req.marker) if req.marker else ""))
    for table in poetry_tables:
        for raw_name, value in table.items():
            name = canonical(raw_name)
            declared.add(name)
            if name not in WATCHED:
                continue
            version = value.get("version", "*") if isinstance(value, dict) else value
            if not isinstance(version, str):
                continue
            line, col = _locate_key(lines, raw_name, used)
            end_col = len(lines[line - 1].rstrip()) + 1 if 0 < line <= len(lines) else col
            pins.append(Pin(name, poetry_specifier(version), line, col, line, end_col, "poetry", version))
    for pin in pins:
        pin.declared = frozenset(declared)
        yield pin


def _str_list(value) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _locate(lines: list[str], needles: list[str], used: set[tuple[int, int]]) -> tuple[int, int]:
    """The first not yet used occurrence of one of ``needles``: (line, 1-based column)."""
    for number, line in enumerate(lines, 1):
        for needle in needles:
            start = line.find(needle)
            while start >= 0:
                if (number, start) not in used:
                    used.add((number, start))
                    return number, start + 1
                start = line.find(needle, start + 1)
    return 1, 1


def _locate_key(lines: list[str], key: str, used: set[tuple[int, int]]) -> tuple[int, int]:
    pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=", re.IGNORECASE)
    for number, line in enumerate(lines, 1):
        if pattern.match(line) and (number, 0) not in used:
            used.add((number, 0))
            return number, len(line) - len(line.lstrip()) + 1
    return 1, 1


def poetry_specifier(version: str) -> str:
    """A Poetry constraint (``^1.3``, ``~1.3``, ``1.3.*``, ``>=1,<2``, ``*``) as PEP 440."""
    out = []
    for part in re.split(r"\s*,\s*|\s+(?=[<>=!~^])", version.strip()):
        part = part.strip()
        if not part or part == "*":
            continue
        if part.startswith("^"):
            nums = part[1:].split(".")
            upper_index = next((i for i, n in enumerate(nums) if n != "0"), len(nums) - 1)
            upper = [str(int(n)) if n.isdigit() else n for n in nums[: upper_index + 1]]
            upper[-1] = str(int(upper[-1]) + 1) if upper[-1].isdigit() else upper[-1]
            out += [f">={part[1:]}", f"<{'.'.join(upper)}"]
        elif part.startswith("~") and not part.startswith("~="):
            nums = part[1:].split(".")
            if len(nums) >= 2 and nums[1].isdigit():
                out += [f">={part[1:]}", f"<{nums[0]}.{int(nums[1]) + 1}"]
            elif nums[0].isdigit():
                out += [f">={part[1:]}", f"<{int(nums[0]) + 1}"]
        elif part[0].isdigit():
            out.append(f"=={part}")
        else:
            out.append(part)
    return ",".join(out)


# -- setup.cfg --------------------------------------------------------------------------------

def setup_cfg_pins(text: str) -> Iterator[Pin]:
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(text)
    except configparser.Error as exc:
        raise DocumentError(f"invalid setup.cfg: {str(exc).splitlines()[0]}") from None
    values = []
    if parser.has_option("options", "install_requires"):
        values.append(parser.get("options", "install_requires"))
    if parser.has_section("options.extras_require"):
        values += [v for _, v in parser.items("options.extras_require")]
    items = [line.strip() for value in values for line in value.split("\n") if line.strip()]
    yield from _strings_as_pins(items, text, "setup.cfg")


def _strings_as_pins(items: list[str], text: str, fmt: str) -> Iterator[Pin]:
    from packaging.requirements import InvalidRequirement, Requirement

    lines = text.split("\n")
    used: set[tuple[int, int]] = set()
    reqs = []
    for item in items:
        try:
            reqs.append((item, Requirement(item)))
        except InvalidRequirement:
            continue
    declared = frozenset(canonical(r.name) for _, r in reqs)
    for item, req in reqs:
        name = canonical(req.name)
        if name in WATCHED:
            line, col = _locate(lines, [item], used)
            yield Pin(name, str(req.specifier), line, col, line, col + len(item), fmt, item,
                      tuple(sorted(req.extras)), str(req.marker) if req.marker else "", declared)


# -- setup.py ---------------------------------------------------------------------------------

def setup_py_pins(tree: ast.Module) -> Iterator[Pin]:
    from packaging.requirements import InvalidRequirement, Requirement

    constants: list[ast.Constant] = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == "setup"):
            continue
        for keyword in node.keywords:
            if keyword.arg == "install_requires" and isinstance(keyword.value, (ast.List, ast.Tuple)):
                constants += [e for e in keyword.value.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
            elif keyword.arg == "extras_require" and isinstance(keyword.value, ast.Dict):
                for value in keyword.value.values:
                    if isinstance(value, (ast.List, ast.Tuple)):
                        constants += [e for e in value.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
    reqs = []
    for constant in constants:
        try:
            reqs.append((constant, Requirement(constant.value)))
        except InvalidRequirement:
            continue
    declared = frozenset(canonical(r.name) for _, r in reqs)
    for constant, req in reqs:
        name = canonical(req.name)
        if name in WATCHED:
            yield Pin(name, str(req.specifier), constant.lineno, constant.col_offset + 1,
                      constant.end_lineno or constant.lineno, (constant.end_col_offset or 0) + 1, "setup.py",
                      constant.value, tuple(sorted(req.extras)), str(req.marker) if req.marker else "", declared)


# -- conda environment.yml --------------------------------------------------------------------

_CONDA_SPEC = re.compile(r"^(?:[\w.-]+::)?(?P<name>[A-Za-z0-9][\w.-]*)\s*(?P<spec>.*)$")


def conda_pins(text: str) -> Iterator[Pin]:
    entries: list[tuple[str, object, str]] = []  # (text, node, fmt)
    for root in yaml_documents(text):
        if not isinstance(root.value, Mapping):
            continue
        for key, value in root.value:
            # a Mapping is a list of pairs too: `dependencies: {a: b}` is no dependency list
            if key.value != "dependencies" or not isinstance(value.value, list) or isinstance(value.value, Mapping):
                continue
            for item in value.value:
                if isinstance(item.value, str):
                    entries.append((item.value, item, "conda"))
                elif isinstance(item.value, Mapping):
                    for sub_key, sub_value in item.value:
                        if (sub_key.value == "pip" and isinstance(sub_value.value, list)
                                and not isinstance(sub_value.value, Mapping)):
                            entries += [(s.value, s, "conda-pip") for s in sub_value.value if isinstance(s.value, str)]
    from packaging.requirements import InvalidRequirement, Requirement

    parsed = []
    for raw, node, fmt in entries:
        if fmt == "conda-pip":
            try:
                req = Requirement(raw)
            except InvalidRequirement:
                continue
            parsed.append((canonical(req.name), str(req.specifier), node, fmt, raw, tuple(sorted(req.extras))))
        else:
            match = _CONDA_SPEC.match(raw.strip())
            if match:
                parsed.append((canonical(match.group("name")), conda_specifier(match.group("spec")), node, fmt, raw, ()))
    declared = frozenset(p[0] for p in parsed)
    for name, spec, node, fmt, raw, extras in parsed:
        if name in WATCHED:
            yield Pin(name, spec, node.line, node.col, node.end_line, node.end_col, fmt, raw, extras, "", declared)


def conda_specifier(spec: str) -> str:
    """A conda version spec (``=1.3``, ``1.3.*``, ``>=1,<2``, ``==1.3.0``) as PEP 440."""
    spec = spec.strip().split(" ")[0] if " " in spec.strip() and not re.match(r"^[<>=!]", spec.strip()) else spec.strip()
    out = []
    for part in (p.strip() for p in spec.split(",")):
        if not part:
            continue
        if part.startswith("=") and not part.startswith("=="):
            out.append(f"=={part[1:].rstrip('*').rstrip('.')}.*" if part[1:] else "")
        elif part[0].isdigit():
            out.append(f"=={part}" if "*" in part else f"=={part}.*")
        else:
            out.append(part)
    return ",".join(p for p in out if p)
