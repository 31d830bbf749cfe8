"""``aoai-migrate audit``: the JSON contract, the summary and readiness score, the formats,
``--fail-under`` and ``-o``."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from aoai_migrate import registry
from aoai_migrate.audit import summary as summary_mod
from aoai_migrate.cli import main
from aoai_migrate.model import Applicability, Category, Edit, Finding, Fix

INFERENCE = (
    "import os\n"
    "from azure.ai.inference import ChatCompletionsClient\n"
    "from azure.core.credentials import AzureKeyCredential\n"
    "\n"
    'client = ChatCompletionsClient(endpoint=os.environ["ENDPOINT"], credential=AzureKeyCredential(os.environ["KEY"]))\n'
    'response = client.complete(messages=[{"role": "user", "content": "a | b"}], model="gpt-4o-mini")\n'
)
AZURE_OPENAI = (
    "from openai import AzureOpenAI\n"
    'client = AzureOpenAI(azure_endpoint="https://r.openai.azure.com", api_key="k", api_version="2024-06-01")\n'
)
CLEAN = "import os\n\nprint(os.getcwd())\n"


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A small repository: two files to migrate, one clean file, one that cannot be parsed."""
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "demo"\n')
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "chat.py").write_text(INFERENCE)
    (tmp_path / "app" / "legacy.py").write_text(AZURE_OPENAI)
    (tmp_path / "app" / "util.py").write_text(CLEAN * 50)
    (tmp_path / "app" / "broken.py").write_text("from azure.ai.inference import x\ndef f(:\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NO_COLOR", "1")
    return tmp_path


