"""The performance table of docs/performance.md, each figure a ratio measured in one run.

    python benchmarks/performance.py            # every row, N=1
    python benchmarks/performance.py -n 3       # median of 3 runs of each command
    python benchmarks/performance.py --only pylint check memory

Rows (the flake8 row has its own, more careful script: benchmarks/flake8_overhead.py):

* ``pylint``: pylint's default checks over langchain-openai (about 16k lines, with Azure OpenAI
  code) with and without ``--load-plugins=aoai_migrate.pylint_plugin``; CPU time of each child,
  plus the CPU time spent inside the checker measured from the inside (target <= 1.02).
* ``check``: ``aoai-migrate check`` over Django (no Azure code) against ``ruff check`` on the
  same tree, wall time (target: within 2x). ``ruff`` comes from the ``bench`` extra.
* ``check-azure``: ``aoai-migrate check`` over the openai sdist (389k lines, Azure code
  throughout) against ``ruff check --select ALL`` on the same tree, wall time (target: <= 1.0).
  Both rows also give the CPU ratio and the load average before and after (the machine may be
  shared).
* ``memory``: peak resident memory of ``aoai-migrate check`` over the largest tree (SymPy).
* ``audit``: ``aoai-migrate audit --format json`` over the whole Django source distribution
  (code, tests, docs) against ``ruff check`` on the same tree, wall time (target: within 2x).
* ``audit-azure``: ``aoai-migrate audit --format json`` over each Azure-heavy package of the
  corpus (their notebooks and configuration included): files, findings, score, seconds, peak RSS.

Trees are fetched by benchmarks/corpus.py into the git-ignored benchmarks/.cache/.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402

BIN = pathlib.Path(sys.executable).parent


def tree(name: str) -> pathlib.Path:
    package = next(p for p in corpus.PACKAGES if p.name == name)
    return corpus.fetch(package)


#: the children's environment: as after ``pip install``, modules load from their cached
#: bytecode (a warm-up run writes it), so ``PYTHONDONTWRITEBYTECODE`` is dropped (as
#: flake8_overhead.py does); otherwise every run, and every worker, compiles the rules again
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def measure(cmd: list[str], cwd: pathlib.Path, env: dict | None = None) -> dict:
    """Run ``cmd``; its wall time, CPU time (user + sys) and peak RSS, from ``os.wait4``."""
    env = CHILD_ENV if env is None else env
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    stderr = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    proc.returncode = os.waitstatus_to_exitcode(status)
    if "Traceback" in stderr:
        raise SystemExit(f"{cmd[0]} crashed:\n{stderr}")
    return {
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "maxrss_mb": usage.ru_maxrss / 1024,
        "status": proc.returncode,
    }


def median(runs: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in runs)


# -- pylint -----------------------------------------------------------------------------------
PYLINT_CHILD = """
import json, os, sys, time
from aoai_migrate import pylint_plugin
spent = [0.0, 0]
real = pylint_plugin.AoaiMigrateChecker.visit_module
def visit_module(self, node):
    start = time.process_time()
    try:
        return real(self, node)
    finally:
        spent[0] += time.process_time() - start
        spent[1] += 1
pylint_plugin.AoaiMigrateChecker.visit_module = visit_module
from pylint.lint import Run
try:
    Run(sys.argv[1:], exit=False)
finally:
    with open(os.environ["AOAI_BENCH_STATS"], "w") as fh:
        json.dump({"plugin_cpu": spent[0], "modules": spent[1]}, fh)
