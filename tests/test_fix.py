"""``aoai-migrate fix``: the guarantees (idempotence, output parses, bytes outside the edits
kept, atomic writes with permissions, unparsable files left alone, --diff writes nothing) and
the edit machinery (enclosing fix wins, bad edits rejected)."""

import ast
import os
import stat

import pytest

from aoai_migrate.cli import main
from aoai_migrate.fix import edits as edit_ops
from aoai_migrate.fix import passes
from aoai_migrate.model import Applicability, Category, Edit, Finding, Fix

APP = '''\
import os  # keep this comment
from azure.ai.inference import ChatCompletionsClient
from azure.ai.inference.models import SystemMessage, UserMessage
from azure.core.credentials import AzureKeyCredential

def   oddly_formatted( x ):   # spacing stays
    return x

client = ChatCompletionsClient(
    endpoint="https://my-res.services.ai.azure.com/models",
    credential=AzureKeyCredential(os.environ["KEY"]),
)
response = client.complete(messages=[SystemMessage("be brief"), UserMessage("hi")], model="gpt-4o-mini")
print(response.choices[0].message.content)
'''


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text("[tool.aoai-migrate]\n")
    return tmp_path


def fix(*args):
    return main(["fix", *args])


def test_fix_migrates_the_module_and_its_imports(project, capsys):
    (project / "app.py").write_text(APP)
    assert fix("--unsafe-fixes", "app.py") in (0, 1)
    out = (project / "app.py").read_text()
    ast.parse(out)
    assert "from openai import OpenAI" in out
    assert "azure.ai.inference" not in out and "AzureKeyCredential" not in out
    assert "client.chat.completions.create(" in out and '"role": "system"' in out
    assert 'base_url="https://my-res.services.ai.azure.com/openai/v1/"' in out
    summary = capsys.readouterr().out
    assert "AOM102 inference-sdk-client: 1 fixed" in summary


def test_second_run_changes_nothing(project, capsys):
    (project / "app.py").write_text(APP)
    fix("--unsafe-fixes", "app.py")
    first = (project / "app.py").read_bytes()
    capsys.readouterr()
    assert fix("--unsafe-fixes", "--diff", "app.py") == 0
    assert capsys.readouterr().out == ""
    fix("--unsafe-fixes", "app.py")
    assert (project / "app.py").read_bytes() == first


def test_text_outside_the_edits_is_kept_byte_for_byte(project):
    (project / "app.py").write_text(APP)
    fix("--unsafe-fixes", "app.py")
    out = (project / "app.py").read_text()
    assert out.startswith("import os  # keep this comment\n")
    assert "def   oddly_formatted( x ):   # spacing stays\n    return x\n" in out
    assert out.endswith("print(response.choices[0].message.content)\n")


def test_crlf_bom_and_coding_cookie_are_kept(project):
    crlf = APP.replace("\n", "\r\n").encode("utf-8")
    (project / "crlf.py").write_bytes(crlf)
    (project / "bom.py").write_bytes(b"\xef\xbb\xbf" + APP.encode())
    latin = ("# -*- coding: latin-1 -*-\n# caf\u00e9\n" + APP).encode("latin-1")
    (project / "latin.py").write_bytes(latin)
    fix("--unsafe-fixes", ".")
    out = (project / "crlf.py").read_bytes()
    assert out != crlf and b"\n" not in out.replace(b"\r\n", b"")
    assert b"from openai import OpenAI\r\n" in out
    bom = (project / "bom.py").read_bytes()
    assert bom.startswith(b"\xef\xbb\xbfimport os") and b"from openai import OpenAI" in bom
    latin_out = (project / "latin.py").read_bytes()
    assert latin_out.startswith("# -*- coding: latin-1 -*-\n# caf\u00e9\n".encode("latin-1"))
    assert b"from openai import OpenAI" in latin_out