def audit(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["audit", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def audit_json(capsys, *args: str) -> dict:
    code, out, err = audit(capsys, "--format", "json", *args)
    assert code == 0, err
    return json.loads(out)


# -- the JSON contract ----------------------------------------------------------------------------


def test_json_contract(repo, capsys):
    data = audit_json(capsys, ".")
    assert list(data) == ["findings", "skipped", "summary"]
    main(["check", "--format", "json", "app/chat.py"])
    check_keys = list(json.loads(capsys.readouterr().out)[0])
    assert data["findings"], "the repository has findings"
    for finding in data["findings"]:
        assert list(finding) == [*check_keys, "cell"] or set(finding) == {*check_keys, "cell"}
        assert finding["cell"] is None
    assert data["skipped"] == [{"path": "app/broken.py", "reason": data["skipped"][0]["reason"]}]
    assert "syntax error" in data["skipped"][0]["reason"]
    s = data["summary"]
    assert {"score", "files", "by_category", "by_rule", "fixable", "manual"} <= set(s)
    assert s["files"] == {"scanned": 5, "affected": 2, "skipped": 1}  # pyproject.toml is read for pins
    assert s["findings"] == len(data["findings"]) == s["fixable"] + s["manual"]
    assert sum(s["by_category"].values()) == sum(s["by_rule"].values()) == len(data["findings"])
    assert set(s["by_category"]) <= {c.value for c in Category}
    assert s["by_rule"] == {
        code: sum(1 for f in data["findings"] if f["code"] == code) for code in s["by_rule"]
    }
    assert 0 <= s["score"] < 100
    assert s["lines"] == sum(p.read_text().count("\n") for p in [*(repo / "app").glob("*.py"), repo / "pyproject.toml"])


def test_json_findings_match_check(repo, capsys):
    data = audit_json(capsys, "app/chat.py", "app/legacy.py")
    main(["check", "--format", "json", "app/chat.py", "app/legacy.py"])
    checked = json.loads(capsys.readouterr().out)
    assert data["findings"] == checked


def test_fixable_and_manual_follow_the_rules(repo, capsys):
    data = audit_json(capsys, ".")
    rules = registry.load()
    assert 0 < data["summary"]["fixable"] < len(data["findings"])
    assert data["summary"]["fixable"] <= sum(1 for f in data["findings"] if rules[f["code"]].fixable)
    assert data["summary"]["manual"] >= sum(1 for f in data["findings"] if not rules[f["code"]].fixable)


def test_nothing_to_migrate_scores_100(repo, capsys):
    data = audit_json(capsys, "app/util.py")
    assert data["summary"]["score"] == 100
    assert data["findings"] == [] and data["summary"]["by_category"] == {}


def test_select_and_ignore_apply(repo, capsys):
    data = audit_json(capsys, ".", "--select", "AOM3")
    assert {f["code"][:4] for f in data["findings"]} == {"AOM3"}


# -- the score ------------------------------------------------------------------------------------


def finding(code: str, fixable: bool = False) -> Finding:
    rule = registry.get(code)
    fix = Fix(Applicability.SAFE, "m", (Edit(1, 0, 1, 1, "x"),)) if fixable else None
    return Finding(code, rule.symbol, rule.category, "a.py", 1, 1, 1, 2, "m", fix=fix)


def test_score_is_100_only_without_findings():
    assert summary_mod.readiness([], 10) == 100
    assert summary_mod.readiness([], 0) == 100
    assert summary_mod.readiness([finding("AOM101")], 10_000_000) == 99


def test_score_falls_with_effort_and_rises_with_size():
    few = [finding("AOM201")] * 2
    many = [finding("AOM201")] * 20
    assert summary_mod.readiness(many, 1000) < summary_mod.readiness(few, 1000)
    assert summary_mod.readiness(few, 1000) < summary_mod.readiness(few, 100_000)
    assert summary_mod.readiness([finding("AOM201")] * 10_000, 1) == 0  # never negative


def test_manual_and_error_findings_weigh_more():
    fixable_rule = next(r for r in registry.all_rules() if r.fixable and r.severity == "warning")
    manual_rule = next(r for r in registry.all_rules() if not r.fixable and r.severity == "warning")
    error_rule = next(r for r in registry.all_rules() if not r.fixable and r.severity == "error")
    fix = summary_mod.weight(finding(fixable_rule.code, fixable=True))
    manual = summary_mod.weight(finding(manual_rule.code))
    error = summary_mod.weight(finding(error_rule.code))
    assert fix < manual < error
    # a fixable rule's finding without an exact replacement needs a person
    assert not summary_mod.fixable(finding(fixable_rule.code, fixable=False))


def test_fix_applicability_wins_over_the_rule():
    class Fix:
        applicability = "unsafe"

    rule = next(r for r in registry.all_rules() if r.fixable)
    f = finding(rule.code, fixable=True)
    assert summary_mod.fixable(f)
    import dataclasses

    assert not summary_mod.fixable(dataclasses.replace(f, fix=Fix()))
    assert summary_mod.fixable(dataclasses.replace(f, fix={"applicability": "safe"}))
    assert summary_mod.fixable(dataclasses.replace(f, fix={"applicability": "safe", "edits": [{"content": "x"}]}))
    assert not summary_mod.fixable(dataclasses.replace(f, fix={"applicability": "safe", "edits": []}))


def test_score_formula_is_documented_in_the_readme():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    assert "readiness score" in readme.lower()
    assert "10 / (10 + density)" in readme


# -- --fail-under, -o -----------------------------------------------------------------------------


def test_fail_under(repo, capsys):
    score = audit_json(capsys, ".")["summary"]["score"]
    assert audit(capsys, ".", "--fail-under", str(score))[0] == 0
    code, _, err = audit(capsys, ".", "--fail-under", str(score + 1))
    assert code == 1 and f"readiness {score} is below --fail-under {score + 1}" in err
    assert audit(capsys, ".", "--fail-under", "101")[0] == 2
    assert audit(capsys, "missing-dir")[0] == 2


def test_output_file(repo, capsys):
    code, out, _ = audit(capsys, ".", "--format", "markdown", "-o", "report.md")
    assert code == 0 and out == ""
    assert (repo / "report.md").read_text().startswith("## aoai-migrate audit: readiness ")


# -- formats --------------------------------------------------------------------------------------


def test_markdown(repo, capsys):
    code, out, _ = audit(capsys, ".", "--format", "markdown")
    assert code == 0
    score = audit_json(capsys, ".")["summary"]["score"]
    assert out.startswith(f"## aoai-migrate audit: readiness {score}/100\n")
    assert "### By category" in out and "| `inference-sdk` |" in out
    assert "### By rule" in out and "| AOM102 | `inference-sdk-client` |" in out
    assert "| `app/chat.py` |" in out
    assert "### Skipped files" in out and "| `app/broken.py` | syntax error" in out
    # every table row has as many cells as its header (pipes in messages are escaped)
    for block in re.findall(r"(?:^\|.*\n)+", out, flags=re.M):
        rows = block.splitlines()
        widths = {len(re.split(r"(?<!\\)\|", row)) for row in rows}
        assert len(widths) == 1, rows


def test_terminal(repo, capsys):
    code, out, _ = audit(capsys, ".")
    assert code == 0
    assert re.match(r"Migration readiness: \d+/100\n", out)
    for title in ("By category", "By rule", "Files", "Skipped (could not be analysed)"):
        assert title in out
    assert "app/chat.py" in out and "syntax error" in out


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_html_is_self_contained(repo, capsys):
    code, out, _ = audit(capsys, ".", "--format", "html")
    assert code == 0
    parser = _Collect()
    parser.feed(out)
    tags = parser.tags
    assert not [t for t, _ in tags if t in ("script", "link", "img", "iframe")]
    assert not re.search(r"(src|href)=\"(https?:)?//", out.replace('xmlns="http://www.w3.org/2000/svg"', ""))
    assert any(t == "svg" for t, _ in tags) and any(t == "style" for t, _ in tags)
    bars = [a for t, a in tags if t == "g" and a.get("class") == "bar"]
    data = audit_json(capsys, ".")
    assert {b["data-category"]: int(b["data-count"]) for b in bars} == data["summary"]["by_category"]
    ids = {a["id"] for _, a in tags if "id" in a}
    links = [a["href"] for t, a in tags if t == "a"]
    assert len([h for h in links if h.startswith("#")]) >= len(data["findings"])
    assert all(h[1:] in ids for h in links if h.startswith("#")), "every link lands on a rule section"
    assert "aom102-inference-sdk-client" in ids  # the same anchor as docs/rules.md
    assert len([a for t, a in tags if t == "tr" and a.get("class") == "finding"]) == len(data["findings"])


def test_progress_bar_only_after_a_moment(repo, monkeypatch, capsys):
    """On a terminal the bar appears once the scan has taken PROGRESS_AFTER seconds, and is
    gone (transient) when it ends; quick scans print nothing on stderr."""
    from aoai_migrate.audit import command

    bar = command._Progress(enabled=True)
    with bar:
        bar.advance("a.py")
    assert bar.progress is None and capsys.readouterr().err == ""

    monkeypatch.setattr(command, "PROGRESS_AFTER", 0.0)
    bar = command._Progress(enabled=True)
    with bar:
        for name in ("a.py", "b.py", "c.py"):
            bar.advance(name)
        assert bar.progress is not None
        assert bar.progress.tasks[0].completed == 3
    bar = command._Progress(enabled=False)
    with bar:
        bar.advance("a.py")
    assert bar.progress is None and bar.count == 1


def test_an_empty_audit_says_so(repo, capsys):
    (repo / "empty").mkdir()
    (repo / "empty" / "notes.txt").write_text("nothing to see\n")
    code, out, err = audit(capsys, "empty", "--format", "json")
    assert code == 0 and json.loads(out)["summary"]["files"]["scanned"] == 0
    assert "warning: no files to audit in empty" in err
    assert "warning" not in audit(capsys, "app")[2]
