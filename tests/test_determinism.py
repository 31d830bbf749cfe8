"""The same input gives the same report on every run: no finding, message or snippet may depend
on hash seeds (set order) or on how files are spread over worker processes."""

import os
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
TARGETS = [str(ROOT / "tests" / "eval_files"), str(ROOT / "examples")]


#: a client that may be sync or async: the rules must pick the same one on every run
AMBIGUOUS = """\
from openai import AsyncAzureOpenAI, AzureOpenAI

client = AzureOpenAI(azure_endpoint=e, api_key=k, api_version="2024-06-01")
if use_async:
    client = AsyncAzureOpenAI(azure_endpoint=e, api_key=k, api_version="2024-06-01")
copied = client.with_options(azure_ad_token="token")
"""


def _findings(seed: str, source: str) -> str:
    script = (
        "import sys\nfrom aoai_migrate.engine import analyze_source\n"
        "for f in analyze_source(sys.stdin.read(), 'm.py'):\n"
        "    print(f.line, f.col, f.code, f.message, repr(f.snippet))\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": seed}
    return subprocess.run([sys.executable, "-c", script], input=source, capture_output=True, text=True,
                          env=env, check=True).stdout


def test_findings_do_not_depend_on_hash_seeds():
    # before reports were made stable, 3 of these 8 seeds named the other client
    reports = {_findings(str(seed), AMBIGUOUS) for seed in range(1, 9)}
    assert len(reports) == 1
    (report,) = reports
    assert "AOM206" in report


def test_reports_of_the_examples_do_not_depend_on_hash_seeds():
    def run(seed, *extra):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        return subprocess.run(
            [sys.executable, "-m", "aoai_migrate.cli", "check", *TARGETS, "--format", "json", "--exit-zero", *extra],
            capture_output=True, env=env, check=True,
        ).stdout

    first = run("1")
    assert b'"code"' in first
    assert run("2") == first


def test_parallel_run_reports_what_a_serial_run_does(tmp_path):
    # more files than the parallel threshold: copies of the annotated examples
    sources = sorted((ROOT / "tests" / "eval_files").glob("*.py"))
    for index in range(210):
        src = sources[index % len(sources)]
        (tmp_path / f"m{index:03d}_{src.name}").write_bytes(src.read_bytes())
    env = {**os.environ, "PYTHONHASHSEED": "0"}

    def run(jobs):
        return subprocess.run(
            [sys.executable, "-m", "aoai_migrate.cli", "check", str(tmp_path), "--format", "json",
             "--exit-zero", "--jobs", jobs],
            capture_output=True, env=env, check=True,
        ).stdout

    serial = run("1")
    assert serial.count(b'"code"') > 210
    assert run("2") == serial


def test_inferred_values_iterate_in_one_order_under_every_hash_seed():
    # several values of one expression: Semantics.infer hands them out sorted, not in set order
    script = (
        "import ast\nfrom aoai_migrate.semantics import Semantics, Value\n"
        "src = 'import a, b\\nfrom openai import AzureOpenAI, AsyncAzureOpenAI, OpenAI\\n"
        "x = a.K if c else b.K\\nx = AzureOpenAI() or AsyncAzureOpenAI() or OpenAI() or \"s\" or \"t\"\\n'\n"
        "sem = Semantics(ast.parse(src))\n"
        "for v in sem.infer(ast.parse('x', mode='eval').body, sem.module):\n"
        "    print(v.kind, v.name)\n"
        "both = sem.infer(ast.parse('x', mode='eval').body, sem.module) | {Value('str', 'u')}\n"
        "print([v.name for v in both])\n"
    )
    outputs = set()
    for seed in ("1", "2", "3", "4", "5", "6"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        outputs.add(subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env,
                                   check=True).stdout)
    assert len(outputs) == 1
    (out,) = outputs
    assert out.count("\n") == 8 and "instance openai.AsyncAzureOpenAI" in out