def test_crlf_segment_spliced_into_a_call_keeps_one_line_ending(project):
    """An argument spanning lines of a CRLF file (with a comment inside) is spliced into the
    new call as the renderer read it: the result has CRLF endings only, never CR CR LF."""
    source = (
        "from azure.ai.inference import ChatCompletionsClient\n\n\n"
        "def ask(client: ChatCompletionsClient):\n"
        "    return client.complete(messages=[], model=\"gpt-4o\",  # the deployment\n"
        "        model_extras={\"a\": max(1,  # at least one\n"
        "            2)})\n"
    )
    (project / "app.py").write_bytes(source.replace("\n", "\r\n").encode())
    fix("--unsafe-fixes", "app.py")
    out = (project / "app.py").read_bytes()
    assert b"\r\r" not in out and b"\n" not in out.replace(b"\r\n", b"")
    assert b'model="gpt-4o",  # the deployment\r\n' in out and b"max(1,  # at least one\r\n" in out


def test_import_edits_keep_the_lines_around_the_imports(project):
    """The blank line after a docstring or a shebang/encoding head, a comment block above the
    imports, and CRLF line endings stay as they were when imports are added and removed."""
    head = '#!/usr/bin/env python\n# -*- coding: utf-8 -*-\n"""Docs."""\n\n# imports below\n'
    source = head + APP.replace("import os  # keep this comment\n", "import os\n\n")
    (project / "app.py").write_bytes(source.replace("\n", "\r\n").encode())
    fix("--unsafe-fixes", "app.py")
    out = (project / "app.py").read_bytes()
    expected = head + "import os\n\nfrom openai import OpenAI\n\ndef   oddly_formatted( x ):"
    assert out.startswith(expected.replace("\n", "\r\n").encode())
    fix("--unsafe-fixes", "app.py")
    assert (project / "app.py").read_bytes() == out


def test_writes_keep_permissions_and_leave_no_temporary_file(project):
    path = project / "app.py"
    path.write_text(APP)
    os.chmod(path, 0o640)
    fix("--unsafe-fixes", "app.py")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640
    assert sorted(p.name for p in project.iterdir()) == ["app.py", "pyproject.toml"]


def test_diff_writes_nothing_and_exits_1(project, capsys):
    (project / "app.py").write_text(APP)
    before = (project / "app.py").stat().st_mtime_ns
    assert fix("--unsafe-fixes", "--diff", "app.py") == 1
    out = capsys.readouterr().out
    assert out.startswith("--- a/app.py\n+++ b/app.py\n")
    assert "+from openai import OpenAI\n" in out and "-from azure.ai.inference import ChatCompletionsClient\n" in out
    assert (project / "app.py").read_text() == APP
    assert (project / "app.py").stat().st_mtime_ns == before


def test_unparsable_file_is_reported_and_left(project, capsys):
    broken = "from azure.ai.inference import ChatCompletionsClient\nc = ChatCompletionsClient(\n"
    (project / "broken.py").write_text(broken)
    (project / "app.py").write_text(APP)
    assert fix("--unsafe-fixes", ".") == 2
    assert (project / "broken.py").read_text() == broken
    assert "broken.py: error: syntax error" in capsys.readouterr().err
    assert "from openai import OpenAI" in (project / "app.py").read_text()  # the others are fixed


def test_nothing_outside_the_given_paths_is_touched(project):
    (project / "app.py").write_text(APP)
    (project / "other.py").write_text(APP)
    fix("--unsafe-fixes", "app.py")
    assert (project / "other.py").read_text() == APP
    assert (project / "app.py").read_text() != APP


def test_select_limits_the_fixes(project, capsys):
    (project / "app.py").write_text(APP)
    fix("--unsafe-fixes", "--select", "AOM103", "app.py")
    out = (project / "app.py").read_text()
    assert "client.chat.completions.create(" in out and "ChatCompletionsClient(" in out


def test_safe_only_by_default(project, capsys):
    (project / "app.py").write_text("x = 1\n")
    assert fix("app.py") == 0
    assert "Fixed 0 findings in 0 files (1 checked); 0 left for a person." in capsys.readouterr().out


# -- the machinery ----------------------------------------------------------------------------


def _finding(code, edits, applicability=Applicability.SAFE, imports=()):
    return Finding(code, "x", Category.INFERENCE_SDK, "m.py", 1, 1, 1, 1, "m",
                   fix=Fix(applicability, "m", tuple(edits), tuple(imports)))


