"""Run aoai-migrate over pinned third-party releases fetched from the package registry.

    python benchmarks/corpus.py                 # every package, table on stdout
    python benchmarks/corpus.py --only django   # one package
    python benchmarks/corpus.py --json out.json # machine-readable results too
    python benchmarks/corpus.py --oracle        # also check every snippet (tests/snippet_oracle.py)
    python benchmarks/corpus.py --fix           # plus the fix round trip (benchmarks/corpus_fix.py)

Releases are downloaded once with pip into ``benchmarks/.cache/corpus`` (git-ignored) and
unpacked there. Each Python file goes through the same engine path as ``aoai-migrate check``; a
file that cannot be parsed is counted as ``unparsable`` (the CLI reports and skips it), any other
exception is a crash, recorded with its traceback. Notebooks and configuration/dependency files
(``.ipynb``, ``.env``, JSON/YAML, Bicep, Prompty, requirements, pyproject...) go through the
audit's scanner (``aoai_migrate.audit.scan.scan_file``): what it lists as skipped is counted as
``skipped``, an exception escaping it is a crash.
"""

from __future__ import annotations

import argparse
import collections
import dataclasses
import json
import pathlib
import subprocess
import sys
import tarfile
import time
import traceback
import zipfile

HERE = pathlib.Path(__file__).resolve().parent
CACHE = HERE / ".cache" / "corpus"
sys.path.insert(0, str(HERE.parent / "tests"))  # the snippet oracle lives with the tests


@dataclasses.dataclass(frozen=True)
class Package:
    name: str
    version: str
    #: "sdist" when the samples/examples only ship in the source distribution
    form: str
    #: True when the package is expected to contain Azure AI Inference / Azure OpenAI usage
    azure: bool
    #: added to the cache folder's name (another form of a release already cached)
    suffix: str = ""

    @property
    def requirement(self) -> str:
        return f"{self.name}=={self.version}"

    @property
    def folder(self) -> str:
        return f"{self.name}-{self.version}{self.suffix}"


PACKAGES = (
    Package("azure-ai-inference", "1.0.0b9", "sdist", True),
    Package("openai", "3.57.0", "sdist", True),
    Package("llama-index-llms-azure-inference", "0.8.0", "wheel", True),
    Package("llama-index-embeddings-azure-inference", "0.6.0", "wheel", True),
    Package("langchain-azure-ai", "1.2.12", "wheel", True),
    Package("langchain-openai", "1.7.4", "wheel", True),
    Package("semantic-kernel", "1.45.0", "wheel", True),
    Package("autogen-ext", "0.7.5", "wheel", True),
    # the sdist ships the samples: 15 notebooks on top of the package's Prompty files
    Package("azure-ai-evaluation", "1.18.10", "sdist", True, "-sdist"),
    Package("django", "5.2.19", "sdist", False),
    Package("sympy", "1.14.0", "wheel", False),
)


def fetch(package: Package) -> pathlib.Path:
    """Download and unpack ``package`` once; return the unpacked folder."""
    target = CACHE / package.folder
    marker = target / ".unpacked"
    if marker.exists():
        return target
    downloads = CACHE / "downloads"
    downloads.mkdir(parents=True, exist_ok=True)
    binary = ["--no-binary", ":all:"] if package.form == "sdist" else ["--only-binary", ":all:"]
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", *binary,
         package.requirement, "-d", str(downloads)],
        check=True,
    )
    archive = _find_archive(downloads, package)
    target.mkdir(parents=True, exist_ok=True)
    if archive.suffix == ".whl":
        with zipfile.ZipFile(archive) as zf:
            zf.extractall(target)
    else:
        with tarfile.open(archive) as tf:
            tf.extractall(target, filter="data") if hasattr(tarfile, "data_filter") else tf.extractall(target)
    marker.write_text(package.requirement)
    return target


def _find_archive(folder: pathlib.Path, package: Package) -> pathlib.Path:
    stem = package.name.replace("-", "_").lower()
    for path in sorted(folder.iterdir()):
        name = path.name.lower().replace("-", "_")
        if name.startswith(f"{stem}_{package.version}") and (
            (package.form == "sdist" and path.name.endswith((".tar.gz", ".zip")))
            or (package.form == "wheel" and path.suffix == ".whl")
        ):
            return path
    raise FileNotFoundError(f"no {package.form} of {package.requirement} in {folder}")


