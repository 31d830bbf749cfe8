"""AOM404 on a parameter: the migrated header drops `api_version` only when nothing needs it; a
body that still reads it, callers passing it by keyword or a `**kwargs` keep it (default None)."""

from __future__ import annotations

import ast
import textwrap

from conftest import run
from snippet_oracle import problems

READS = textwrap.dedent("""\
    from openai import AzureOpenAI


    def make_client(endpoint, key, api_version="2024-02-01"):
        args = {"azure_endpoint": endpoint, "api_key": key}
        if api_version:
            args["api_version"] = api_version
        return AzureOpenAI(**args)
""")


def _aom404(source):
    (finding,) = [f for f in run(source) if f.code == "AOM404"]
    return finding


def _header(snippet: str) -> ast.FunctionDef:
    (fn,) = ast.parse(snippet).body
    return fn


def test_a_parameter_the_body_reads_stays_and_the_reads_are_named():
    finding = _aom404(READS)
    fn = _header(finding.snippet)
    assert [a.arg for a in fn.args.args] == ["endpoint", "key", "api_version"]
    assert isinstance(fn.args.defaults[-1], ast.Constant) and fn.args.defaults[-1].value is None
    assert "the body still reads `api_version` (lines 6, 7)" in finding.message
    assert "no automatic fix" in finding.message
    assert not problems(finding, READS)


def test_the_kept_header_runs_with_the_original_body():
    """The header pasted over the function: no NameError, and a caller's `api_version=` still binds."""
    finding = _aom404(READS)
    header = _header(finding.snippet)
    original = next(n for n in ast.parse(READS).body if isinstance(n, ast.FunctionDef))
    header.body = original.body
    module = ast.fix_missing_locations(ast.Module([header], []))
    namespace = {"AzureOpenAI": lambda **kw: kw}
    exec(compile(module, "pasted.py", "exec"), namespace)
    assert namespace["make_client"]("https://r", "k") == {"azure_endpoint": "https://r", "api_key": "k"}
    assert namespace["make_client"]("https://r", "k", api_version="v")["api_version"] == "v"


def test_a_parameter_only_passed_to_the_client_goes():
    source = textwrap.dedent("""\
        from openai import AzureOpenAI

        def make_client(endpoint, key, api_version="2024-02-01"):
            return AzureOpenAI(azure_endpoint=endpoint, api_key=key, api_version=api_version)
    """)
    finding = _aom404(source)
    assert [a.arg for a in _header(finding.snippet).args.args] == ["endpoint", "key"]
    assert "stays" not in finding.message


def test_callers_passing_it_by_keyword_keep_it():
    source = textwrap.dedent("""\
        from openai import AzureOpenAI

        class Settings:
            def __init__(self, endpoint, *, api_version: str = "2024-02-01"):
                self.client = AzureOpenAI(azure_endpoint=endpoint, api_version=api_version)

        class Chat(Settings):
            def __init__(self, endpoint):
                super().__init__(endpoint, api_version="2024-06-01")
    """)
    finding = _aom404(source)
    fn = _header(finding.snippet)
    assert [a.arg for a in fn.args.kwonlyargs] == ["api_version"]
    assert ast.unparse(fn.args.kwonlyargs[0].annotation) == "str | None"
    assert "callers pass `api_version=` (line 9)" in finding.message


def test_its_own_call_of_the_parent_is_no_caller():
    source = textwrap.dedent("""\
        from openai import AzureOpenAI

        class Base:
            def __init__(self, api_version=None):
                self.v = api_version

        class Speech(Base):
            def __init__(self, endpoint, api_version="2024-10-01-preview"):
                self.client = AzureOpenAI(azure_endpoint=endpoint, api_version=api_version)
                super().__init__(api_version="2024-06-01")
    """)
    (finding,) = [f for f in run(source) if f.code == "AOM404" and f.line == 8]
    assert "callers" not in finding.message
    assert [a.arg for a in _header(finding.snippet).args.args] == ["self", "endpoint"]


def test_a_kwargs_function_keeps_it():
    source = textwrap.dedent("""\
        from openai import AzureOpenAI

        def make_client(endpoint, api_version="2024-02-01", **kwargs):
            return AzureOpenAI(azure_endpoint=endpoint, api_version=api_version, **kwargs)
    """)
    finding = _aom404(source)
    assert "api_version" in [a.arg for a in _header(finding.snippet).args.args]
    assert "`**kwargs` would take a caller's `api_version=` unseen" in finding.message


def test_the_oracle_sees_a_dropped_parameter_still_read():
    import dataclasses

    finding = _aom404(READS)
    dropped = dataclasses.replace(finding, snippet="def make_client(endpoint, key):\n    ...\n")
    assert any("still reads" in str(p) for p in problems(dropped, READS))
