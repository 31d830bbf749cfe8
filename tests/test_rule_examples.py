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