"""


def bench_pylint(reps: int) -> dict:
    root = tree("langchain-openai")
    target = root / "langchain_openai"
    lines = sum(p.read_bytes().count(b"\n") for p in target.rglob("*.py"))
    base = ["--rcfile=/dev/null", "--jobs=1", "--persistent=n", "--score=n", str(target)]
    without, with_, inside = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        stats = pathlib.Path(tmp) / "stats.json"
        env = {**CHILD_ENV, "AOAI_BENCH_STATS": str(stats)}
        measure([sys.executable, "-m", "pylint", "--version"], root)  # warm-up (.pyc)
        for rep in range(reps):
            order = ("without", "with") if rep % 2 == 0 else ("with", "without")
            for mode in order:
                if mode == "without":
                    without.append(measure([sys.executable, "-m", "pylint", *base], root))
                else:
                    cmd = [sys.executable, "-c", PYLINT_CHILD, "--load-plugins=aoai_migrate.pylint_plugin", *base]
                    with_.append(measure(cmd, root, env))
                    inside.append(json.loads(stats.read_text()))
    w, wo = median(with_, "cpu"), median(without, "cpu")
    plugin = statistics.median(s["plugin_cpu"] for s in inside)
    return {
        "tree": f"langchain-openai {target.name}/ ({lines} lines)",
        "without_cpu": wo,
        "with_cpu": w,
        "ratio": w / wo,
        "plugin_cpu": plugin,
        "ratio_from_inside": (wo + plugin) / wo,
        "target": 1.02,
    }


# -- check vs ruff ------------------------------------------------------------------------------
def bench_check(reps: int) -> dict:
    root = tree("django") / "django-5.2.19"
    return _check_vs_ruff(reps, root, "django", "Django 5.2.19 django/", [], 2.0)


def bench_check_azure(reps: int) -> dict:
    """The Azure-heavy tree: every rule has work to do, and ruff runs all of its rules."""
    root = tree("openai")
    return _check_vs_ruff(reps, root, ".", "openai 3.57.0 sdist", ["--select", "ALL"], 1.0)


def _check_vs_ruff(reps: int, root: pathlib.Path, target: str, label: str, ruff_args: list[str],
                   target_ratio: float) -> dict:
    ruff = shutil.which("ruff", path=str(BIN)) or shutil.which("ruff")
    if ruff is None:
        raise SystemExit("ruff is not installed: pip install -e '.[bench]'")
    lines = sum(p.read_bytes().count(b"\n") for p in (root / target).rglob("*.py"))
    check = [str(BIN / "aoai-migrate"), "check", target, "--format", "json", "--exit-zero"]
    ruff_cmd = [ruff, "check", "--isolated", "--no-cache", "--exit-zero", "--quiet", *ruff_args, target]
    measure(check, root)
    measure(ruff_cmd, root)
    ours, theirs = [], []
    load = os.getloadavg()[0]
    for _ in range(reps):
        ours.append(measure(check, root))
        theirs.append(measure(ruff_cmd, root))
    return {
        "tree": f"{label} ({lines} lines)",
        "ruff": " ".join(ruff_cmd[1:]),
        "check_wall": median(ours, "wall"),
        "check_cpu": median(ours, "cpu"),
        "ruff_wall": median(theirs, "wall"),
        "ruff_cpu": median(theirs, "cpu"),
        "ratio": median(ours, "wall") / median(theirs, "wall"),
        "cpu_ratio": median(ours, "cpu") / median(theirs, "cpu"),
        "target": target_ratio,
        "load_average": [round(load, 2), round(os.getloadavg()[0], 2)],
    }


# -- memory -------------------------------------------------------------------------------------
def bench_memory(reps: int) -> dict:
    root = tree("sympy")
    lines = sum(p.read_bytes().count(b"\n") for p in root.rglob("*.py"))
    run = measure([str(BIN / "aoai-migrate"), "check", ".", "--format", "json", "--exit-zero"], root)
    azure = tree("openai")
    azure_lines = sum(p.read_bytes().count(b"\n") for p in azure.rglob("*.py"))
    run_azure = measure([str(BIN / "aoai-migrate"), "check", ".", "--format", "json", "--exit-zero"], azure)
    return {
        "tree": f"SymPy 1.14.0 ({lines} lines)",
        "peak_mb": run["maxrss_mb"],
        "wall": run["wall"],
        "azure_tree": f"openai 3.57.0 sdist ({azure_lines} lines, Azure code throughout)",
        "azure_peak_mb": run_azure["maxrss_mb"],
        "azure_wall": run_azure["wall"],
    }


# -- audit ----------------------------------------------------------------------------------------
_COPIES: dict[pathlib.Path, pathlib.Path] = {}


def outside_git(root: pathlib.Path) -> pathlib.Path:
    """``root`` copied out of this repository: the audit honours .gitignore, and the benchmark
    cache is git-ignored, so audited in place every file would be (rightly) left out."""
    if root not in _COPIES:
        target = pathlib.Path(tempfile.mkdtemp(prefix="aoai-audit-bench-")) / root.name
        shutil.copytree(root, target, symlinks=True)
        _COPIES[root] = target
    return _COPIES[root]


def _audit(root: pathlib.Path) -> tuple[dict, dict]:
    """One ``audit --format json`` run over ``root``: its measure and its summary."""
    with tempfile.TemporaryDirectory() as tmp:
        out = pathlib.Path(tmp) / "audit.json"
        run = measure([str(BIN / "aoai-migrate"), "audit", ".", "--format", "json", "-o", str(out)], root)
        return run, json.loads(out.read_text())["summary"]


def bench_audit(reps: int) -> dict:
    ruff = shutil.which("ruff", path=str(BIN)) or shutil.which("ruff")
    if ruff is None:
        raise SystemExit("ruff is not installed: pip install -e '.[bench]'")
    root = outside_git(tree("django") / "django-5.2.19")
    ruff_cmd = [ruff, "check", "--isolated", "--no-cache", "--exit-zero", "--quiet", "."]
    _audit(root)
    measure(ruff_cmd, root)
    ours, theirs, summary = [], [], {}
    for _ in range(reps):
        run, summary = _audit(root)
        ours.append(run)
        theirs.append(measure(ruff_cmd, root))
    return {
        "tree": f"Django 5.2.19 sdist, all of it ({summary['files']['scanned']} files audited, "
                f"{summary['lines']} lines)",
        "audit_wall": median(ours, "wall"),
        "audit_cpu": median(ours, "cpu"),
        "audit_peak_mb": median(ours, "maxrss_mb"),
        "ruff_wall": median(theirs, "wall"),
        "ruff_cpu": median(theirs, "cpu"),
        "ratio": median(ours, "wall") / median(theirs, "wall"),
        "target": 2.0,
    }


def bench_audit_azure(reps: int) -> dict:
    rows = {}
    for package in corpus.PACKAGES:
        if not package.azure:
            continue
        root = outside_git(corpus.fetch(package))
        runs, summary = [], {}
        for _ in range(reps):
            run, summary = _audit(root)
            runs.append(run)
        rows[package.name] = {
            "files": summary["files"]["scanned"],
            "skipped": summary["files"]["skipped"],
            "lines": summary["lines"],
            "findings": summary["findings"],
            "score": summary["score"],
            "wall": median(runs, "wall"),
            "cpu": median(runs, "cpu"),
            "peak_mb": median(runs, "maxrss_mb"),
        }
    return rows


BENCHES = {"pylint": bench_pylint, "check": bench_check, "check-azure": bench_check_azure, "memory": bench_memory,
           "audit": bench_audit,
           "audit-azure": bench_audit_azure}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=1, help="runs of each command (median)")
    parser.add_argument("--only", nargs="*", choices=sorted(BENCHES))
    args = parser.parse_args(argv)
    results = {}
    try:
        for name in args.only or BENCHES:
            results[name] = BENCHES[name](args.n)
            print(f"{name}: {json.dumps(results[name], indent=1)}", flush=True)
    finally:
        for copy in _COPIES.values():
            shutil.rmtree(copy.parent, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