@dataclasses.dataclass
class Result:
    package: str
    files: int = 0
    lines: int = 0
    unparsable: int = 0
    seconds: float = 0.0
    by_category: collections.Counter = dataclasses.field(default_factory=collections.Counter)
    crashes: list = dataclasses.field(default_factory=list)
    #: path -> findings (as JSON dicts)
    findings: dict = dataclasses.field(default_factory=dict)
    #: snippet-oracle problems (with ``oracle=True``): [path, line, code, kind, detail]
    oracle: list = dataclasses.field(default_factory=list)
    #: source lines carrying two findings or more
    crowded_lines: int = 0
    #: findings showing a snippet that another finding of the same file already shows
    repeated_snippets: int = 0
    #: findings that point to the snippet of another finding on the same site
    shared_snippets: int = 0
    #: notebooks and configuration/dependency files scanned, and those the audit skipped
    notebooks: int = 0
    artefacts: int = 0
    skipped: int = 0

    @property
    def total(self) -> int:
        return sum(self.by_category.values())


def python_files(root: pathlib.Path):
    for path in sorted(root.rglob("*.py")):
        if path.is_file():
            yield path


def other_files(root: pathlib.Path):
    """Notebooks and configuration/dependency files, as the audit would pick them."""
    from aoai_migrate.audit import kinds

    for path in sorted(root.rglob("*")):
        if ".ipynb_checkpoints" in path.parts or not path.is_file():
            continue
        kind = kinds.kind_of(path.name, path.parent.name)
        if kind is not None and kind != kinds.PYTHON:
            yield path, kind


def scan_others(root: pathlib.Path, result: Result) -> None:
    from aoai_migrate.audit import kinds
    from aoai_migrate.audit.scan import scan_file
    from aoai_migrate.config import Config

    config = Config(root=root)
    settings = config.settings()
    for path, kind in other_files(root):
        rel = str(path.relative_to(root))
        if kind == kinds.NOTEBOOK:
            result.notebooks += 1
        else:
            result.artefacts += 1
        result.lines += path.stat().st_size and path.read_bytes().count(b"\n")
        try:
            done = scan_file(str(path), config, settings)
        except Exception:  # noqa: BLE001 - a crash is what this runner exists to find
            result.crashes.append((rel, traceback.format_exc()))
            continue
        result.skipped += len(done.skipped)
        if done.findings:
            result.findings[rel] = [f.to_json() for f in done.findings]
            result.by_category.update(f.category.value for f in done.findings)


def scan(package: Package, root: pathlib.Path, oracle: bool = False, single_module: bool = False) -> Result:
    from aoai_migrate import project
    from aoai_migrate.engine import ParseError, analyze_source, relevant
    from aoai_migrate.sharing import share

    if oracle:
        import snippet_oracle

    result = Result(package.name)
    start = time.perf_counter()
    # as `aoai-migrate check` does: names imported from the package's other modules resolve
    index = None if single_module else project.build([str(p) for p in python_files(root)])
    for path in python_files(root):
        data = path.read_bytes()
        result.files += 1
        result.lines += data.count(b"\n")
        rel = str(path.relative_to(root))
        try:
            if not (index.relevant(data, str(path)) if index is not None else relevant(data)):
                continue
            findings = analyze_source(data, str(path), project=index, prefilter=False)
            findings = [dataclasses.replace(f, path=rel) for f in findings]
        except ParseError:
            result.unparsable += 1
            continue
        except Exception:  # noqa: BLE001 - a crash is what this runner exists to find
            result.crashes.append((rel, traceback.format_exc()))
            continue
        if findings:
            findings = share(findings)  # as the CLI reports them
            result.findings[rel] = [f.to_json() for f in findings]
            result.by_category.update(f.category.value for f in findings)
            if oracle:
                start_oracle = time.perf_counter()
                text = data.decode("utf-8", "surrogateescape")
                for finding, problem in snippet_oracle.check_findings(findings, text):
                    result.oracle.append([rel, finding.line, finding.code, problem.kind, problem.detail])
                start += time.perf_counter() - start_oracle  # not engine time
            _count_repeats(result, findings)
    scan_others(root, result)
    result.seconds = time.perf_counter() - start
    return result


def _count_repeats(result: Result, findings) -> None:
    per_line = collections.Counter(f.line for f in findings)
    result.crowded_lines += sum(1 for n in per_line.values() if n > 1)
    shown: set[str] = set()
    for f in findings:
        if f.see is not None:
            result.shared_snippets += 1
        elif f.snippet:
            text = f.snippet.strip()
            result.repeated_snippets += text in shown
            shown.add(text)


def run(names: list[str] | None = None, oracle: bool = False, single_module: bool = False) -> list[Result]:
    results = []
    for package in PACKAGES:
        if names and package.name not in names:
            continue
        results.append(scan(package, fetch(package), oracle, single_module))
    return results


