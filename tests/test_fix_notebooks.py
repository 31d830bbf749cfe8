"""``aoai-migrate fix`` on Jupyter notebooks: the Python code cells are fixed as one module and
written back in place; outputs, execution counts, metadata, markdown and untouched cells stay
as they were (only the changed cells' ``source`` differs), IPython lines are kept exactly,
imports go to the cell of the notebook's first import, ``--diff`` shows one diff per cell and
writes nothing, a second run changes nothing."""

from __future__ import annotations

import ast
import json
import os
import stat

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from aoai_migrate.cli import main

KERNEL = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}

PIP = "%pip install azure-ai-inference\n!ls"
IMPORTS = (
    "import os\n"
    "from azure.ai.inference import ChatCompletionsClient\n"
    "from azure.ai.inference.models import SystemMessage, UserMessage\n"
    "from azure.core.credentials import AzureKeyCredential"
)
CLIENT = (
    "client = ChatCompletionsClient(\n"
    '    endpoint="https://my-res.services.ai.azure.com/models",\n'
    '    credential=AzureKeyCredential(os.environ["AZURE_AI_KEY"]),\n'
    ")"
)
CHAT = (
    "%%time\n"
    'response = client.complete(messages=[SystemMessage("be brief"), UserMessage("hi")], model="gpt-4o-mini")\n'
    "print(response.choices[0].message.content)"
)
STREAM = (
    'stream = client.complete(messages=[UserMessage("tell a story")], model="gpt-4o-mini", stream=True)\n'
    "for update in stream:\n"
    '    print(update.choices[0].delta.content or "", end="")\n'
    "    !echo tick\n"
    "files = !ls"
)
ERRORS_IMPORT = "from azure.core.exceptions import HttpResponseError"
ERRORS = (
    "try:\n"
    '    client.complete(messages=[UserMessage("hi")], model="gpt-4o-mini")\n'
    "except HttpResponseError as error:\n"
    "    if error.status_code == 429:\n"
    '        print("throttled:", error.reason)\n'
    "    else:\n"
    "        raise"
)


def notebook(*cells) -> str:
    """A notebook as nbformat (and Jupyter) writes it: markdown for ``("md", text)``, code with
    an execution count, an output and cell metadata otherwise."""
    node = new_notebook(metadata=KERNEL)
    for number, cell in enumerate(cells, 1):
        if isinstance(cell, tuple):
            node.cells.append(new_markdown_cell(cell[1]))
        else:
            node.cells.append(new_code_cell(
                cell, execution_count=number, metadata={"tags": [f"t{number}"]},
                outputs=[new_output("stream", name="stdout", text=f"output of cell {number}\n")],
            ))
    return nbformat.writes(node) + "\n"


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text("[tool.aoai-migrate]\n")
    return tmp_path


def fix(*args):
    return main(["fix", *args])


