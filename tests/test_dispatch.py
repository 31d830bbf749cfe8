"""What the rules declare to the engine's dispatch (``Rule.call_methods``, ``Rule.needs_azure``)
only skips work: over every example, eval file and fix fixture, the findings are the same as
when every rule sees every call of every module that passes the prefilter."""

import ast
import pathlib
import textwrap

import pytest

from aoai_migrate import engine, registry
from aoai_migrate.model import Settings

TESTS = pathlib.Path(__file__).parent
RULES = list(registry.all_rules())


def _sources() -> list[str]:
    out = []
    for rule in RULES:
        if rule.artefact is None:
            out += [textwrap.dedent(s) for s in (*rule.invalid, *rule.valid, rule.example)]
    out += [p.read_text() for p in sorted((TESTS / "eval_files").glob("*.py"))]
    out += [p.read_text(encoding="utf-8-sig") for p in sorted((TESTS / "fix_fixtures").glob("*/before.py"))]
    return out


SOURCES = _sources()


def _findings() -> list:
    return [[f.to_json() for f in engine.analyze_source(s, "example.py", Settings())] for s in SOURCES]


def test_call_methods_only_skip_calls_the_rule_ignores(monkeypatch):
    declared = [r for r in RULES if r.call_methods]
    assert len(declared) >= 8 and all(ast.Call in r.node_types for r in declared)
    monkeypatch.setattr(engine, "_TABLES", {})
    narrowed = _findings()
    for rule in declared:
        monkeypatch.setattr(rule, "call_methods", frozenset())
    monkeypatch.setattr(engine, "_TABLES", {})  # the dispatch tables built from the declarations
    assert narrowed == _findings()


def test_rules_that_need_azure_are_skipped_only_where_they_find_nothing(monkeypatch):
    plain = {r.code for r in RULES if not r.needs_azure}
    assert plain == {"AOM207", "AOM502", "AOM503", "AOM606"}
    restricted = _findings()
    monkeypatch.setattr(engine, "_sees_azure", lambda *args: True)
    assert restricted == _findings()


@pytest.mark.parametrize("method,expected", [("complete", True), ("embed", False), (None, False)])
def test_a_call_reaches_the_rules_of_its_method(method, expected):
    table = engine._Table(Settings(), [registry.get("AOM103"), registry.get("AOM201")])
    assert [r.code for r in table[ast.Call]] == ["AOM201"]
    rules = table.calls.get(method, table[ast.Call])
    assert ("AOM103" in [r.code for r in rules]) is expected
    assert [r.code for r in rules][-1] == "AOM201"
