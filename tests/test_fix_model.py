"""The fix model: how a rule passes its fix, and where fixes show (JSON, SARIF, one-line messages)."""

import ast
import io
import json

import pytest

from aoai_migrate import engine, registry
from aoai_migrate.model import Applicability, Category, Edit, Finding, Fix, Settings
from aoai_migrate.output import write
from aoai_migrate.registry import Rule
from aoai_migrate.runner import Report, physical_lines, to_characters


class _Probe(Rule):
    """Not registered: reports every ``probe(...)`` call with the fix the test asks for."""

    code = "AOM199"
    symbol = "probe"
    category = Category.INFERENCE_SDK
    message = "probe {name}"
    fix_title = "Rename {name}"
    fix_applicability = Applicability.UNSAFE
    node_types = (ast.Call,)
    kwargs: dict = {}

    def visit(self, node, ctx):
        if isinstance(node.func, ast.Name) and node.func.id == "probe":
            ctx.report(self, node, snippet="renamed()", name="probe", **type(self).kwargs(ctx, node))


def probe(source, **kwargs):
    _Probe.kwargs = lambda ctx, node: {
        key: (value(ctx, node) if callable(value) else value) for key, value in kwargs.items()
    }
    return engine.analyze_source(source, "p.py", rules=[_Probe], prefilter=False)


def test_replace_builds_a_fix_with_the_rules_default_applicability():
    (finding,) = probe("x = probe(1)\n", replace=lambda ctx, node: node)
    fix = finding.fix
    assert fix == Fix(Applicability.UNSAFE, "Rename probe", (Edit(1, 4, 1, 12, "renamed()"),))
    assert finding.replacement == fix.edits[0]
    assert not fix.allowed() and fix.allowed(unsafe=True)


def test_no_edit_no_fix():
    (finding,) = probe("x = probe(1)\n")
    assert finding.fix is None and finding.replacement is None
    assert finding.to_json()["fix"] is None
    assert finding.one_line() == "probe probe; migrated: `renamed()`"


def test_edit_applicability_imports_unused_and_more_edits():
    (finding,) = probe(
        "x = probe(1)\ny = 2\n",
        replace=lambda ctx, node: node,
        edit="renamed(1)",
        edits=lambda ctx, node: (ctx.edit(ctx.sem.tree.body[1].value, "3"),),
        applicability=Applicability.SAFE,
        imports=("from openai import OpenAI",),
        unused=("azure.core.credentials.AzureKeyCredential",),
    )
    fix = finding.fix
    assert fix.applicability is Applicability.SAFE and fix.allowed()
    assert fix.edits == (Edit(1, 4, 1, 12, "renamed(1)"), Edit(2, 4, 2, 5, "3"))
    assert fix.imports == ("from openai import OpenAI",)
    assert fix.unused == ("azure.core.credentials.AzureKeyCredential",)
    assert finding.replacement is None  # two edits
    assert finding.one_line().endswith("(fix available)")


def test_a_complete_fix_object_is_kept_as_given():
    given = Fix(Applicability.DISPLAY_ONLY, "look", (Edit(1, 0, 1, 1, "z"),))
    (finding,) = probe("x = probe(1)\n", fix=given)
    assert finding.fix is given and not given.allowed(unsafe=True)
    assert finding.fix_marker == ""


def test_unsafe_marker_in_flake8_and_pylint_form():
    (finding,) = probe("x = probe(1)\n", replace=lambda ctx, node: node)
    assert finding.one_line() == "probe probe; migrated: `renamed()` (unsafe fix available)"


def _report(source):
    findings = probe(source, replace=lambda ctx, node: node)
    lines = physical_lines(source)
    return Report(findings=[to_characters(f, lines) for f in findings], errors=[], files=1)


def test_json_fix_is_ruffs_shape_in_one_based_characters():
    source = "s = 'héllo'; x = probe(1)\n"
    out = io.StringIO()
    write(_report(source), "json", out)
    (obj,) = json.loads(out.getvalue())
    start = source.index("probe") + 1
    assert obj["fix"] == {
        "applicability": "unsafe",
        "message": "Rename probe",
        "edits": [
            {
                "content": "renamed()",
                "location": {"row": 1, "column": start},
                "end_location": {"row": 1, "column": start + len("probe(1)")},
            }
        ],
        "imports": [],
    }


def test_sarif_fix_carries_every_edit_and_the_applicability():
    out = io.StringIO()
    write(_report("x = probe(1)\n"), "sarif", out)
    (result,) = json.loads(out.getvalue())["runs"][0]["results"]
    (fix,) = result["fixes"]
    (change,) = fix["artifactChanges"]
    (replacement,) = change["replacements"]
    assert replacement["deletedRegion"] == {"startLine": 1, "startColumn": 5, "endLine": 1, "endColumn": 13}
    assert replacement["insertedContent"] == {"text": "renamed()"}
    assert result["properties"]["fixApplicability"] == "unsafe"


@pytest.mark.parametrize(
    "rule", [r for r in registry.all_rules() if getattr(r, "artefact", None) is None], ids=lambda r: r.code
)
def test_rules_with_fixes_say_they_are_fixable(rule):
    """A rule whose examples produce a fix declares ``fixable`` (the docs and ``rules`` read it)."""
    for source in (rule.example, *rule.invalid):
        for finding in engine.analyze_source(source, "x.py", Settings(select=(rule.code,))):
            if finding.fix is not None:
                assert rule.fixable, f"{rule.code} produced a fix but fixable = False"
                return
