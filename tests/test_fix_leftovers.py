"""What a fix leaves behind stays visible: an Inference-only call on a client the fix migrated
(``get_model_info()``, ``send_request()``, ``as_dict()`` on the migrated call's result) is still a
finding of ``check`` on the fixed file (AOM606), and the fix summary counts every finding that got
no edit as left for a person, in agreement with ``check`` and with ``--diff``."""

from __future__ import annotations

import ast
import json
import pathlib
import re
import shutil

import pytest

from aoai_migrate.cli import main
from aoai_migrate.engine import analyze_source
from aoai_migrate.fix import passes

FIXTURES = pathlib.Path(__file__).resolve().parent / "fix_fixtures"
MODEL_INFO = FIXTURES / "model_info_left_on_migrated_client"
MEMBERS = FIXTURES / "inference_members_left_on_migrated_client"


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text("[tool.aoai-migrate]\n")
    return tmp_path


def _summary_counts(text: str) -> tuple[int, dict[str, int]]:
    total = int(re.search(r"(\d+) left for a person", text).group(1))
    per_rule = {m.group(1): sum(int(n) for n in re.findall(r"(\d+) left", m.group(2)))
                for m in re.finditer(r"^  (AOM\d+) \S+: (.*)$", text, re.M)}
    return total, {code: n for code, n in per_rule.items() if n}


def _check_json(path: str, capsys) -> list[dict]:
    capsys.readouterr()
    main(["check", path, "--format", "json", "--exit-zero"])
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("case", [MODEL_INFO, MEMBERS], ids=lambda p: p.name)
def test_summary_diff_and_check_agree_on_what_is_left(case, project, capsys):
    shutil.copy(case / "before.py", project / "app.py")
    assert main(["fix", "--unsafe-fixes", "--diff", "app.py"]) == 1
    diff_summary = _summary_counts(capsys.readouterr().err)
    assert main(["fix", "--unsafe-fixes", "app.py"]) == 1  # findings are left: not a clean exit
    summary = capsys.readouterr().out
    total, per_rule = _summary_counts(summary)
    assert (total, per_rule) == diff_summary
    left = _check_json("app.py", capsys)
    assert total == len(left) > 0
    assert per_rule == {code: sum(1 for f in left if f["code"] == code) for code in per_rule}
    assert all(f["fix"] is None for f in left)  # only what has no mechanical fix is left


def test_model_info_call_on_the_migrated_client_is_reported(project, capsys):
    shutil.copy(MODEL_INFO / "before.py", project / "app.py")
    main(["fix", "--unsafe-fixes", "app.py"])
    assert "AOM606 inference-member-on-openai-client: 1 left: no mechanical fix" in capsys.readouterr().out
    text = (project / "app.py").read_text()
    assert "OpenAI(base_url=" in text  # the client was migrated
    (finding,) = analyze_source(text, "app.py")
    line = text.splitlines()[finding.line - 1]
    assert finding.code == "AOM606" and "client.get_model_info()" in line  # not Registry().get_model_info()
    assert "models.retrieve" in finding.snippet and ast.parse(finding.snippet)


def test_the_reported_call_does_fail_on_the_migrated_client(project):
    """The finding is real: the fixed program raises AttributeError there, which its
    ``except HttpResponseError`` does not catch (no request is sent: the attribute is missing)."""
    namespace: dict = {}
    exec(compile((MODEL_INFO / "after.py").read_text(), "after.py", "exec"), namespace)
    with pytest.raises(AttributeError, match="get_model_info"):
        namespace["make"]("http://127.0.0.1:9", "key")
    client, name = namespace["make"]("http://127.0.0.1:9", "key", "gpt-4o")
    assert name == "gpt-4o" and type(client).__name__ == "OpenAI"


def test_as_dict_on_the_migrated_result_fails_and_is_reported():
    from openai.types.chat import ChatCompletionMessage

    assert not hasattr(ChatCompletionMessage(role="assistant", content="hi"), "as_dict")
    codes = [(f.code, f.line) for f in analyze_source((MEMBERS / "after.py").read_text(), "after.py")]
    assert codes == [("AOM606", 14), ("AOM606", 18)]


# -- the summary's safety net: a finding hidden by the rewrite around it ------------------------


def test_a_finding_hidden_by_the_rewrite_still_counts_as_left(project):
    """Without AOM606, migrating the client hides AOM605 from the next pass; the outcome still
    lists it (its code is unchanged in the result), so the summary does not say 0 left."""
    text = (MODEL_INFO / "before.py").read_text()

    def analyse(tree, source):
        return [f for f in analyze_source(source, "app.py") if f.code != "AOM606"]

    outcome = passes.fix_text(text, analyse, unsafe=True)
    assert "OpenAI(" in outcome.text and not outcome.left
    assert [f.code for f in outcome.vanished] == ["AOM605"]
    assert passes.left_for_a_person(outcome, True) == {("AOM605", passes.VANISHED): 1}


def test_findings_on_rewritten_or_removed_code_are_not_counted_twice():
    """AOM101 (its import removed), AOM201 (inside AOM102's edit) and AOM605 (still reported, as
    AOM606) are no hidden findings."""
    text = (MODEL_INFO / "before.py").read_text()
    outcome = passes.fix_text(text, lambda tree, source: analyze_source(source, "app.py"),
                              unsafe=True)
    assert not outcome.vanished
    assert passes.left_for_a_person(outcome, True) == {("AOM606", passes.NO_FIX): 1}


def test_a_safe_only_run_reports_the_unsafe_fixes_it_skipped(project, capsys):
    shutil.copy(MEMBERS / "before.py", project / "app.py")
    main(["fix", "app.py"])
    total, per_rule = _summary_counts(capsys.readouterr().out)
    left = _check_json("app.py", capsys)
    assert total == len(left) and per_rule == {c: sum(1 for f in left if f["code"] == c) for c in per_rule}