def test_the_enclosing_fix_wins():
    text = "value = outer(inner(1))\n"
    outer = _finding("AOM102", [Edit(1, 8, 1, 23, "new_outer(1)")])
    inner = _finding("AOM201", [Edit(1, 14, 1, 22, "new_inner(1)")])
    positions = edit_ops.Positions(text)
    candidates = [edit_ops.Candidate(f, positions.spans(f.fix.edits, "\n")) for f in (inner, outer)]
    taken, dropped = edit_ops.select(candidates)
    assert [c.finding.code for c in taken] == ["AOM102"] and [c.finding.code for c in dropped] == ["AOM201"]


def test_identical_edits_of_two_rules_apply_once():
    text = "c = make(1)\n"
    a = _finding("AOM102", [Edit(1, 4, 1, 11, "OpenAI()")])
    b = _finding("AOM201", [Edit(1, 4, 1, 11, "OpenAI()")])
    outcome = passes.fix_text(text, _once([a, b]))
    assert outcome.text == "c = OpenAI()\n"


def _once(findings):
    calls = []

    def analyse(tree, text):
        calls.append(text)
        return findings if len(calls) == 1 else []

    return analyse


def test_an_edit_that_breaks_the_code_is_rejected_and_the_others_applied():
    text = "a = 1\nb = 2\n"
    bad = _finding("AOM102", [Edit(1, 4, 1, 5, "(")])
    good = _finding("AOM103", [Edit(2, 4, 2, 5, "3")], imports=("import openai",))
    outcome = passes.fix_text(text, _once([bad, good]))
    assert outcome.text == "import openai\n\na = 1\nb = 3\n"
    assert outcome.rejected == {"AOM102": 1}


def test_unsafe_and_display_only_fixes_wait():
    text = "a = 1\n"
    unsafe = _finding("AOM102", [Edit(1, 4, 1, 5, "2")], Applicability.UNSAFE)
    shown = _finding("AOM103", [Edit(1, 0, 1, 1, "b")], Applicability.DISPLAY_ONLY)
    assert passes.fix_text(text, _once([unsafe, shown])).text == text
    assert passes.fix_text(text, _once([unsafe, shown]), unsafe=True).text == "a = 2\n"
    assert passes.reason(unsafe, False) == passes.UNSAFE and passes.reason(shown, True) == passes.DISPLAY_ONLY


def test_passes_stop_on_a_cycle():
    flip = {"a = 1\n": "2", "a = 2\n": "1"}

    def analyse(tree, text):
        return [_finding("AOM102", [Edit(1, 4, 1, 5, flip[text])])]

    outcome = passes.fix_text("a = 1\n", analyse)
    assert outcome.passes <= 3 and outcome.text in flip


def test_missing_libcst_is_said_clearly(project, capsys, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "libcst", None)
    (project / "app.py").write_text(APP)
    assert fix("app.py") == 2
    assert "pip install 'aoai-migrate[fix]'" in capsys.readouterr().err
    assert (project / "app.py").read_text() == APP


def test_pre_commit_fix_hook():
    from pathlib import Path

    yaml = pytest.importorskip("yaml")
    hooks = yaml.safe_load((Path(__file__).resolve().parents[1] / ".pre-commit-hooks.yaml").read_text())
    hook = next(h for h in hooks if h["id"] == "aoai-migrate-fix")
    assert hook["entry"].split()[:2] == ["aoai-migrate", "fix"] and hook["language"] == "python"
    assert any(dep.startswith("libcst") for dep in hook["additional_dependencies"])


def test_edits_whose_imports_cannot_be_added_are_not_applied(monkeypatch):
    """A fix whose new code needs an import that cannot be added is left (never a NameError)."""
    def broken(text, add, remove):
        raise RuntimeError("libcst cannot parse this")

    needs = _finding("AOM102", [Edit(1, 4, 1, 5, "OpenAI()")], imports=("from openai import OpenAI",))
    outcome = passes.fix_text("a = 1\n", _once([needs]), update_imports=broken)
    assert outcome.text == "a = 1\n" and outcome.rejected == {"AOM102": 1}
    plain = _finding("AOM103", [Edit(1, 4, 1, 5, "2")])
    assert passes.fix_text("a = 1\n", _once([plain]), update_imports=broken).text == "a = 2\n"