def cells(path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def sources(path) -> list[str]:
    return ["".join(c["source"]) for c in cells(path)]


def assert_only_sources_changed(before: str, path) -> list[int]:
    """Everything but the ``source`` of code cells is as it was; returns the changed cells (1-based)."""
    old, new = json.loads(before), json.loads(path.read_text(encoding="utf-8"))
    assert {k: v for k, v in old.items() if k != "cells"} == {k: v for k, v in new.items() if k != "cells"}
    assert len(old["cells"]) == len(new["cells"])
    changed = []
    for number, (a, b) in enumerate(zip(old["cells"], new["cells"]), 1):
        assert {k: v for k, v in a.items() if k != "source"} == {k: v for k, v in b.items() if k != "source"}
        if a["source"] != b["source"]:
            assert a["cell_type"] == "code"
            changed.append(number)
    return changed


def test_chat_notebook_is_fixed_in_place(project, capsys):
    text = notebook(("md", "# Chat with a key"), PIP, IMPORTS, CLIENT, CHAT)
    path = project / "chat.ipynb"
    path.write_text(text, encoding="utf-8")
    assert fix("--unsafe-fixes", "chat.ipynb") == 0
    assert assert_only_sources_changed(text, path) == [3, 4, 5]
    md, pip, imports, client, chat = sources(path)
    assert pip == PIP  # magics and shell lines, byte for byte
    assert imports == "import os\nfrom openai import OpenAI"  # added where the imports are, SDK ones gone
    assert client == (
        'client = OpenAI(\n    base_url="https://my-res.services.ai.azure.com/openai/v1/",\n'
        '    api_key=os.environ["AZURE_AI_KEY"],\n)'
    )
    assert chat.startswith("%%time\nresponse = client.chat.completions.create(\n")
    assert '{"role": "system", "content": "be brief"}' in chat and chat.endswith("print(response.choices[0].message.content)")
    for source in (imports, client, chat.split("\n", 1)[1]):
        ast.parse(source)
    # the file is as nbformat writes it, and a second run changes nothing
    assert path.read_text(encoding="utf-8") == nbformat.writes(nbformat.reads(path.read_text(), as_version=4)) + "\n"
    first = path.read_bytes()
    capsys.readouterr()
    assert fix("--unsafe-fixes", "--diff", "chat.ipynb") == 0 and capsys.readouterr().out == ""
    assert fix("--unsafe-fixes", "chat.ipynb") == 0 and path.read_bytes() == first
    assert main(["check", "chat.ipynb"]) == 0


def test_stream_loop_keeps_its_shell_lines(project):
    text = notebook(IMPORTS, CLIENT, STREAM)
    path = project / "stream.ipynb"
    path.write_text(text, encoding="utf-8")
    fix("--unsafe-fixes", "stream.ipynb")
    assert assert_only_sources_changed(text, path) == [1, 2, 3]
    stream = sources(path)[2]
    assert "    !echo tick\n" in stream and stream.endswith("\nfiles = !ls")
    assert "if not update.choices or update.choices[0].delta is None:\n        continue" in stream
    assert "client.chat.completions.create(" in stream and '"role": "user"' in stream


def test_error_handler_in_another_cell_than_its_client(project):
    text = notebook(IMPORTS, ERRORS_IMPORT, CLIENT, ("md", "Errors"), ERRORS)
    path = project / "errors.ipynb"
    path.write_text(text, encoding="utf-8")
    fix("--unsafe-fixes", "errors.ipynb")
    assert assert_only_sources_changed(text, path) == [1, 2, 3, 5]
    imports, errors_import, _client, _md, handler = sources(path)
    assert errors_import == ""  # the azure-core import no cell uses any more
    assert "import openai" in imports and "from openai import OpenAI" in imports
    assert "except openai.APIStatusError as error:" in handler
    assert "client.chat.completions.create(" in handler


def test_a_notebook_without_fixable_findings_is_byte_identical(project, capsys):
    # another layout than nbformat's (indent 2): left exactly as it is when nothing changes
    migrated = notebook("from openai import OpenAI\nclient = OpenAI()", "%pip install openai")
    odd = json.dumps(json.loads(migrated), indent=2)
    manual = notebook(IMPORTS + "\nclient = ChatCompletionsClient(endpoint=ENDPOINT, credential=CRED)\n"
                      "client.complete(messages=m, model='x', seed=1, tools=t, tool_choice='none', "
                      "model_extras={'safe_prompt': True})")
    (project / "odd.ipynb").write_text(odd, encoding="utf-8")
    (project / "plain.ipynb").write_text(migrated, encoding="utf-8")
    (project / "safe_only.ipynb").write_text(manual, encoding="utf-8")
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in project.glob("*.ipynb")}
    fix("odd.ipynb", "plain.ipynb")
    fix("--select", "AOM6", "safe_only.ipynb")  # a rule with no fix on it: nothing to apply
    assert {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in project.glob("*.ipynb")} == before


def test_imports_go_to_the_cell_of_the_first_import(project):
    text = notebook(("md", "Setup"), "%pip install azure-ai-inference", "x = 1",
                    "%load_ext dotenv\n" + IMPORTS, CLIENT)
    path = project / "where.ipynb"
    path.write_text(text, encoding="utf-8")
    fix("--unsafe-fixes", "where.ipynb")
    assert assert_only_sources_changed(text, path) == [4, 5]
    cell = sources(path)[3]  # (the message classes were never used: not the fix's to remove)
    assert cell.startswith("%load_ext dotenv\nimport os\n") and cell.endswith("\nfrom openai import OpenAI")
    assert "ChatCompletionsClient" not in cell and "AzureKeyCredential" not in cell


