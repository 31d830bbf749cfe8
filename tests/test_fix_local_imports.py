"""Names the new code reads that are local to the function it goes into.

A name bound anywhere in a function is local to all of it: ``from openai import AsyncOpenAI`` in
the ``openai`` branch makes ``AsyncOpenAI`` unbound in the ``azure`` branch, whatever the module
imports. The fix that writes ``AsyncOpenAI(...)`` there must import it there (next to the import
it replaces), the snippet must show that import, and where no line can take it the fix is not
applied and the message says why. The fixed program is run against the local stub.
"""

from __future__ import annotations

import ast
import json
import pathlib
import subprocess
import sys
import textwrap

import pytest

from fixing import fix_file
from http_stub import AzureV1Stub

from aoai_migrate.analysis import reaching
from aoai_migrate.cli import main
from aoai_migrate.engine import analyze_source
from aoai_migrate.semantics import Semantics

PROGRAM = textwrap.dedent(
    """\
    import asyncio
    import sys


    async def embed(provider: str, endpoint: str, key: str | None) -> int:
        if provider == "azure_openai":
            try:
                from openai import AsyncAzureOpenAI
            except ImportError:
                raise ImportError("openai is needed") from None

            if key:
                client = AsyncAzureOpenAI(api_key=key, api_version="2024-06-01", azure_endpoint=endpoint)
            else:

                def get_token() -> str:
                    return "entra-token"

                client = AsyncAzureOpenAI(azure_ad_token_provider=get_token, api_version="2024-06-01", azure_endpoint=endpoint)
        elif provider == "openai":
            from openai import AsyncOpenAI

            client = AsyncOpenAI(api_key=key)
        else:
            raise ValueError(provider)
        response = await client.embeddings.create(model="vectors", input="hello")
        return len(response.data[0].embedding)


    print(asyncio.run(embed("azure_openai", sys.argv[1], "secret")) > 0)
    print(asyncio.run(embed("azure_openai", sys.argv[1], None)) > 0)
    """
)


def run(path: pathlib.Path, endpoint: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(path), endpoint], capture_output=True, text=True, timeout=120, cwd=path.parent
    )


def test_the_plain_fix_imports_the_class_in_the_branch_and_the_program_runs(tmp_path):
    program = tmp_path / "embed.py"
    program.write_text(PROGRAM, encoding="utf-8")
    with AzureV1Stub() as stub:
        before = run(program, stub.url)
        assert (before.returncode, before.stdout) == (0, "True\nTrue\n"), before.stderr
        assert [r.path for r in stub.requests] == ["/openai/deployments/vectors/embeddings"] * 2
        stub.clear()
        fix_file(program, unsafe=False)
        text = program.read_text(encoding="utf-8")
        after = run(program, stub.url)
        assert (after.returncode, after.stdout) == (0, "True\nTrue\n"), text + after.stderr
        assert [r.path for r in stub.requests] == ["/openai/v1/embeddings"] * 2
        assert [r.json["model"] for r in stub.requests] == ["vectors"] * 2
        assert not any("api-version" in r.query for r in stub.requests)
        assert stub.requests[0].headers.get("api-key") == "secret" or stub.requests[0].authorization == "Bearer secret"
        assert stub.requests[1].authorization == "Bearer entra-token"
    # the new import replaces the old one inside the try, and nothing goes to the module's head
    tree = ast.parse(text)
    assert [type(n).__name__ for n in tree.body[:2]] == ["Import", "Import"]
    assert "            from openai import AsyncOpenAI\n" in text
    assert "AsyncAzureOpenAI" not in text


def test_the_snippet_shows_the_import_the_branch_needs(capsys):
    findings = [f for f in analyze_source(PROGRAM, "embed.py") if f.code == "AOM301"]
    assert len(findings) == 2
    for finding in findings:
        assert finding.snippet.startswith("from openai import AsyncOpenAI\n\nAsyncOpenAI(")
        assert finding.fix.imports == ()
        inserted = [e for e in finding.fix.edits if e.start == e.end]
        assert [(e.line, e.text) for e in inserted] == [(9, "            from openai import AsyncOpenAI\n")]