HEADS = [
    '"""Doc."""\nfrom __future__ import annotations\nimport os\nfrom azure.core.credentials import AzureKeyCredential\n\nx = 1\n\n\ndef f():\n    return os.sep\n',
    "#!/usr/bin/env python\n# a licence\n\nx = 1\ny = 2\n",
    "import os\nprint(1)\nimport azure.ai.inference as inference\n\nclient = inference.make()\n\ndef g():\n    return 2\n",
    "try:\n    from azure.core.exceptions import HttpResponseError\nexcept ImportError:\n    HttpResponseError = None\nimport sys\n\nz = 3\n",
    "import sys\n\ndef late():\n    from azure.core.credentials import AzureKeyCredential\n    return 1\n\nclass C:\n    pass\n",
    "import azure.ai.inference\nimport azure.identity\nx = azure.identity.DefaultAzureCredential()\n",
    "import azure.ai.inference\nx = azure.ai.inference.ChatCompletionsClient\n",
    'from azure.core.credentials import AzureKeyCredential\ndef f(c: "AzureKeyCredential"):\n    pass\n',
    'from azure.core.credentials import AzureKeyCredential\n__all__ = ["AzureKeyCredential"]\n',
    "from openai import OpenAI\nimport os\nclient = OpenAI()\n",
    "x = 1\n",
    "# only a comment\n",
    "from azure.core.credentials import (\n    AzureKeyCredential,  # k\n    AzureSasCredential,\n)\nAzureSasCredential\n",
    "def f():\n    try:\n        from azure.core.exceptions import HttpResponseError\n    except ImportError:\n        return 0\n    return 1\n",
    "import os\nx = 1\nfrom openai import AsyncOpenAI\n",
]
CANDIDATES = [
    ("azure.core.credentials", "AzureKeyCredential", None), ("azure.ai.inference", None, "inference"),
    ("azure.ai.inference", None, None), ("azure.core.exceptions", "HttpResponseError", None),
]


@pytest.mark.parametrize("text", HEADS)
def test_imports_on_the_head_of_a_module_equal_libcst_on_the_whole(text):
    """The codemods run on the module's head only after ast decided what the whole module uses:
    the result must be what libcst's codemods give on the whole module."""
    from aoai_migrate.fix import imports as import_ops

    add = ["from openai import OpenAI", "import openai"]
    additions = [p for statement in add for p in import_ops.parse_import(statement)]
    assert import_ops.update(text, add, CANDIDATES) == import_ops._codemods(text, additions, CANDIDATES)
    assert import_ops.update(text, [], CANDIDATES) == import_ops._codemods(text, [], CANDIDATES)


def test_an_import_sharing_its_line_goes_with_its_semicolon_where_libcst_leaves_it():
    from aoai_migrate.fix import imports as import_ops

    text = "import os; from azure.core.credentials import AzureKeyCredential\nfrom openai import AsyncOpenAI\n"
    additions = [p for statement in ["from openai import OpenAI"] for p in import_ops.parse_import(statement)]
    assert import_ops._codemods(text, additions, CANDIDATES).count("import os; \n") == 1  # libcst's
    assert import_ops.update(text, ["from openai import OpenAI"], CANDIDATES) == (
        "from openai import OpenAI\n\nimport os\nfrom openai import AsyncOpenAI\n"
    )


def test_comments_above_a_removed_import_stay():
    # (libcst's RemoveImportsVisitor takes the comment lines above a statement it removes)
    from aoai_migrate.fix import imports as import_ops

    text = "import os\n\n# the key credential\nfrom azure.core.credentials import AzureKeyCredential  # trailing\nx = os.sep\n"
    remove = [("azure.core.credentials", "AzureKeyCredential", None)]
    # and so does its own trailing comment, on a line of its own (tests/test_fix_import_layout.py)
    assert import_ops.update(text, [], remove) == "import os\n\n# the key credential\n# trailing\nx = os.sep\n"
    added = import_ops.update(text, ["from openai import OpenAI"], remove)
    assert added == "import os\n\n# the key credential\n# trailing\nfrom openai import OpenAI\n\nx = os.sep\n"


