"""Azure OpenAI API versions in configuration files: ``.env`` files (python-dotenv's parser),
JSON and YAML settings (app settings, ``local.settings.json``, ARM templates, compose files,
workflow ``env:``), Prompty front matter (YAML) and Bicep templates.

A setting is an Azure OpenAI API version when its value looks like one (``2024-02-01``,
``2024-10-21-preview``) and it is about OpenAI: its key names OpenAI (``OPENAI_API_VERSION``,
``AZURE_OPENAI_API_VERSION``, ``openAiApiVersion``), or it is an ``api_version``-like key under
or beside something that does (an ``AzureOpenAI`` section, a Prompty ``type: azure_openai``
configuration, an ``*.openai.azure.com`` endpoint). Other services' versions (Stripe, Azure AI
Search, Storage) and ARM resource ``apiVersion``s (``Microsoft.CognitiveServices/accounts``) are
not: they are about something else.
"""

from __future__ import annotations

import dataclasses
import io
import re
from typing import Iterator

from .tree import DocumentError, Mapping, Node, json_tree, walk, yaml_documents

API_VERSION_VALUE = re.compile(r"^\d{4}-\d{2}-\d{2}(-preview|-alpha|-beta)?$", re.IGNORECASE)
_OPENAI = ("openai", "aoai")
#: endpoints of Azure OpenAI resources (classic and AI Foundry)
_AZURE_ENDPOINT = re.compile(r"^https://[\w.-]+\.(openai\.azure\.com|cognitiveservices\.azure\.com|services\.ai\.azure\.com)",
                             re.IGNORECASE)


def _norm(key: str) -> str:
    return re.sub(r"[^a-z0-9]", "", key.lower())


def is_version_key(key: str) -> bool:
    return _norm(key).endswith("apiversion")


def names_openai(text: str) -> bool:
    low = text.lower()
    return any(word in low for word in _OPENAI)


def base_url(endpoint: str) -> str:
    """An Azure OpenAI endpoint -> its v1 base URL (``https://x.openai.azure.com/openai/v1/``)."""
    root = endpoint.strip().rstrip("/")
    for tail in ("/openai/v1", "/openai"):
        if root.lower().endswith(tail):
            root = root[: -len(tail)]
    return f"{root}/openai/v1/"


@dataclasses.dataclass
class Setting:
    """One Azure OpenAI API version in a configuration file."""

    key: str
    value: str
    line: int
    col: int
    end_line: int
    end_col: int
    #: "dotenv", "json", "yaml", "prompty" or "bicep"
    fmt: str
    #: an Azure OpenAI endpoint set beside it (same file or section), if any
    endpoint: str | None = None
    #: the migrated settings around it, in the file's own format, when they can be shown
    migrated: str | None = None


# -- .env -------------------------------------------------------------------------------------

def dotenv_settings(text: str) -> Iterator[Setting]:
    from dotenv.parser import parse_stream

    bindings = [b for b in parse_stream(io.StringIO(text)) if b.key is not None and not b.error]
    endpoint = next(
        (b.value for b in bindings if b.value and _AZURE_ENDPOINT.match(b.value.strip())), None
    )
    for binding in bindings:
        key, value = binding.key, (binding.value or "").strip()
        if not (is_version_key(key) and names_openai(key) and API_VERSION_VALUE.match(value)):
            continue
        original = binding.original.string
        start = original.find(key)
        first_line = original.split("\n", 1)[0].rstrip("\r")
        lines = [f"# remove {_one_line(key)}={_one_line(value)}: the v1 endpoint takes no api-version"]
        if endpoint is not None:
            lines.append(f"AZURE_OPENAI_BASE_URL={base_url(endpoint)}")
        yield Setting(key, value, binding.original.line, max(start, 0) + 1, binding.original.line,
                      len(first_line) + 1, "dotenv", endpoint, "\n".join(lines) + "\n")


# -- JSON / YAML / Prompty --------------------------------------------------------------------

def json_settings(text: str) -> Iterator[Setting]:
    yield from _tree_settings([json_tree(text)], "json")


def yaml_settings(text: str, fmt: str = "yaml", line_offset: int = 0) -> Iterator[Setting]:
    yield from _tree_settings(yaml_documents(text, line_offset), fmt)