def test_imports_go_after_leading_magics_of_the_first_code_cell(project):
    setup = "%load_ext dotenv\n!echo start\nimport azure.ai.inference as inference\nfrom azure.core.credentials import AzureKeyCredential"
    text = notebook(setup, "client = inference.ChatCompletionsClient(endpoint=\"https://r.services.ai.azure.com/models\", "
                    "credential=AzureKeyCredential(KEY))")
    path = project / "lead.ipynb"
    path.write_text(text, encoding="utf-8")
    fix("--unsafe-fixes", "lead.ipynb")
    first = sources(path)[0]
    assert first.startswith("%load_ext dotenv\n!echo start\n") and "from openai import OpenAI" in first


def test_diff_shows_each_changed_cell_and_writes_nothing(project, capsys):
    text = notebook(PIP, IMPORTS, CLIENT, CHAT)
    path = project / "nb.ipynb"
    path.write_text(text, encoding="utf-8")
    mtime = path.stat().st_mtime_ns
    assert fix("--unsafe-fixes", "--diff", "nb.ipynb") == 1
    out = capsys.readouterr().out
    assert "--- nb.ipynb:cell 2\n+++ nb.ipynb:cell 2\n" in out and "--- nb.ipynb:cell 4\n" in out
    assert "nb.ipynb:cell 1" not in out and "\\ No newline" not in out
    assert "-from azure.ai.inference import ChatCompletionsClient\n" in out and "+from openai import OpenAI\n" in out
    assert '"cell_type"' not in out  # the cells' code, not the JSON
    assert path.read_text(encoding="utf-8") == text and path.stat().st_mtime_ns == mtime


def test_write_is_atomic_and_keeps_permissions(project):
    path = project / "nb.ipynb"
    path.write_text(notebook(IMPORTS, CLIENT), encoding="utf-8")
    os.chmod(path, 0o640)
    fix("--unsafe-fixes", "nb.ipynb")
    assert "OpenAI(" in sources(path)[1]
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640
    assert sorted(p.name for p in project.iterdir()) == ["nb.ipynb", "pyproject.toml"]


def test_a_broken_cell_is_reported_and_the_others_fixed(project, capsys):
    text = notebook(IMPORTS, "def broken(:\n    pass", CLIENT)
    path = project / "nb.ipynb"
    path.write_text(text, encoding="utf-8")
    assert fix("--unsafe-fixes", "nb.ipynb") == 2
    assert "nb.ipynb: error: cell 2: syntax error" in capsys.readouterr().err
    assert sources(path)[1] == "def broken(:\n    pass"
    assert "OpenAI(" in sources(path)[2]


_CSHARP = json.dumps({"nbformat": 4, "nbformat_minor": 5, "cells": [], "metadata": {
    "kernelspec": {"name": "csharp", "language": "C#"}}, "x": "openai"}).encode()


@pytest.mark.parametrize("data, reason", [
    (b"{\"cells\": [\"openai\"", "not a notebook nbformat can read"),
    (_CSHARP, "a c# notebook, not Python"),
    (b"\xef\xbb\xbf{\"cells\": [], \"x\": \"openai\xff\"}", "not UTF-8 (byte 29), not a notebook"),  # the BOM counts
])
def test_notebooks_that_cannot_be_fixed_are_left(project, capsys, data, reason):
    (project / "bad.ipynb").write_bytes(data)
    assert fix("--unsafe-fixes", "bad.ipynb") == 2
    assert reason in capsys.readouterr().err
    assert (project / "bad.ipynb").read_bytes() == data


@pytest.mark.parametrize("data", [_CSHARP, b"{\"x\": \"openai\xff\"}", b"  \n"], ids=["kernel", "bytes", "blank"])
def test_check_and_fix_give_one_reason_for_an_unreadable_notebook(data):
    """The UTF-8 and kernel-language checks are one code path for both commands."""
    from aoai_migrate import notebooks
    from aoai_migrate.fix import notebook as nb

    with pytest.raises(notebooks.NotebookError) as checked:
        notebooks.load(data)
    with pytest.raises(notebooks.NotebookError) as fixed:
        nb.read(data)
    assert str(checked.value) == str(fixed.value)