@pytest.mark.parametrize(
    "text, expected",
    [
        # a doc-snippet marker above the imports of the block it opens (azure samples' shape)
        (
            "def sample():\n    import os\n\n    # [START embed]\n"
            "    from azure.ai.inference import EmbeddingsClient\n"
            "    from azure.core.credentials import AzureKeyCredential\n\n"
            "    client = make(os.sep)\n    # [END embed]\n",
            "def sample():\n    import os\n\n    # [START embed]\n\n    client = make(os.sep)\n    # [END embed]\n",
        ),
        # a note on the removed import and the code below it: the notes stay, the blank line goes
        (
            "import os\n\n# the key credential\nfrom azure.core.credentials import AzureKeyCredential  # trailing\nx = os.sep\n",
            "import os\n\n# the key credential\n# trailing\nx = os.sep\n",
        ),
        # alone in its block: `pass` takes its place under the comment
        (
            "try:\n    # optional\n    from azure.core.credentials import AzureKeyCredential\nexcept ImportError:\n    pass\n",
            "try:\n    # optional\n    pass\nexcept ImportError:\n    pass\n",
        ),
    ],
)
def test_comments_above_removed_imports_stay_in_any_block(text, expected):
    """libcst's codemod drops a removed statement's leading comments; `fix` changes the import,
    not the comments (a `# [START ...]` marker lost leaves its `# [END ...]` unmatched)."""
    from aoai_migrate.fix import imports as import_ops

    candidates = [*CANDIDATES, ("azure.ai.inference", "EmbeddingsClient", None)]
    assert import_ops.update(text, [], candidates) == expected


def test_fix_keeps_the_marker_above_the_imports_it_removes(project):
    source = (
        "import os\n\n\ndef sample():\n"
        "    # [START embeddings]\n"
        "    from azure.ai.inference import EmbeddingsClient\n"
        "    from azure.core.credentials import AzureKeyCredential\n\n"
        '    client = EmbeddingsClient(endpoint="https://r.openai.azure.com", credential=AzureKeyCredential(os.environ["KEY"]))\n'
        '    response = client.embed(input=["a"], model="text-embedding-3-small")\n'
        "    # [END embeddings]\n"
        "    return response\n"
    )
    (project / "sample.py").write_text(source)
    fix("--unsafe-fixes", "sample.py")
    out = (project / "sample.py").read_text()
    assert "azure.ai.inference" not in out and "client.embeddings.create(" in out
    start, end = out.index("    # [START embeddings]\n"), out.index("    # [END embeddings]\n")
    assert start < out.index("client = OpenAI(") < end


def test_an_unused_aliased_module_import_is_removed():
    # (libcst's RemoveImportsVisitor keeps `import a.b as x` here; nothing reads `inference`)
    from aoai_migrate.fix import imports as import_ops

    text = "import os\nimport azure.ai.inference as inference\n\nclient = make(os.sep)\n"
    out = import_ops.update(text, [], [("azure.ai.inference", None, "inference")])
    assert out == "import os\n\nclient = make(os.sep)\n"


def test_every_module_is_fixed_against_the_project_before_any_is_written(project, capsys):
    """The client's module sorts first: written first, it would no longer show the Inference
    client to the next module, whose handler around the call through it would then be left
    catching azure-core errors the migrated call never raises. The writes equal --diff."""
    package = project / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a_clients.py").write_text(
        "from azure.ai.inference import ChatCompletionsClient\n"
        "from azure.core.credentials import AzureKeyCredential\n\n"
        'client = ChatCompletionsClient(endpoint="https://r.services.ai.azure.com/models", '
        'credential=AzureKeyCredential("k"))\n'
    )
    (package / "b_app.py").write_text(
        "from azure.core.exceptions import HttpResponseError\n\n"
        "from .a_clients import client\n\n\n"
        "def ask():\n"
        "    try:\n"
        '        return client.complete(messages=[{"role": "user", "content": "hi"}], model="m")\n'
        "    except HttpResponseError:\n"
        "        return None\n"
    )
    main(["fix", "--diff", "--unsafe-fixes", "pkg"])
    shown = capsys.readouterr().out
    assert "+    except openai.APIStatusError:" in shown
    main(["fix", "--unsafe-fixes", "pkg"])
    app = (package / "b_app.py").read_text()
    assert "except openai.APIStatusError:" in app and "HttpResponseError" not in app
