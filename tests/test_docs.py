"""docs/rules.md is generated from the registry and must not drift."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from aoai_migrate import docs, registry

ROOT = Path(__file__).resolve().parent.parent
RULES_MD = ROOT / "docs" / "rules.md"
RULES = list(registry.all_rules())
SECTIONS = ["What it does", "Why is this bad?", "Example", "Use instead", "How to disable"]


def test_rules_md_is_up_to_date():
    assert RULES_MD.exists(), "docs/rules.md is missing: run python -m aoai_migrate.docs"
    current = RULES_MD.read_text(encoding="utf-8")
    assert current == docs.render(), "docs/rules.md is out of date: run python -m aoai_migrate.docs"


def test_check_mode_reports_drift(tmp_path, capsys):
    target = tmp_path / "rules.md"
    assert docs.main(["--check", "--output", str(target)]) == 1
    assert "run python -m aoai_migrate.docs" in capsys.readouterr().err
    assert docs.main(["--output", str(target)]) == 0
    assert docs.main(["--check", "--output", str(target)]) == 0
    target.write_text(target.read_text() + "edited\n")
    assert docs.main(["--check", "--output", str(target)]) == 1


def test_index_links_to_every_rule_section():
    text = docs.render()
    anchors = set(re.findall(r"\]\(#([a-z0-9-]+)\)", text))
    headings = {docs.slug(h) for h in re.findall(r"^## (.+)$", text, re.M)}
    assert anchors == {docs.anchor(r) for r in RULES}
    assert anchors <= headings


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_rule_page_follows_ruffs_order(rule):
    page = docs.rule_markdown(rule, level=2)
    assert page.startswith(f"## {rule.code} ({rule.symbol})\n")
    positions = [page.index(f"### {name}\n") for name in SECTIONS]
    assert positions == sorted(positions)
    if rule.artefact is None:
        assert f"# noqa: {rule.code}" in page and f"# pylint: disable={rule.symbol}" in page
    else:  # configuration files: audit only, no comments to suppress with
        assert f"--ignore {rule.code}" in page and "`aoai-migrate audit` only" in page
    assert f"--ignore {rule.code}" in page
    for snippet in docs.produced_snippets(rule):
        assert snippet in page
    if rule.known_problems.strip():
        assert "### Known problems" in page
    for ref in rule.references:
        assert ref in page


def test_every_python_block_parses():
    for block in re.findall(r"```python\n(.*?)```", docs.render(), re.S):
        compile(block, "<docs>", "exec")


def test_slug_matches_github_anchors():
    assert docs.slug("AOM101 (inference-sdk-import)") == "aom101-inference-sdk-import"
    assert docs.slug("Why is this bad?") == "why-is-this-bad"
