"""``aoai-migrate fix --diff`` over a large tree: wall time per thousand lines and peak memory,
against ``aoai-migrate check`` over the same files in the same run (the ratio is what to
compare between machines).

    .venv/bin/python benchmarks/fix_speed.py [TREE ...]   # default: every corpus package

Each command runs in a child process (``--jobs 1``) and is timed with ``resource`` for its
peak RSS. ``fix --diff`` writes nothing, so the corpus stays as it is.
"""

from __future__ import annotations

import pathlib
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


def timed(args: list[str]) -> tuple[float, float]:
    """(seconds, peak RSS of the child in MiB)."""
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", _CHILD, *args], stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, cwd=ROOT, check=False)
    seconds = time.perf_counter() - start
    peak = next(int(line[7:]) for line in reversed(proc.stderr.splitlines()) if line.startswith("maxrss="))
    return seconds, peak / 1024


def main(argv: list[str]) -> int:
    trees = [pathlib.Path(a) for a in argv] or sorted(p for p in CORPUS.iterdir() if p.is_dir() and p.name != "downloads")
    if not trees:
        print("no trees: run benchmarks/corpus.py first, or pass directories", file=sys.stderr)
        return 2
    files, lines = 0, 0
    for tree in trees:
        f, n = lines_of(tree)
        files += f
        lines += n
    paths = [str(t) for t in trees]
    common = ["--jobs", "1", "--exclude", ".git", *paths]
    check_s, check_mb = timed(["check", "-q", "--exit-zero", *common])
    fix_s, fix_mb = timed(["fix", "--diff", "--unsafe-fixes", "-q", *common])
    print(f"{len(trees)} trees, {files:,} files, {lines:,} lines")
    print(f"check        {check_s:7.2f} s  {1000 * check_s / lines * 1000:7.2f} ms/kLOC  peak {check_mb:6.0f} MiB")
    print(f"fix --diff   {fix_s:7.2f} s  {1000 * fix_s / lines * 1000:7.2f} ms/kLOC  peak {fix_mb:6.0f} MiB"
          f"  ({fix_s / check_s:.2f}x check)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
