"""Notebooks in ``check`` and ``audit``: code cells analysed as one module, IPython syntax
tolerated, other languages left out, findings located by cell."""

import json

import pytest

from aoai_migrate import notebooks
from aoai_migrate.cli import main
from aoai_migrate.config import Config
from aoai_migrate.runner import check_notebook


def nb(*cells, metadata=None, raw=False):
    """A v4 notebook; each cell is ``"code text"``, ``("markdown", text)`` or ``(type, text, metadata)``."""
    out = []
    for cell in cells:
        kind, text, meta = ("code", cell, {}) if isinstance(cell, str) else (*cell, {})[:3]
        entry = {"cell_type": kind, "metadata": meta, "source": text.splitlines(keepends=True)}
        if kind == "code":
            entry.update(execution_count=None, outputs=[])
        out.append(entry)
    doc = {"cells": out, "metadata": metadata if metadata is not None else
           {"kernelspec": {"name": "python3", "language": "python", "display_name": "Python 3"}},
           "nbformat": 4, "nbformat_minor": 5}
    return doc if raw else json.dumps(doc, indent=1)


BUILD = (
    "%pip install openai azure-ai-inference\n"
    "import os\n"
    "from azure.ai.inference import ChatCompletionsClient\n"
    "from azure.core.credentials import AzureKeyCredential\n"
    "client = ChatCompletionsClient(endpoint=os.environ['ENDPOINT'], credential=AzureKeyCredential(key))\n"
)
USE = "%%time\nresponse = client.complete(messages=[{'role': 'user', 'content': 'hi'}], model='gpt-4o')\n"


def _check(tmp_path, text, name="nb.ipynb"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return check_notebook(str(path), Config(root=tmp_path), Config().settings())


def test_cells_are_one_module_and_findings_carry_the_cell(tmp_path):
    text = nb(("markdown", "# Demo"), BUILD, ("markdown", "Now call it"), "!ls -la\nx = 1\n", USE)
    findings, lines, problems = _check(tmp_path, text)
    assert problems == []
    complete = [f for f in findings if f.code == "AOM103"]
    assert [(f.cell, f.line, f.col) for f in complete] == [(5, 2, 12)]  # the client from cell 2 is followed
    assert "chat.completions.create(" in complete[0].snippet and "'gpt-4o'" in complete[0].snippet
    assert lines[(complete[0].path, 5)][1].startswith("response = client.complete(")
    client = [f for f in findings if f.code == "AOM102"]
    assert [(f.cell, f.line) for f in client] == [(2, 5)]


@pytest.mark.parametrize("line", [
    "!pip install openai", "%matplotlib inline", "pip install openai==1.2", "cd ../data",
    "files = !ls", "client?", "??openai", "%load_ext dotenv", "!pip install a \\\n    b",
])
def test_ipython_syntax_is_tolerated(line):
    text = f"import openai\nif True:\n    {line}\nclient = openai.AzureOpenAI(api_version='2024-02-01')\n"
    python = notebooks.python_text(text)
    assert python is not None and python.count("\n") == text.count("\n")
    compile(python, "cell", "exec")  # valid Python, same lines
    assert python.splitlines()[-1] == text.splitlines()[-1]


def test_python_lines_that_look_like_automagic_stay():
    text = "cd = 3\nls\nenv = dict(a=1)\npip(install)\n"
    assert notebooks.python_text(text) == text


@pytest.mark.parametrize("first", ["%%sql", "%%bash", "%%sh", "%%writefile app.py", "%%html", "%sql", "%md", "%scala"])
def test_cells_of_other_languages_are_left_out(tmp_path, first):
    text = nb(BUILD, f"{first}\nclient.complete(messages=[], model='m') AND SELECT api_version\n")
    findings, _, problems = _check(tmp_path, text)
    assert problems == [] and not [f for f in findings if f.cell == 2]


def test_cell_metadata_and_kernel_languages(tmp_path):
    csharp = ("code", "var client = new AzureOpenAIClient(endpoint, key);\n", {"dotnet_interactive": {"language": "csharp"}})
    findings, _, problems = _check(tmp_path, nb(BUILD, csharp))
    assert problems == [] and {f.cell for f in findings} == {1}
    dotnet = nb("var client = new AzureOpenAIClient(new Uri(\"https://x.openai.azure.com\"));\n",
                metadata={"kernelspec": {"name": ".net-csharp", "language": "C#"}})
    with pytest.raises(Exception, match="a c# notebook, not Python"):
        _check(tmp_path, dotnet)


def test_a_broken_cell_is_reported_and_the_others_analysed(tmp_path):
    findings, _, problems = _check(tmp_path, nb(BUILD, "def broken(:\n    openai\n", USE))
    assert problems == ["cell 2: syntax error at line 1: invalid syntax"]
    assert any(f.cell == 3 and f.code == "AOM103" for f in findings)


@pytest.mark.parametrize("data, reason", [
    (b"", "empty file, not a notebook"),
    (b"{\"cells\": [\"openai\"", "not a notebook: invalid JSON at line 1"),
    (b"[1, 2, \"openai\"]", "not a notebook: no list of cells"),
    (b"\xff\xfe openai", "not UTF-8"),
    (b'{"cells": "openai"}', "not a notebook: no list of cells"),
])
def test_broken_notebooks_are_errors_with_a_reason(tmp_path, capsys, data, reason):
    (tmp_path / "bad.ipynb").write_bytes(data)
    assert main(["check", "--format", "json", str(tmp_path / "bad.ipynb")]) == 2
    captured = capsys.readouterr()
    assert reason in captured.err and "Traceback" not in captured.err
    assert json.loads(captured.out) == []


def test_a_notebook_with_schema_slips_is_still_read(tmp_path):
    doc = nb(BUILD, USE, raw=True)
    for cell in doc["cells"]:
        cell.pop("outputs", None)  # nbformat's schema requires them; the code is still there
        cell.pop("metadata")
    findings, _, problems = _check(tmp_path, json.dumps(doc))
    assert problems == [] and any(f.code == "AOM103" for f in findings)


def test_check_reads_notebooks_in_directories_and_prints_cells(tmp_path, capsys):
    (tmp_path / "nb.ipynb").write_text(nb(("markdown", "x"), BUILD, USE), encoding="utf-8")
    (tmp_path / ".ipynb_checkpoints").mkdir()
    (tmp_path / ".ipynb_checkpoints" / "nb-checkpoint.ipynb").write_text(nb(BUILD), encoding="utf-8")
    assert main(["check", "--format", "concise", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert f"{tmp_path / 'nb.ipynb'}:cell 3:2:12: AOM103" in out
    assert "checkpoint" not in out
    assert main(["check", "--format", "json", str(tmp_path / "nb.ipynb")]) == 1
    found = json.loads(capsys.readouterr().out)
    assert {(f["cell"], f["line"], f["code"]) for f in found} >= {(3, 2, "AOM103")}
    assert main(["check", str(tmp_path / "nb.ipynb")]) == 1
    full = capsys.readouterr().out
    assert "2 | response = client.complete(" in full and "Migrated code:" in full


def test_noqa_works_in_cells(tmp_path):
    use = "response = client.complete(messages=[], model='m')  # noqa: AOM103\n"
    findings, _, _ = _check(tmp_path, nb(BUILD, use))
    assert not [f for f in findings if f.code == "AOM103"]
