"""Expectations on code nobody here wrote (pinned releases from the package registry).

Slow (downloads into benchmarks/.cache, then scans ~2 million lines): run with ``-m slow``.
"""

from __future__ import annotations

import ast
import pathlib
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import corpus  # noqa: E402

pytestmark = pytest.mark.slow

_results: dict[str, corpus.Result] = {}


def result(name: str) -> corpus.Result:
    if name not in _results:
        package = next(p for p in corpus.PACKAGES if p.name == name)
        _results[name] = corpus.scan(package, corpus.fetch(package), oracle=True)
    return _results[name]


@pytest.mark.parametrize("name", [p.name for p in corpus.PACKAGES])
def test_no_crash(name):
    crashes = result(name).crashes
    assert not crashes, "\n\n".join(f"{path}\n{tb}" for path, tb in crashes)


def test_notebooks_and_configuration_files_are_scanned():
    evaluation = result("azure-ai-evaluation")
    assert evaluation.notebooks >= 15 and evaluation.artefacts >= 18  # samples and Prompty files
    assert evaluation.skipped == 0


@pytest.mark.parametrize("name", [p.name for p in corpus.PACKAGES if not p.azure])
def test_no_findings_without_azure(name):
    found = result(name).findings
    assert not found, {path: [f["code"] for f in fs] for path, fs in list(found.items())[:20]}


#: snippet-oracle problems still open on the corpus, per rule (see docs/performance.md); the test
#: fails when a rule gets more. The target is an empty table.
ORACLE_OPEN: dict[str, int] = {}


def test_snippets_pass_the_oracle():
    """Every snippet on the corpus is checked against the installed openai package
    (tests/snippet_oracle.py): signatures, names, configuration, lost arguments."""
    problems = [
        f"{name}/{path}:{line}: {code} {kind}: {detail}"
        for name in (p.name for p in corpus.PACKAGES if p.azure)
        for path, line, code, kind, detail in result(name).oracle
    ]
    counts: dict[str, int] = {}
    for line in problems:
        code = line.split(": ", 1)[1].split()[0]
        counts[code] = counts.get(code, 0) + 1
    worse = {code for code, n in counts.items() if n > ORACLE_OPEN.get(code, 0)}
    assert not worse, "\n".join(line for line in problems if line.split(": ", 1)[1].split()[0] in worse)


CLIENTS = {"ChatCompletionsClient", "EmbeddingsClient", "ImageEmbeddingsClient", "load_client"}
CALLS = {"complete", "embed", "get_model_info"}
CREDENTIALS = {"AzureKeyCredential", "DefaultAzureCredential"}


def _call_lines(tree: ast.AST, names: set[str]) -> list[int]:
    """Lines of calls to ``names`` (a bare name or the last attribute), docstrings excluded."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
            if name in names:
                lines.append(node.lineno)
    return sorted(set(lines))


def test_inference_samples_are_fully_flagged():
    """Every official sample that builds a client gets findings for its client, its calls and
    its credential."""
    package = next(p for p in corpus.PACKAGES if p.name == "azure-ai-inference")
    root = corpus.fetch(package)
    findings = result(package.name).findings
    problems = []
    checked = 0
    client_categories = {"inference-sdk", "unsupported-feature"}
    for sample in sorted(root.rglob("samples/**/*.py")):
        tree = ast.parse(sample.read_bytes())
        clients = _call_lines(tree, CLIENTS)
        if not clients:
            continue
        checked += 1
        by_line: dict[int, set[str]] = {}
        for finding in findings.get(str(sample.relative_to(root)), []):
            by_line.setdefault(finding["line"], set()).add(finding["category"])
        for line in clients:
            if not by_line.get(line, set()) & client_categories:
                problems.append(f"{sample.name}:{line}: client construction not flagged")
        for line in _call_lines(tree, CALLS):
            if not by_line.get(line, set()) & (client_categories | {"missing-model"}):
                problems.append(f"{sample.name}:{line}: call not flagged")
        for line in _call_lines(tree, CREDENTIALS):
            if "auth" not in by_line.get(line, set()):
                problems.append(f"{sample.name}:{line}: credential not flagged")
    assert checked > 30
    assert not problems, "\n".join(problems)