def prompty_settings(text: str) -> Iterator[Setting]:
    """The YAML front matter of a Prompty file (between its first two ``---`` lines)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    if end is None:
        raise DocumentError("front matter has no closing ---")
    yield from yaml_settings("\n".join(lines[1:end]) + "\n", "prompty", line_offset=1)


def _tree_settings(roots: list[Node], fmt: str) -> Iterator[Setting]:
    for root in roots:
        for ancestors, mapping, key, value in walk(root):
            key_text = key.text
            if key_text is None:
                continue
            if _norm(key_text) == "name":  # name/value entries: see _entry_settings
                continue
            if not is_version_key(key_text):
                continue
            if _resource_version(mapping, key_text):
                continue
            target = value
            if isinstance(value.value, Mapping):  # ARM parameter: {"type": "string", "defaultValue": "..."}
                target = _pair_value(value.value, "defaultValue") or value
            if target.text is None or not API_VERSION_VALUE.match(target.text.strip()):
                continue
            if names_openai(key_text) or (_norm(key_text) == "apiversion" and (
                any(names_openai(a) for a in ancestors) or _openai_siblings(mapping, key)
            )):  # a bare api_version key is about its section; SEARCH_API_VERSION is about search
                yield _setting(key_text, target, fmt, mapping, ancestors)
        yield from _list_settings(root, fmt)
        yield from _entry_settings(root, fmt)


def _entry_settings(root: Node, fmt: str) -> Iterator[Setting]:
    """``[{"name": "AZURE_OPENAI_API_VERSION", "value": "2024-02-01"}, ...]`` (app settings of
    ARM templates, Kubernetes ``env:``): the migrated list drops the entry, and an Azure OpenAI
    endpoint entry beside it becomes an ``AZURE_OPENAI_BASE_URL`` entry."""
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node.value, Mapping):
            stack.extend(v for _, v in node.value)
            continue
        if not isinstance(node.value, list):
            continue
        stack.extend(node.value)
        entries = [(item, _pair_value(item.value, "name"), _pair_value(item.value, "value"))
                   for item in node.value if isinstance(item.value, Mapping)]
        for item, name, value in entries:
            if name is None or value is None or not isinstance(name.text, str) or value.text is None:
                continue
            if not (is_version_key(name.text) and names_openai(name.text) and API_VERSION_VALUE.match(value.text.strip())):
                continue
            endpoint = next((v.text for _, n, v in entries if v is not None and isinstance(v.text, str)
                             and _AZURE_ENDPOINT.match(v.text.strip())), None)
            migrated = []
            for other, other_name, other_value in entries:
                if other is item:
                    continue
                data = other.plain()
                if other_value is not None and other_value.text == endpoint and endpoint is not None:
                    migrated.append({"name": "AZURE_OPENAI_BASE_URL", "value": base_url(endpoint)})
                migrated.append(data)
            yield Setting(name.text, value.text.strip(), value.line, value.col, value.end_line, value.end_col, fmt,
                          endpoint, _dump(migrated, fmt) if migrated else None)


def _list_settings(root: Node, fmt: str) -> Iterator[Setting]:
    """``KEY=value`` strings in lists (compose ``environment:``, k8s ``args``)."""
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node.value, Mapping):
            stack.extend(v for _, v in node.value)
        elif isinstance(node.value, list):
            for item in node.value:
                text = item.text
                if text is not None and "=" in text:
                    key, _, value = text.partition("=")
                    key, value = key.strip(), value.strip()
                    if is_version_key(key) and names_openai(key) and API_VERSION_VALUE.match(value):
                        yield Setting(key, value, item.line, item.col, item.end_line, item.end_col, fmt,
                                      migrated=f"# remove {_one_line(key)}={_one_line(value)}: the v1 endpoint takes no api-version\n")
                else:
                    stack.append(item)


def _pair_value(mapping: Mapping, name: str) -> Node | None:
    for key, value in mapping:
        if isinstance(key.value, str) and _norm(key.value) == _norm(name):
            return value
    return None


def _resource_version(mapping: Mapping, key: str) -> bool:
    """An ARM resource's ``apiVersion`` (its ``type`` is ``Microsoft.X/y``): the version of the
    resource provider's API, not of Azure OpenAI's data plane."""
    kind = _pair_value(mapping, "type")
    return _norm(key) == "apiversion" and kind is not None and isinstance(kind.value, str) and "/" in kind.value


def _openai_siblings(mapping: Mapping, version_key: Node) -> bool:
    for key, value in mapping:
        if key is version_key:
            continue
        if isinstance(key.value, str) and names_openai(key.value):
            return True
        if isinstance(value.value, str) and (names_openai(value.value) or _AZURE_ENDPOINT.match(value.value)):
            return True
    return False


def _endpoint(mapping: Mapping) -> tuple[Node, Node] | None:
    for key, value in mapping:
        if isinstance(value.value, str) and _AZURE_ENDPOINT.match(value.value.strip()):
            return key, value
    return None


#: a migrated section longer than this is not shown (the message says what to remove)
MAX_SNIPPET_LINES = 24


def _setting(key: str, value: Node, fmt: str, mapping: Mapping, ancestors) -> Setting:
    found = _endpoint(mapping)
    endpoint = found[1].value if found else None
    data = {}
    for k, v in mapping:
        if isinstance(k.value, str) and _norm(k.value) == _norm(key):
            continue
        plain = v.plain()
        if found is not None and v is found[1]:
            plain = base_url(plain)
        data[str(k.value)] = plain
    migrated = _dump(data, fmt)
    return Setting(key, value.value.strip(), value.line, value.col, value.end_line, value.end_col, fmt,
                   endpoint, migrated)


def _dump(data: dict | list, fmt: str) -> str | None:
    if fmt == "json":
        import json

        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    else:
        import yaml

        text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False)
    return text if text.count("\n") <= MAX_SNIPPET_LINES else None


# -- Bicep ------------------------------------------------------------------------------------

#: Bicep tokens: comments, '...' strings (with \' escapes), identifiers, punctuation
_BICEP_TOKEN = re.compile(
    r"(?P<comment>//[^\n]*|/\*.*?\*/)|(?P<string>'(?:[^'\\]|\\.)*')|(?P<ident>[A-Za-z_][\w]*)"
    r"|(?P<punct>[{}\[\]:=,()])|(?P<newline>\n)|(?P<other>\S)",
    re.DOTALL,
)


def bicep_settings(text: str) -> Iterator[Setting]:
    """API versions in a Bicep template: ``AZURE_OPENAI_API_VERSION: '...'`` object properties,
    ``{ name: 'AZURE_OPENAI_API_VERSION', value: '...' }`` app settings and
    ``param``/``var`` declarations named for an OpenAI API version. There is no maintained
    Bicep parser for Python: this reads the language's tokens (strings, identifiers,
    punctuation; comments dropped), never raw lines. Resource types
    (``'Microsoft.CognitiveServices/accounts@2023-05-01'``) are not settings."""
    tokens = []
    line, line_start = 1, 0
    for match in _BICEP_TOKEN.finditer(text):
        kind = match.lastgroup
        start = match.start()
        if kind == "comment":
            line += match.group().count("\n")
            if "\n" in match.group():
                line_start = start + match.group().rfind("\n") + 1
            continue
        if kind == "newline":
            line += 1
            line_start = match.end()
            continue
        tokens.append((kind, match.group(), line, start - line_start + 1))
    for index, (kind, value, line, col) in enumerate(tokens):
        if kind != "string":
            continue
        text_value = value[1:-1]
        if not API_VERSION_VALUE.match(text_value):
            continue
        key = _bicep_key(tokens, index)
        if key and is_version_key(key) and names_openai(key):
            yield Setting(key, text_value, line, col, line, col + len(value), "bicep",
                          migrated=f"// remove {_one_line(key)}: the v1 endpoint takes no api-version\n")


def _one_line(text: str) -> str:
    """``text`` fit for a one-line comment: a quoted key may hold line breaks."""
    return " ".join(text.split())


def _bicep_key(tokens: list, index: int) -> str | None:
    """The name a string token is the value of, looking back over ``key:``, ``param name type =``,
    ``var name =`` and a ``name: '...'`` beside ``value:`` in the same object."""
    if index >= 2 and tokens[index - 1][1] == ":":
        key_kind, key = tokens[index - 2][0], tokens[index - 2][1]
        key = key[1:-1] if key_kind == "string" else key
        if key == "value":  # { name: 'X', value: '...' }: find the name in the same object
            depth = 0
            for back in range(index - 3, max(index - 40, -1), -1):
                tok = tokens[back][1]
                if tok in "}]":
                    depth += 1
                elif tok in "{[":
                    if depth == 0:
                        break
                    depth -= 1
                elif depth == 0 and tok == "name" and back + 2 < len(tokens) and tokens[back + 1][1] == ":" \
                        and tokens[back + 2][0] == "string":
                    return tokens[back + 2][1][1:-1]
            for ahead in range(index + 1, min(index + 40, len(tokens))):
                tok = tokens[ahead][1]
                if tok in "{}[]":
                    break
                if tok == "name" and ahead + 2 < len(tokens) and tokens[ahead + 1][1] == ":" \
                        and tokens[ahead + 2][0] == "string":
                    return tokens[ahead + 2][1][1:-1]
            return None
        return key
    if index >= 3 and tokens[index - 1][1] == "=":
        # param NAME TYPE = '...'  |  var NAME = '...'
        if index >= 4 and tokens[index - 4][1] == "param":
            return tokens[index - 3][1]
        if tokens[index - 3][1] == "var":
            return tokens[index - 2][1]
    return None
