"""``aoai-migrate check|rule|rules``: discovery, configuration, suppression, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from aoai_migrate import __version__, registry
from aoai_migrate.cli import main

IMPORT_LINE = "from azure.ai.inference import ChatCompletionsClient\n"
CLEAN = "import os\nprint(os.getcwd())\n"


@pytest.fixture
def project(tmp_path, monkeypatch):
    """An empty project directory (with its own pyproject.toml) as the current directory."""
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "demo"\n')
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NO_COLOR", "1")
    return tmp_path


def write(root: Path, rel: str, text: str | bytes) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text)
    return path


def check_json(capsys, *args: str) -> tuple[int, list[dict], str]:
    code = main(["check", "--format", "json", *args])
    captured = capsys.readouterr()
    return code, json.loads(captured.out), captured.err


def located(findings: list[dict]) -> set[tuple[str, int, str]]:
    return {(Path(f["path"]).as_posix(), f["line"], f["code"]) for f in findings}


# -- exit codes -------------------------------------------------------------------------------


def test_findings_exit_1_and_summary(project, capsys):
    write(project, "app.py", IMPORT_LINE)
    assert main(["check", "app.py"]) == 1
    out = capsys.readouterr().out
    assert "app.py:1:1: AOM101 " in out
    assert out.rstrip().endswith("Found 1 finding in 1 file.")


def test_clean_exit_0(project, capsys):
    write(project, "app.py", CLEAN)
    assert main(["check", "."]) == 0
    assert "All checks passed!" in capsys.readouterr().out


def test_exit_zero(project, capsys):
    write(project, "app.py", IMPORT_LINE)
    assert main(["check", "--exit-zero", "app.py"]) == 0
    assert "AOM101" in capsys.readouterr().out


def test_unparsable_file_is_reported_and_the_others_still_checked(project, capsys):
    write(project, "a_broken.py", "import azure.ai.inference\ndef f(:\n")
    write(project, "b_undecodable.py", b"import azure\nx = '\xff\xfe'\n")
    write(project, "c_good.py", IMPORT_LINE)
    code, findings, err = check_json(capsys, ".")
    assert code == 2
    assert located(findings) == {("c_good.py", 1, "AOM101")}
    lines = err.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{os.path.join('.', 'a_broken.py')}: error: syntax error at line 2")
    assert lines[1].startswith(f"{os.path.join('.', 'b_undecodable.py')}: error: cannot decode")
    # --exit-zero hides findings, not files that were not checked
    assert main(["check", "--exit-zero", "--format", "concise", "."]) == 2


def test_missing_path_is_an_error_but_other_paths_are_checked(project, capsys):
    write(project, "app.py", IMPORT_LINE)
    code, findings, err = check_json(capsys, "nope.py", "app.py")
    assert code == 2
    assert located(findings) == {("app.py", 1, "AOM101")}
    assert err.strip() == "nope.py: error: no such file or directory"


def test_file_without_trigger_words_is_not_parsed(project, capsys):
    write(project, "legacy.py", "print 'python 2'\n")
    assert main(["check", "legacy.py"]) == 0


# -- selection ---------------------------------------------------------------------------------


def test_select_and_ignore(project, capsys):
    write(project, "app.py", IMPORT_LINE + "import azure.ai.inference.models\n")
    code, findings, _ = check_json(capsys, "--select", "AOM2", "app.py")
    assert (code, findings) == (0, [])
    code, findings, _ = check_json(capsys, "--ignore", "AOM101", "app.py")
    assert (code, findings) == (0, [])
    code, findings, _ = check_json(capsys, "--select", "AOM1", "--ignore", "AOM2", "app.py")
    assert code == 1 and {f["code"] for f in findings} == {"AOM101"}
    code, findings, _ = check_json(capsys, "--select", "AOM2", "--extend-select", "AOM101", "app.py")
    assert code == 1 and len(findings) == 2
    code, findings, _ = check_json(capsys, "--extend-ignore", "AOM1", "app.py")
    assert (code, findings) == (0, [])


@pytest.mark.parametrize("flag", ["--select", "--ignore", "--extend-select", "--extend-ignore"])
@pytest.mark.parametrize("value", ["AOM999", "E501", "AOM0", "AOM1x"])
def test_unknown_rule_code_is_an_error(project, capsys, flag, value):
    write(project, "app.py", IMPORT_LINE)
    assert main(["check", flag, value, "app.py"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("aoai-migrate: error: ") and value in err


def test_all_and_category_prefixes_are_accepted(project, capsys):
    write(project, "app.py", IMPORT_LINE)
    for value in ("ALL", "AOM", "AOM1", "aom101", "AOM8", "AOM9"):
        assert main(["check", "--select", value, "--format", "concise", "app.py"]) in (0, 1), value


# -- suppression -------------------------------------------------------------------------------


def test_noqa_comments(project, capsys):
    write(
        project,
        "app.py",
        "from azure.ai.inference import ChatCompletionsClient  # noqa: AOM101\n"
        "import azure.ai.inference.models  # noqa\n"
        "import azure.ai.inference.aio  # noqa: E501\n"
        "import azure.ai.inference.tracing  # NOQA:AOM1\n",
    )
    code, findings, _ = check_json(capsys, "app.py")
    assert located(findings) == {("app.py", 3, "AOM101")}


def test_noqa_belongs_on_the_reported_line_as_in_flake8(project, capsys):
    # flake8 joins physical lines only across multi-line tokens (strings), not brackets
    write(project, "app.py", "from azure.ai.inference import (\n    ChatCompletionsClient,\n)  # noqa: AOM101\n")
    assert located(check_json(capsys, "app.py")[1]) == {("app.py", 1, "AOM101")}
    write(project, "app.py", "from azure.ai.inference import (  # noqa: AOM101\n    ChatCompletionsClient,\n)\n")
    assert check_json(capsys, "app.py")[1] == []
    write(project, "app.py", 'import azure.ai.inference; x = """\n"""  # noqa: AOM101\n')
    assert check_json(capsys, "app.py")[1] == []


def test_file_level_noqa(project, capsys):
    write(project, "app.py", "# aoai-migrate: noqa\n" + IMPORT_LINE)
    assert check_json(capsys, "app.py")[:2] == (0, [])
    # a file-level comment naming codes is not a file-level suppression (as in flake8)
    write(project, "app.py", "# aoai-migrate: noqa: AOM2\n" + IMPORT_LINE)
    assert check_json(capsys, "app.py")[0] == 1


# -- discovery ---------------------------------------------------------------------------------


def test_discovery_skips_tool_directories_but_checks_explicit_files(project, capsys):
    for rel in ("src/app.py", ".venv/lib/x.py", "node_modules/y.py", "build/z.py", "pkg/__pycache__/c.py",
                ".git/hooks/h.py", "site-packages/s.py", "notes.txt", "stub.pyi"):
        write(project, rel, IMPORT_LINE)
    code, findings, _ = check_json(capsys, ".")
    assert {Path(f["path"]).as_posix() for f in findings} == {"src/app.py"}
    code, findings, _ = check_json(capsys, "build/z.py", ".venv")  # named on the command line
    assert {Path(f["path"]).as_posix() for f in findings} == {"build/z.py", ".venv/lib/x.py"}
    code, findings, _ = check_json(capsys, "--extend-exclude", "src", ".")
    assert (code, findings) == (0, [])


def test_each_file_is_checked_once(project, capsys):
    write(project, "app.py", IMPORT_LINE)
    code, findings, _ = check_json(capsys, ".", "app.py", "./app.py")
    assert len(findings) == 1


def test_default_path_is_the_current_directory(project, capsys):
    write(project, "pkg/app.py", IMPORT_LINE)
    code, findings, _ = check_json(capsys)
    assert located(findings) == {("pkg/app.py", 1, "AOM101")}


def test_stdin(project, capsys, monkeypatch):
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(IMPORT_LINE.encode())))
    code, findings, _ = check_json(capsys, "-")
    assert code == 1 and findings[0]["path"] == "<stdin>"


# -- configuration -----------------------------------------------------------------------------


def test_pyproject_configuration(project, capsys):
    write(
        project,
        "pyproject.toml",
        textwrap.dedent(
            """
            [project]
            name = "demo"

            [tool.aoai-migrate]
            ignore = ["AOM2"]
            extend-exclude = ["generated"]
            per-file-ignores = { "tests/*" = ["AOM101"], "conftest.py" = ["AOM1"] }
            """
        ),
    )
    write(project, "app.py", IMPORT_LINE)
    write(project, "generated/client.py", IMPORT_LINE)
    write(project, "tests/test_app.py", IMPORT_LINE)
    write(project, "sub/conftest.py", IMPORT_LINE)
    code, findings, _ = check_json(capsys, ".")
    assert {Path(f["path"]).as_posix() for f in findings} == {"app.py"}
    # configuration is found from the path argument, walking up
    os.chdir(project / "sub")
    code, findings, _ = check_json(capsys, str(project / "tests"))
    assert findings == []


def test_nearest_pyproject_with_the_table_wins(project, capsys):
    write(project, "pyproject.toml", '[tool.aoai-migrate]\nignore = ["AOM101"]\n')
    write(project, "pkg/pyproject.toml", '[project]\nname = "inner"\n')  # no table: keep looking up
    write(project, "pkg/app.py", IMPORT_LINE)
    assert check_json(capsys, "pkg")[:2] == (0, [])


def test_command_line_overrides_configuration(project, capsys):
    write(project, "pyproject.toml", '[tool.aoai-migrate]\nselect = ["AOM2"]\n')
    write(project, "app.py", IMPORT_LINE)
    assert check_json(capsys, "app.py")[0] == 0
    assert check_json(capsys, "--select", "AOM1", "app.py")[0] == 1


def test_explicit_config_file(project, capsys):
    write(project, "ci.toml", 'ignore = ["AOM101"]\n')
    write(project, "app.py", IMPORT_LINE)
    assert check_json(capsys, "--config", "ci.toml", "app.py")[:2] == (0, [])
    assert main(["check", "--config", "missing.toml", "app.py"]) == 2


@pytest.mark.parametrize(
    "table, message",
    [
        ('selekt = ["AOM1"]', "unknown option 'selekt'"),
        ('select = ["AOM999"]', "unknown rule code"),
        ("select = 3", "expected a list of strings"),
        ('per-file-ignores = ["x"]', "expected a table"),
        ("entra-scope = 1", "expected a non-empty string"),
        ("select = [", "invalid TOML"),
    ],
)
def test_bad_configuration_is_an_error(project, capsys, table, message):
    write(project, "pyproject.toml", f"[tool.aoai-migrate]\n{table}\n")
    write(project, "app.py", IMPORT_LINE)
    assert main(["check", "app.py"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("aoai-migrate: error: ") and message in err and len(err.strip().splitlines()) == 1


def test_snake_case_keys_are_accepted(project, capsys):
    write(project, "pyproject.toml", '[tool.aoai-migrate]\nextend_ignore = ["AOM101"]\n')
    write(project, "app.py", IMPORT_LINE)
    assert check_json(capsys, "app.py")[:2] == (0, [])


def _token_rule_source() -> str:
    return textwrap.dedent(
        """
        from azure.ai.inference import ChatCompletionsClient
        from azure.identity import DefaultAzureCredential
        client = ChatCompletionsClient(endpoint="https://r.services.ai.azure.com/models", credential=DefaultAzureCredential())
        """
    )


def test_entra_scope_from_configuration_and_flag(project, capsys):
    write(project, "app.py", _token_rule_source())
    default = json.dumps(check_json(capsys, "app.py")[1])
    if "cognitiveservices.azure.com/.default" not in default:
        pytest.skip("no rule renders the Entra scope yet")
    write(project, "pyproject.toml", '[tool.aoai-migrate]\nentra-scope = "api://from-config/.default"\n')
    assert "api://from-config/.default" in json.dumps(check_json(capsys, "app.py")[1])
    assert "api://from-flag/.default" in json.dumps(
        check_json(capsys, "--entra-scope", "api://from-flag/.default", "app.py")[1]
    )


# -- other commands and options ----------------------------------------------------------------


def test_statistics(project, capsys):
    write(project, "app.py", IMPORT_LINE + "import azure.ai.inference.models\n")
    assert main(["check", "--statistics", "app.py"]) == 1
    out = capsys.readouterr().out
    assert out.splitlines()[0].split() == ["2", "AOM101", "inference-sdk-import"]
    assert main(["check", "--statistics", "--format", "json", "app.py"]) == 1
    assert json.loads(capsys.readouterr().out) == [{"code": "AOM101", "name": "inference-sdk-import", "count": 2}]


def test_output_file(project, capsys):
    write(project, "app.py", IMPORT_LINE)
    assert main(["check", "--format", "json", "-o", "report.json", "app.py"]) == 1
    assert capsys.readouterr().out == ""
    assert json.loads((project / "report.json").read_text())[0]["code"] == "AOM101"


def test_rule_command_prints_the_documentation(capsys):
    assert main(["rule", "AOM101"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# AOM101 (inference-sdk-import)\n")
    for section in ("## What it does", "## Why is this bad?", "## Example", "## Use instead", "## How to disable"):
        assert section in out
    assert main(["rule", "inference-sdk-import"]) == 0
    assert capsys.readouterr().out == out
    assert main(["rule", "aom101"]) == 0


def test_rule_command_errors(capsys):
    assert main(["rule", "AOM999"]) == 2
    assert "unknown rule 'AOM999'" in capsys.readouterr().err
    assert main(["rule"]) == 2


def test_rule_all(capsys):
    assert main(["rule", "--all"]) == 0
    out = capsys.readouterr().out
    assert all(f"## {code} (" in out for code in registry.load())


def test_rules_command(capsys):
    assert main(["rules"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == list(registry.load())
    assert main(["rules", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["code"] for r in rows} == set(registry.load())
    assert set(rows[0]) == {"code", "symbol", "category", "severity", "fixable", "fix_applicability", "message", "pylint"}


def test_no_command_prints_help(capsys):
    assert main([]) == 2
    assert "usage: aoai-migrate" in capsys.readouterr().out


def test_bad_flag_exits_2(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["check", "--format", "xml", "."])
    assert exc.value.code == 2


def test_console_script(tmp_path):
    (tmp_path / "app.py").write_text(IMPORT_LINE)
    exe = Path(sys.executable).with_name("aoai-migrate")
    if not exe.exists():
        pytest.skip("console script not installed next to the interpreter")
    done = subprocess.run([str(exe), "check", "--format", "concise", "app.py"], cwd=tmp_path,
                          capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"})
    assert done.returncode == 1, done.stderr
    assert done.stdout.startswith("app.py:1:1: AOM101 ")
    version = subprocess.run([str(exe), "--version"], capture_output=True, text=True)
    assert version.stdout.strip() == f"aoai-migrate {__version__}"


def test_progress_bar_only_on_a_terminal(project, capsys, monkeypatch):
    import io

    from aoai_migrate import cli

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    write(project, "a.py", IMPORT_LINE)
    write(project, "b.py", CLEAN)
    monkeypatch.setattr(cli, "PROGRESS_THRESHOLD", 1)
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["check", "--format", "json", "."]) == 1
    assert "checking" in terminal.getvalue()
    assert len(json.loads(capsys.readouterr().out)) == 1


def test_noqa_reading_matches_flake8():
    from aoai_migrate.model import Category, Finding
    from aoai_migrate.noqa import Suppressions, file_noqa

    def finding(line, code="AOM101"):
        return Finding(code, "s", Category.INFERENCE_SDK, "p", line, 1, line, 2, "m")

    text = 'a  # noqa\nb  # noqa: AOM101,AOM2\nc\nd = f(\n    x)  # NOQA:AOM301 AOM302\ns = """\n"""  # noqa\n'
    suppressed = Suppressions(text)
    assert suppressed(finding(1, "AOM999"))
    assert suppressed(finding(2, "AOM101")) and suppressed(finding(2, "AOM205"))
    assert not suppressed(finding(2, "AOM301"))
    assert not suppressed(finding(3))
    # as in flake8: lines inside brackets are separate, the lines of a multi-line string are one
    assert suppressed(finding(5, "AOM302")) and not suppressed(finding(4, "AOM302"))
    assert suppressed(finding(6))
    assert file_noqa("# aoai-migrate: noqa\nx") and not file_noqa("# aoai-migrate: noqa: AOM101\n")
