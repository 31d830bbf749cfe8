"""How much CPU time the aoai-migrate flake8 plugin adds to a flake8 run over Django.

    python benchmarks/flake8_overhead.py              # N=3 pairs, prints a table
    python benchmarks/flake8_overhead.py -n 5 --json  # machine-readable result on stdout

Steps:

1. ``pip download --no-deps --no-binary :all: django==<pinned>`` into ``benchmarks/.cache/``
   (git-ignored; reused when the sdist or its unpacked tree is already there), then unpack it.
2. Run ``flake8 --isolated -j 1 django`` in the unpacked tree (flake8's default checks; no
   config file of the sdist, the repository or the user is read) WITH the plugin and WITHOUT it,
   alternating, after one unmeasured warm-up run of each (``.pyc`` compilation, page cache;
   ``PYTHONDONTWRITEBYTECODE`` is removed from the children's environment).
   Every run is a fresh child process; its CPU time is user + sys from ``os.wait4``.
3. Report the median (and min) of the N runs of each and their ratio; the target is <= 1.03.
   The "with" runs also time the plugin from the inside (import + ``run()``), which gives a
   second, much less noisy estimate of the same ratio.

"Without" runs the same flake8, from the same interpreter and environment, through this very
script (``_flake8`` mode): it wraps ``flake8.plugins.finder._find_importlib_plugins`` and drops
the plugins of the ``aoai-migrate`` distribution, so ``aoai_migrate`` is never imported. The
"with" run goes through the same wrapper, filtering nothing, and fails if the plugin is missing.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import pathlib
import platform
import statistics
import subprocess
import sys
import tarfile
import time

HERE = pathlib.Path(__file__).resolve().parent
CACHE = HERE / ".cache"
DJANGO_VERSION = "5.2.19"
PLUGIN_DIST = "aoai-migrate"
TARGET_RATIO = 1.03


# -- the flake8 child -------------------------------------------------------------------------
def _normalize(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


def flake8_child(mode: str, argv: list[str]) -> int:
    """Run flake8 in this process with our plugin (``mode == "with"``) or without it.

    With the plugin, the CPU time spent importing it and inside its ``run()`` is written as JSON
    to the file named by ``$AOAI_BENCH_STATS`` (two ``process_time()`` calls per file).
    """
    from flake8.main import cli
    from flake8.plugins import finder

    real_find = finder._find_importlib_plugins
    real_load = finder._load_plugin
    stats = {"import_s": 0.0, "run_s": 0.0, "files": 0, "findings": 0}

    def load(plugin):
        if _normalize(plugin.package) != PLUGIN_DIST:
            return real_load(plugin)
        start = time.process_time()
        loaded = real_load(plugin)
        stats["import_s"] += time.process_time() - start
        cls = loaded.obj
        real_run = cls.run

        def run(self):
            start = time.process_time()
            try:
                results = list(real_run(self))
            finally:
                stats["run_s"] += time.process_time() - start
                stats["files"] += 1
            stats["findings"] += len(results)
            return iter(results)

        cls.run = run
        return loaded

    def find():
        plugins = list(real_find())
        ours = [p for p in plugins if _normalize(p.package) == PLUGIN_DIST]
        if mode == "with":
            if not ours:
                raise SystemExit(f"the {PLUGIN_DIST} flake8 plugin is not installed in {sys.prefix}")
            return plugins
        return [p for p in plugins if _normalize(p.package) != PLUGIN_DIST]

    finder._find_importlib_plugins = find
    finder._load_plugin = load
    try:
        status = cli.main(argv)
    except SystemExit as exc:  # flake8's main() exits; keep the status, write the stats first
        status = exc.code if isinstance(exc.code, int) else 1
    if mode == "without" and "aoai_migrate" in sys.modules:
        raise SystemExit("aoai_migrate was imported in the run without the plugin")
    if mode == "with" and os.environ.get("AOAI_BENCH_STATS"):
        with open(os.environ["AOAI_BENCH_STATS"], "w") as fh:
            json.dump(stats, fh)
    return status


# -- the corpus -------------------------------------------------------------------------------
def fetch_django(version: str, cache: pathlib.Path, log) -> pathlib.Path:
    """The unpacked sdist root of Django ``version`` under ``cache`` (downloaded once)."""
    cache.mkdir(parents=True, exist_ok=True)
    root = cache / f"django-{version}"
    if (root / "django" / "__init__.py").is_file():
        return root
    sdists = [p for p in cache.glob("*.tar.gz") if p.name.lower() == f"django-{version}.tar.gz"]
    if not sdists:
        log(f"downloading the Django {version} sdist into {cache} ...")
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:",
             "--dest", str(cache), f"django=={version}"],
            check=True,
        )
        sdists = [p for p in cache.glob("*.tar.gz") if p.name.lower() == f"django-{version}.tar.gz"]
    if not sdists:
        raise SystemExit(f"pip did not leave django-{version}.tar.gz in {cache}")
    log(f"unpacking {sdists[0].name} ...")
    with tarfile.open(sdists[0]) as tar:
        data_filter = getattr(tarfile, "data_filter", None)
        if data_filter is not None:
            tar.extractall(cache, filter=data_filter)
        else:  # Python < 3.10.12 / 3.11.4: only plain members of the expected top folder
            members = [m for m in tar.getmembers()
                       if (m.isfile() or m.isdir()) and m.name.startswith(root.name + "/") and ".." not in m.name]
            tar.extractall(cache, members=members)
    if not (root / "django" / "__init__.py").is_file():
        raise SystemExit(f"unexpected sdist layout: no {root}/django/__init__.py")
    return root


def count_source(tree: pathlib.Path) -> tuple[int, int]:
    files = lines = 0
    for path in tree.rglob("*.py"):
        files += 1
        with open(path, "rb") as fh:
            lines += sum(1 for _ in fh)
    return files, lines


# -- measuring --------------------------------------------------------------------------------
def cpu_seconds(mode: str, cwd: pathlib.Path, flake8_args: list[str],
                stats_file: pathlib.Path | None = None) -> tuple[float, float, int]:
    """(user + sys CPU seconds, wall seconds, exit status) of one flake8 child."""
    cmd = [sys.executable, str(pathlib.Path(__file__).resolve()), "_flake8", mode, *flake8_args]
    env = dict(os.environ)
    env.pop("AOAI_BENCH_STATS", None)
    # as a user's machine would: let the warm-up run cache bytecode (the plugin is an editable
    # install, so without .pyc files every run would compile it from source)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if stats_file is not None:
        env["AOAI_BENCH_STATS"] = str(stats_file)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    stderr = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    if proc.returncode not in (0, 1):  # 1 = flake8 found something
        raise SystemExit(f"flake8 ({mode}) failed with status {proc.returncode}:\n{stderr[-2000:]}")
    return usage.ru_utime + usage.ru_stime, wall, proc.returncode


def versions() -> dict[str, str]:
    from importlib import metadata

    out = {"python": platform.python_version()}
    for dist in ("flake8", "pyflakes", "pycodestyle", "mccabe", PLUGIN_DIST):
        try:
            out[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            out[dist] = "not installed"
    try:
        repo = HERE.parent
        out["git_commit"] = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=repo, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"], cwd=repo, capture_output=True, text=True
        ).stdout.strip()
        if dirty:
            out["git_commit"] += " (+ uncommitted changes)"
    except (OSError, subprocess.CalledProcessError):
        pass
    return out


def rule_codes() -> list[str]:
    try:
        from aoai_migrate import registry

        return list(registry.load())
    except Exception as exc:  # the plugin failing to import shows up in the "with" run anyway
        return [f"<registry failed to load: {type(exc).__name__}: {exc}>"]


def machine() -> dict[str, object]:
    model = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {"cpu": model, "cpus": os.cpu_count(), "system": f"{platform.system()} {platform.release()}"}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["_flake8"]:
        return flake8_child(argv[1], argv[2:])

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--repeat", type=int, default=3, help="measured runs of each (default 3)")
    parser.add_argument("--warmup", type=int, default=1, help="unmeasured runs of each first (default 1)")
    parser.add_argument("--django", default=DJANGO_VERSION, help=f"Django version (default {DJANGO_VERSION})")
    parser.add_argument("--cache", type=pathlib.Path, default=CACHE, help="download folder (default %(default)s)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON on stdout")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    root = fetch_django(args.django, args.cache, log)
    rules = rule_codes()  # before the runs: the rules that were measured
    files, lines = count_source(root / "django")
    flake8_args = ["--isolated", "-j", "1", "django"]
    runs: dict[str, list[float]] = {"with": [], "without": []}
    walls: dict[str, list[float]] = {"with": [], "without": []}
    plugin: list[dict[str, float]] = []
    stats_file = args.cache / "plugin-stats.json"
    for i in range(args.warmup):
        for mode in ("with", "without"):
            log(f"warm-up {i + 1}/{args.warmup}: flake8 {mode} the plugin ...")
            cpu_seconds(mode, root, flake8_args)
    for i in range(args.repeat):
        order = ("with", "without") if i % 2 == 0 else ("without", "with")
        for mode in order:
            stats_file.unlink(missing_ok=True)
            cpu, wall, _ = cpu_seconds(mode, root, flake8_args, stats_file if mode == "with" else None)
            runs[mode].append(cpu)
            walls[mode].append(wall)
            if mode == "with":
                plugin.append(json.loads(stats_file.read_text()))
            log(f"run {i + 1}/{args.repeat}: {mode:<7} the plugin: {cpu:7.2f} s CPU ({wall:.2f} s wall)")
    stats_file.unlink(missing_ok=True)

    med = {m: statistics.median(v) for m, v in runs.items()}
    low = {m: min(v) for m, v in runs.items()}
    ratio = med["with"] / med["without"]
    min_ratio = low["with"] / low["without"]
    # the plugin's own CPU time, measured inside the "with" runs: far less noisy than the
    # difference of two 30 s runs on a shared machine
    self_s = statistics.median(p["import_s"] + p["run_s"] for p in plugin)
    self_ratio = (med["without"] + self_s) / med["without"]
    result = {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "command": " ".join(["python", "benchmarks/flake8_overhead.py", *argv]),
        "corpus": f"django-{args.django} sdist, django/ tree",
        "flake8_args": flake8_args,
        "files": files,
        "lines": lines,
        "repeat": args.repeat,
        "cpu_seconds": runs,
        "wall_seconds": walls,
        "median": med,
        "min": low,
        "ratio_median": round(ratio, 4),
        "ratio_min": round(min_ratio, 4),
        "plugin_self": plugin,
        "plugin_self_median_s": round(self_s, 4),
        "ratio_from_plugin_self": round(self_ratio, 4),
        "target": TARGET_RATIO,
        "within_target": ratio <= TARGET_RATIO,
        "versions": versions(),
        "rules": rules,
        "machine": machine(),
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"corpus   {result['corpus']}: {files} files, {lines} lines; flake8 {' '.join(flake8_args)}")
    print(f"{'':8} {'median s':>9} {'min s':>9}   runs (CPU s, user+sys)")
    for mode in ("without", "with"):
        print(f"{mode:<8} {med[mode]:9.2f} {low[mode]:9.2f}   " + " ".join(f"{x:.2f}" for x in runs[mode]))
    verdict = "within" if ratio <= TARGET_RATIO else "MISSES"
    print(f"ratio    {ratio:9.4f} {min_ratio:9.4f}   ({verdict} the target <= {TARGET_RATIO})")
    last = plugin[-1]
    print(
        f"plugin   {self_s:.3f} s CPU inside the plugin (median; last run: import {last['import_s']:.3f} s, "
        f"run() {last['run_s']:.3f} s over {last['files']} files, {last['findings']} findings) "
        f"-> ratio {self_ratio:.4f}"
    )
    print(f"rules    {len(result['rules'])}: {' '.join(result['rules'])}")
    print("versions " + ", ".join(f"{k} {v}" for k, v in result["versions"].items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