def test_a_name_bound_before_the_site_needs_nothing():
    source = textwrap.dedent(
        """\
        async def make(endpoint: str, key: str):
            from openai import AsyncAzureOpenAI, AsyncOpenAI

            if key:
                return AsyncAzureOpenAI(api_key=key, api_version="2024-06-01", azure_endpoint=endpoint)
            return AsyncOpenAI()
        """
    )
    (finding,) = [f for f in analyze_source(source, "m.py") if f.code == "AOM301"]
    assert finding.snippet.startswith("AsyncOpenAI(")
    assert finding.fix.imports == () and len(finding.fix.edits) == 1


def test_a_module_import_with_no_local_name_still_goes_to_the_head():
    source = textwrap.dedent(
        """\
        from openai import AzureOpenAI


        def make(endpoint: str, key: str):
            return AzureOpenAI(api_key=key, api_version="2024-06-01", azure_endpoint=endpoint)
        """
    )
    (finding,) = [f for f in analyze_source(source, "m.py") if f.code == "AOM301"]
    assert finding.fix.imports == ("from openai import OpenAI",)
    assert len(finding.fix.edits) == 1


def test_a_one_line_function_gets_no_fix_and_the_message_says_why(tmp_path, capsys):
    source = textwrap.dedent(
        """\
        from openai import AsyncAzureOpenAI


        def make(key, other): return AsyncAzureOpenAI(api_key=key, api_version="2024-06-01", azure_endpoint="https://r.openai.azure.com") if key else (AsyncOpenAI := other)
        """
    )
    path = tmp_path / "m.py"
    path.write_text(source, encoding="utf-8")
    capsys.readouterr()
    main(["check", "--format", "json", str(path)])
    data = json.loads(capsys.readouterr().out)
    (finding,) = [f for f in (data if isinstance(data, list) else data["findings"]) if f["code"] == "AOM301"]
    assert finding["fix"]["applicability"] == "display-only"
    assert "`AsyncOpenAI` is a local name of `make()`" in finding["message"]
    fix_file(path, unsafe=True)
    assert path.read_text(encoding="utf-8") == source


@pytest.mark.parametrize(
    ("body", "unbound"),
    [
        ("if p:\n    X = 1\nelse:\n    use(X)", True),  # another branch
        ("use(X)\nX = 1", True),  # later
        ("X = 1\nif p:\n    use(X)", False),  # before, on the path
        ("if p:\n    X = 1\nelse:\n    X = 2\nuse(X)", False),  # both branches
        ("try:\n    import X\nexcept ImportError:\n    raise\nuse(X)", False),  # the handler leaves
        ("try:\n    import X\nexcept ImportError:\n    pass\nuse(X)", True),  # it does not
        ("for X in xs:\n    use(X)", False),
        ("global X\nif p:\n    X = 1\nuse(X)", False),  # not local
        ("use(X)", False),  # not bound in the function at all
        ("[X for X in xs]\nuse(X)", False),  # a comprehension's variable is its own
    ],
)
def test_unbound_local(body, unbound):
    source = "def f(p, xs):\n" + textwrap.indent(body, "    ") + "\n"
    tree = ast.parse(source)
    Semantics(tree)  # parent links
    site = next(
        n.args[0] for n in ast.walk(tree)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "use"
    )
    assert reaching.unbound_local("X", site) is unbound


def test_a_nested_function_reading_the_enclosing_functions_local_gets_its_own_import(tmp_path):
    source = textwrap.dedent(
        """\
        def make(provider: str, endpoint: str, key: str):
            if provider == "azure":
                from openai import AzureOpenAI

                def build():
                    return AzureOpenAI(api_key=key, api_version="2024-06-01", azure_endpoint=endpoint)

                return type(build()).__name__
            from openai import OpenAI  # OpenAI is a local of make(), a free variable of build()

            return type(OpenAI(api_key=key)).__name__


        print(make("azure", "https://r.openai.azure.com", "k"))
        """
    )
    program = tmp_path / "nested.py"
    program.write_text(source, encoding="utf-8")
    fix_file(program, unsafe=False)
    text = program.read_text(encoding="utf-8")
    assert "    def build():\n            from openai import OpenAI\n            return OpenAI(" in text
    done = run(program, "unused")
    assert (done.returncode, done.stdout) == (0, "OpenAI\n"), text + done.stderr
