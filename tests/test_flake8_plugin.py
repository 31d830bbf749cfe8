"""The flake8 adapter as flake8 itself runs it: registration, output, noqa, options, and the
promise that it imports neither pylint, astroid nor libcst."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from aoai_migrate import __version__

IMPORT_LINE = "from azure.ai.inference import ChatCompletionsClient\n"
ENV = {**os.environ, "NO_COLOR": "1"}


def flake8(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "flake8", "--isolated", *args], capture_output=True, text=True, cwd=cwd, env=ENV
    )


def test_plugin_is_registered():
    done = flake8("--version")
    assert f"aoai-migrate: {__version__}" in done.stdout


def test_real_run_reports_aom_codes(tmp_path):
    (tmp_path / "app.py").write_text("import os\n" + IMPORT_LINE)
    done = flake8("--select", "AOM", "app.py", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    (line,) = done.stdout.splitlines()
    assert line.startswith("./app.py:2:1: AOM101 ") or line.startswith("app.py:2:1: AOM101 ")
    assert "; migrated: `from openai import OpenAI`" in line


def test_extend_select_from_config(tmp_path):
    (tmp_path / "app.py").write_text(IMPORT_LINE)
    (tmp_path / "setup.cfg").write_text("[flake8]\nselect = E\nextend-select = AOM\n")
    done = subprocess.run([sys.executable, "-m", "flake8", "app.py"], capture_output=True, text=True,
                          cwd=tmp_path, env=ENV)
    assert "AOM101" in done.stdout, done.stderr


def test_noqa(tmp_path):
    (tmp_path / "app.py").write_text(
        "from azure.ai.inference import ChatCompletionsClient  # noqa: AOM101\n"
        "import azure.ai.inference.models  # noqa: E501\n"
        "import azure.ai.inference.aio  # noqa\n"
    )
    done = flake8("--select", "AOM", "app.py", cwd=tmp_path)
    assert [line.split(":")[1] for line in done.stdout.splitlines()] == ["2"]


def test_file_level_noqa(tmp_path):
    (tmp_path / "app.py").write_text("# aoai-migrate: noqa\n" + IMPORT_LINE)
    assert flake8("--select", "AOM", "app.py", cwd=tmp_path).stdout == ""


def test_entra_scope_option(tmp_path):
    (tmp_path / "app.py").write_text(
        textwrap.dedent(
            """
            from azure.ai.inference import ChatCompletionsClient
            from azure.identity import DefaultAzureCredential
            client = ChatCompletionsClient(endpoint="https://r.services.ai.azure.com/models", credential=DefaultAzureCredential())
            """
        )
    )
    default = flake8("--select", "AOM", "app.py", cwd=tmp_path).stdout
    if "cognitiveservices.azure.com/.default" not in default:
        pytest.skip("no rule renders the Entra scope in its one-line form yet")
    custom = flake8("--select", "AOM", "--aoai-entra-scope", "api://custom/.default", "app.py", cwd=tmp_path).stdout
    assert "api://custom/.default" in custom


def test_flake8_path_imports_no_pylint_astroid_or_libcst(tmp_path):
    # nor the audit's readers (YAML, notebooks, dotenv, gitignore), which only audit and check need
    (tmp_path / "app.py").write_text(
        IMPORT_LINE + "client = ChatCompletionsClient(endpoint='https://r.services.ai.azure.com/models', credential=c)\n"
        "client.complete(messages=[], model='m')\n"
    )
    script = textwrap.dedent(
        f"""
        import json, sys
        from flake8.api import legacy
        style = legacy.get_style_guide(select=["AOM"])
        report = style.check_files([{str(tmp_path / "app.py")!r}])
        print(json.dumps({{
            "count": report.total_errors,
            "loaded": sorted(m for m in sys.modules if m.split(".")[0] in (
                "pylint", "astroid", "libcst", "yaml", "nbformat", "dotenv", "pathspec", "jsonschema")
                or m.startswith(("aoai_migrate.artefacts", "aoai_migrate.notebooks", "aoai_migrate.audit"))),
        }}))
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=ENV)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["count"] >= 1
    assert result["loaded"] == []
