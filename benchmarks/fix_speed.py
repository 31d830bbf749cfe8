"""``aoai-migrate fix --diff`` over large trees: time per thousand lines and peak memory,
against ``aoai-migrate check`` over the same files in the same run (the ratio is what to
compare between machines).

    .venv/bin/python benchmarks/fix_speed.py [TREE ...]   # default: every corpus package

Each tree is measured on its own, each command in a child process (``--jobs 1``), for wall
time, CPU time (user + system, which a loaded machine disturbs less) and peak RSS (``resource``);
a last row sums the trees. ``fix --diff`` writes nothing, so the corpus stays as it is. The
date and load average are printed with the table, to go with the figures.
"""

from __future__ import annotations

import datetime
import os
import pathlib
import resource
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
CORPUS = ROOT / "benchmarks" / ".cache" / "corpus"


def lines_of(tree: pathlib.Path) -> tuple[int, int]:
    files = lines = 0
    for path in tree.rglob("*.py"):
        try:
            lines += path.read_bytes().count(b"\n")
            files += 1
        except OSError:
            pass
    return files, lines


_CHILD = (
    "import resource, sys\n"
    "from aoai_migrate.cli import main\n"
    "try:\n    main(sys.argv[1:])\n"
    "finally:\n    sys.stderr.write(f'\\nmaxrss={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}\\n')\n"
)


def timed(args: list[str]) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak RSS of the child in MiB)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", _CHILD, *args], stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, cwd=ROOT, check=False)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    peak = next(int(line[7:]) for line in reversed(proc.stderr.splitlines()) if line.startswith("maxrss="))
    return seconds, cpu, peak / 1024


def measure(tree: pathlib.Path) -> dict:
    files, lines = lines_of(tree)
    common = ["--jobs", "1", "--exclude", ".git", str(tree)]
    check = timed(["check", "-q", "--exit-zero", *common])
    fix = timed(["fix", "--diff", "--unsafe-fixes", "-q", *common])
    return {"name": tree.name, "files": files, "lines": lines, "check": check, "fix": fix}


def main(argv: list[str]) -> int:
    trees = [pathlib.Path(a) for a in argv] or sorted(p for p in CORPUS.iterdir() if p.is_dir() and p.name != "downloads")
    if not trees:
        print("no trees: run benchmarks/corpus.py first, or pass directories", file=sys.stderr)
        return 2
    load = os.getloadavg()
    print(f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, load average "
          f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}, {os.cpu_count()} CPUs")
    print("| tree | files | lines | check | fix --diff | check per kLOC (CPU) | fix per kLOC (CPU) "
          "| fix/check (CPU) | peak check / fix |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    rows = [measure(tree) for tree in trees]
    if len(rows) > 1:
        rows.append({
            "name": "all", "files": sum(r["files"] for r in rows), "lines": sum(r["lines"] for r in rows),
            "check": tuple(sum(r["check"][i] for r in rows) for i in range(2)) + (max(r["check"][2] for r in rows),),
            "fix": tuple(sum(r["fix"][i] for r in rows) for i in range(2)) + (max(r["fix"][2] for r in rows),),
        })
    for row in rows:
        (cw, cc, cm), (fw, fc, fm), kloc = row["check"], row["fix"], max(row["lines"], 1) / 1000
        print(f"| {row['name']} | {row['files']:,} | {row['lines']:,} | {cw:.2f} s | {fw:.2f} s "
              f"| {1000 * cc / kloc:.0f} ms | {1000 * fc / kloc:.0f} ms | {fc / cc:.2f}x | {cm:.0f} / {fm:.0f} MiB |")
    load = os.getloadavg()
    print(f"load average after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