def oracle_table(results: list[Result]) -> str:
    """Snippet-oracle problems per rule (rows) and kind (columns)."""
    kinds = ("signature", "unbound", "config", "lost", "span", "syntax", "identity")
    counts: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for r in results:
        for _path, _line, code, kind, _detail in r.oracle:
            counts[code][kind] += 1
    rows = [["rule", *kinds, "total"]]
    for code in sorted(counts):
        rows.append([code, *[str(counts[code][k]) for k in kinds], str(sum(counts[code].values()))])
    rows.append(["all", *[str(sum(c[k] for c in counts.values())) for k in kinds],
                 str(sum(sum(c.values()) for c in counts.values()))])
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["| " + " | ".join(cell.ljust(w) for cell, w in zip(row, widths)) + " |" for row in rows]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def table(results: list[Result]) -> str:
    from aoai_migrate.model import Category

    cats = [c.value for c in Category]
    short = {c: "".join(w[0] for w in c.split("-")) for c in cats}
    header = ["package", "files", "notebooks", "config", "lines", *[short[c] for c in cats], "total", "unparsable",
              "skipped", "crashes", "seconds", "crowded lines", "repeated snippets", "shared"]
    rows = [header]
    for r in results:
        rows.append(
            [r.package, str(r.files), str(r.notebooks), str(r.artefacts), str(r.lines),
             *[str(r.by_category.get(c, 0)) for c in cats],
             str(r.total), str(r.unparsable), str(r.skipped), str(len(r.crashes)), f"{r.seconds:.2f}",
             str(r.crowded_lines), str(r.repeated_snippets), str(r.shared_snippets)]
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = ["| " + " | ".join(cell.ljust(w) for cell, w in zip(row, widths)) + " |" for row in rows]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    legend = ", ".join(f"{short[c]} = {c}" for c in cats)
    legend += (
        "; crowded lines = source lines with two findings or more; repeated snippets = findings "
        "showing a snippet another finding of the file already shows; shared = findings pointing "
        "to the snippet of another finding on the same site"
    )
    return "\n".join(lines) + (
        f"\n\nColumns: files = Python files, config = configuration and dependency files, {legend}; "
        "unparsable = Python files `check` reports as errors, skipped = what the audit lists as skipped."
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="*", help="package names to run")
    parser.add_argument("--json", type=pathlib.Path, help="write full results here")
    parser.add_argument("--oracle", action="store_true", help="check every snippet with the snippet oracle")
    parser.add_argument("--single-module", action="store_true",
                        help="analyse each file on its own (no project index), as flake8 does")
    parser.add_argument("--oracle-details", type=pathlib.Path, help="with --oracle: write each problem here")
    parser.add_argument("--fix", action="store_true",
                        help="fix every file with findings (on a copy) and check the round trip")
    parser.add_argument("--no-mypy", action="store_true", help="with --fix: skip the type-checker pass")
    parser.add_argument("--fix-dir", type=pathlib.Path, default=None,
                        help="with --fix: where the copies go (default benchmarks/.cache/fix)")
    args = parser.parse_args(argv)
    results = run(args.only, args.oracle, args.single_module)
    print(table(results))
    if args.oracle:
        print("\nSnippet oracle problems per rule:\n")
        print(oracle_table(results))
        if args.oracle_details:
            args.oracle_details.write_text("".join(
                f"{r.package}/{path}:{line}: {code} {kind}: {detail}\n"
                for r in results for path, line, code, kind, detail in r.oracle
            ))
    fixed = []
    if args.fix:
        import corpus_fix

        for mode, unsafe in (("unsafe", True), ("plain", False)):
            passes = []
            for package, r in zip((p for p in PACKAGES if not args.only or p.name in args.only), results):
                if r.findings:
                    passes.append(corpus_fix.fix_pass(
                        package.name, fetch(package), sorted(r.findings), not args.no_mypy,
                        work=(args.fix_dir or corpus_fix.WORK) / mode, unsafe=unsafe,
                    ))
            print(f"\n## fix round trip ({'fix --unsafe-fixes' if unsafe else 'plain fix'})\n")
            print(corpus_fix.table(passes))
            if corpus_fix.details(passes):
                print("\n" + corpus_fix.details(passes))
            fixed += passes
    for r in results:
        for path, tb in r.crashes:
            print(f"\nCRASH {r.package}:{path}\n{tb}", file=sys.stderr)
    if args.json:
        args.json.write_text(
            json.dumps(
                [
                    {**dataclasses.asdict(r), "by_category": dict(r.by_category), "total": r.total}
                    for r in results
                ],
                indent=1,
            )
        )
    broken = any(f.unparsable or f.unstable for f in fixed)
    return 1 if any(r.crashes for r in results) or broken else 0


if __name__ == "__main__":
    sys.exit(main())
