"""Every rule carries its own proof (Fixit style): ``invalid`` examples must be flagged by it,
``valid`` ones must not, and its documented ``example`` must be flagged too."""

import pytest

from aoai_migrate import registry
from aoai_migrate.render import snippets
from conftest import run_example

RULES = list(registry.all_rules())


def _cases(attr):
    for rule in RULES:
        for index, source in enumerate(getattr(rule, attr)):
            yield pytest.param(rule, source, id=f"{rule.code}-{attr}-{index}")


@pytest.mark.parametrize("rule,source", list(_cases("invalid")))
def test_invalid_examples_are_flagged(rule, source):
    found = [f for f in run_example(rule, source) if f.code == rule.code]
    assert found, f"{rule.code} did not flag:\n{source}"
    for finding in found:
        if finding.snippet is not None and rule.artefact is None:
            assert snippets.parses(finding.snippet)
        assert "\n" not in finding.one_line()


@pytest.mark.parametrize("rule,source", list(_cases("valid")))
def test_valid_examples_are_not_flagged(rule, source):
    found = [f for f in run_example(rule, source) if f.code == rule.code]
    assert not found, f"{rule.code} wrongly flagged:\n{source}\n{found}"


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_rule_is_documented_and_proven(rule):
    assert rule.invalid, f"{rule.code} has no positive examples"
    assert rule.valid, f"{rule.code} has no negative examples"
    assert rule.summary and rule.why and rule.use_instead
    assert [f for f in run_example(rule, rule.example) if f.code == rule.code], f"{rule.code} example is not flagged"
    if rule.artefact is None:
        assert snippets.parses(rule.use_instead)


def _fixed_codes(rule, source):
    """The rule codes whose fixes ``fix --unsafe-fixes --select <rule>`` applies to ``source``."""
    from aoai_migrate import engine
    from aoai_migrate.fix import passes
    from aoai_migrate.model import Settings

    settings = Settings(select=(rule.code,))
    outcome = passes.fix_text(
        source, lambda tree, text: engine.analyze(tree, text, "example.py", settings, prefilter=False), unsafe=True
    )
    return outcome.fixed


FIXABLE = [r for r in RULES if r.fixable and r.artefact is None]


@pytest.mark.parametrize("rule", FIXABLE, ids=[r.code for r in FIXABLE])
def test_a_rule_that_declares_a_fix_fixes_one_of_its_invalid_examples(rule):
    """A fixable rule (registry, docs/rules.md, `rules --format json`) must be shown to edit
    code: at least one of its ``invalid`` examples changes under ``fix --unsafe-fixes``."""
    assert any(_fixed_codes(rule, source)[rule.code] for source in rule.invalid), (
        f"{rule.code} declares a fix but `fix --unsafe-fixes` edits none of its invalid examples: "
        "give it an edit, or an invalid example where it has one, or set `fixable = False`"
    )


@pytest.mark.parametrize("rule", [r for r in RULES if not r.fixable], ids=[r.code for r in RULES if not r.fixable])
def test_a_rule_that_declares_no_fix_carries_none(rule):
    for source in rule.invalid:
        found = [f for f in run_example(rule, source) if f.code == rule.code]
        assert all(f.fix is None or not f.fix.edits for f in found), f"{rule.code} has an edit but fixable = False"
