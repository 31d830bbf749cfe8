"""AOM405 snippets fit the span they replace: a literal that continues a ``+`` chain gets its own
rewritten suffix, a prefix read from a variable's string default keeps a caveat, and the snippet
oracle catches a whole URL shown for a suffix."""

from __future__ import annotations

import ast
import textwrap

import snippet_oracle
from conftest import run

from aoai_migrate.model import Category, Finding

CALLER_ROOT = '''\
import httpx


def list_models(gateway=None):
    root = gateway or "https://contoso.openai.azure.com/openai"
    return httpx.get(root + "/models?api-version=2024-02-01")
'''

KNOWN_ROOT = '''\
import httpx

ROOT = "https://contoso.openai.azure.com/openai"


def list_models():
    return httpx.get(ROOT + "/models?api-version=2024-02-01")
'''

KEYED_SUFFIX = '''\
import httpx


def ask(endpoint, body):
    return httpx.post(endpoint + "/openai/deployments/gpt4o/chat/completions?api-version=2024-10-21", json=body)
'''

SPREAD_CHANGE = '''\
import httpx


def ask(endpoint, dep, body):
    return httpx.post(endpoint + "/openai/deployments/" + dep + "/chat/completions?api-version=2024-10-21", json=body)
'''


def _aom405(source: str) -> Finding:
    (finding,) = [f for f in run(source) if f.code == "AOM405"]
    return finding


def _pasted(source: str, finding: Finding) -> str:
    """``source`` with the finding's span replaced by its snippet (one-line spans)."""
    lines = source.splitlines(keepends=True)
    line = lines[finding.line - 1]
    lines[finding.line - 1] = line[: finding.col - 1] + finding.snippet + line[finding.end_col - 1:]
    return "".join(lines)


def test_a_caller_given_prefix_gets_the_suffix_and_a_caveat():
    finding = _aom405(CALLER_ROOT)
    assert finding.snippet == '"/v1/models"'
    assert "`root` may hold another URL at run time (`gateway`)" in finding.message
    pasted = _pasted(CALLER_ROOT, finding)
    assert 'root + "/v1/models"' in pasted
    ast.parse(pasted)
    assert not snippet_oracle.check_findings([finding], CALLER_ROOT)


def test_a_prefix_known_on_every_path_gets_the_suffix_without_a_caveat():
    finding = _aom405(KNOWN_ROOT)
    assert finding.snippet == '"/v1/models"'
    assert "run time" not in finding.message
    assert 'ROOT + "/v1/models"' in _pasted(KNOWN_ROOT, finding)


def test_a_change_inside_the_literal_keeps_the_prefix_operand():
    finding = _aom405(KEYED_SUFFIX)
    assert finding.snippet == '"/openai/v1/chat/completions"'
    assert 'endpoint + "/openai/v1/chat/completions"' in _pasted(KEYED_SUFFIX, finding)
    assert '`model="gpt4o"`' in finding.message


def test_a_change_across_operands_flags_and_replaces_the_whole_chain():
    """Tricky: the deployment is another operand, so the literal alone cannot carry the change:
    the finding spans the whole chain and the snippet is the whole URL."""
    finding = _aom405(SPREAD_CHANGE)
    assert finding.snippet == 'f"{endpoint}/openai/v1/chat/completions"'
    assert 'httpx.post(f"{endpoint}/openai/v1/chat/completions", json=body)' in _pasted(SPREAD_CHANGE, finding)
    assert not snippet_oracle.check_findings([finding], SPREAD_CHANGE)


def test_a_whole_literal_url_keeps_its_whole_snippet():
    """Negative: no chain, the literal is the URL."""
    source = 'URL = "https://contoso.openai.azure.com/openai/deployments/d/embeddings?api-version=2024-02-01"\n'
    assert _aom405(source).snippet == '"https://contoso.openai.azure.com/openai/v1/embeddings"'


# -- the oracle ------------------------------------------------------------------------------------


def _at(source: str, snippet: str) -> Finding:
    """A finding on the last string literal of ``source``."""
    node = [n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Constant) and isinstance(n.value, str)][-1]
    return Finding("AOM405", "url-api-version", Category.API_VERSION, "x.py", node.lineno, node.col_offset + 1,
                   node.end_lineno, node.end_col_offset + 1, "m", snippet)


def test_the_oracle_flags_a_whole_url_for_a_suffix():
    source = textwrap.dedent(CALLER_ROOT)
    kinds = [p.kind for p in snippet_oracle.problems(_at(source, '"https://contoso.openai.azure.com/openai/v1/models"'), source)]
    assert kinds == ["span"]
    kinds = [p.kind for p in snippet_oracle.problems(_at(source, 'f"{root}/v1/models"'), source)]
    assert kinds == ["span"]


def test_the_oracle_accepts_a_suffix_and_a_whole_url_for_a_whole_literal():
    source = textwrap.dedent(CALLER_ROOT)
    assert not snippet_oracle.problems(_at(source, '"/v1/models"'), source)
    whole = 'URL = "https://contoso.openai.azure.com/openai/models?api-version=2024-02-01"\n'
    assert not snippet_oracle.problems(_at(whole, '"https://contoso.openai.azure.com/openai/v1/models"'), whole)


# -- a root read through a variable's default stays the variable ------------------------------------

REALTIME_ROOT = '''\
def realtime_url(gateway=None):
    root = gateway or "wss://contoso.openai.azure.com/openai"
    return f"{root}/realtime?api-version=2024-10-01-preview&deployment=gpt4o-rt"
'''


def test_an_fstring_keeps_a_root_a_caller_may_replace():
    finding = _aom405(REALTIME_ROOT)
    assert finding.snippet == 'f"{root}/v1/realtime?model=gpt4o-rt"'
    assert "`root` may hold another URL at run time (`gateway`)" in finding.message


CLIENT_ROOT = '''\
from openai import AzureOpenAI

DEFAULT = "https://contoso.openai.azure.com"


def client(key, endpoint=None):
    root = endpoint or "https://contoso.openai.azure.com"
    return AzureOpenAI(azure_endpoint=root, api_version="2024-06-01", api_key=key)


def fixed(key):
    root = DEFAULT
    return AzureOpenAI(azure_endpoint=root, api_version="2024-06-01", api_key=key)
'''


def test_a_client_endpoint_a_caller_may_replace_is_not_folded_to_its_default():
    first, second = sorted((f for f in run(CLIENT_ROOT) if f.code == "AOM301"), key=lambda f: f.line)
    assert "base_url=f\"{root.rstrip('/')}/openai/v1/\"" in first.snippet
    assert "contoso" not in first.snippet
    # tricky negative: a root bound to a module constant on every path is still written out
    assert 'base_url="https://contoso.openai.azure.com/openai/v1/"' in second.snippet
