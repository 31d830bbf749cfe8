"""Draw a reproducible random sample of corpus findings for review by hand.

    python benchmarks/sample_review.py                       # 60 findings, seed 6, to stdout
    python benchmarks/sample_review.py -n 60 --seed 6 -o review.md
    python benchmarks/sample_review.py --from results.json   # reuse a `corpus.py --json` run
    python benchmarks/sample_review.py --again review.md -o review-now.md   # the same entries, on this run

Each entry shows where the finding is, its code and message, the migrated snippet, the source
lines around it and the snippet oracle's verdict, with blanks for the reviewer's marks
(detection right/wrong, snippet right/wrong). The header gives the findings-per-line figures
(how many lines carry more than one finding) for the whole corpus run.
"""

from __future__ import annotations

import argparse
import collections
import json
import pathlib
import random
import re
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402

CONTEXT = 4


def load(path: pathlib.Path | None, oracle: bool) -> list[dict]:
    """Corpus results as dicts (those of `corpus.py --json`)."""
    if path is not None:
        return json.loads(path.read_text())
    results = corpus.run(oracle=oracle)
    return [{"package": r.package, "findings": r.findings, "oracle": r.oracle} for r in results]


def flatten(results: list[dict]) -> list[dict]:
    rows = []
    for result in results:
        for path, findings in sorted(result["findings"].items()):
            for finding in findings:
                row = {**finding, "package": result["package"]}
                shown_by = finding.get("snippet_shown_by")
                if not row.get("snippet") and shown_by:  # the snippet another finding on the site shows
                    other = next((f for f in findings if f["code"] == shown_by["code"] and f["line"] == shown_by["line"]), None)
                    if other is not None:
                        row["shared_from"] = f"{other['code']} on line {other['line']}"
                        row["shown_snippet"] = other.get("snippet")
                rows.append(row)
    rows.sort(key=lambda f: (f["package"], f["path"], f["line"], f["col"], f["code"]))
    return rows


def per_line(rows: list[dict]) -> dict[str, float]:
    lines = collections.Counter((f["package"], f["path"], f["line"]) for f in rows)
    snippets = collections.Counter((f["package"], f["path"], f["snippet"].strip()) for f in rows if f["snippet"])
    return {
        "findings": len(rows),
        "lines with findings": len(lines),
        "findings per line": round(len(rows) / max(len(lines), 1), 3),
        "lines with 2+ findings": sum(1 for n in lines.values() if n > 1),
        "findings repeating a snippet of the same file": sum(n - 1 for n in snippets.values()),
    }


def source_lines(package: str, path: str, line: int) -> str:
    root = corpus.fetch(next(p for p in corpus.PACKAGES if p.name == package))
    try:
        text = (root / path).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return "(source not available)"
    lo, hi = max(line - CONTEXT, 1), min(line + CONTEXT, len(text))
    return "\n".join(f"{'>' if n == line else ' '}{n:5d}  {text[n - 1]}" for n in range(lo, hi + 1))


def render(sample: list[dict], stats: dict, oracle: dict, seed: int | str) -> str:
    out = [f"# Review sample: {len(sample)} corpus findings (seed {seed})", ""]
    out += [f"- {key}: {value}" for key, value in stats.items()]
    out.append("")
    for index, finding in enumerate(sample, 1):
        where = f"{finding['package']}/{finding['path']}:{finding['line']}"
        out += [
            f"## {index}. {finding['code']} {where}",
            "",
            f"message: {finding['message']}",
            "",
            "source:",
            "```",
            source_lines(finding["package"], finding["path"], finding["line"]),
            "```",
            "snippet" + (f" (shown by {finding['shared_from']})" if finding.get("shared_from") else "") + ":",
            "```python",
            finding["snippet"] or finding.get("shown_snippet") or "(none)",
            "```",
            "oracle: " + ("; ".join(oracle.get(_key(finding), [])) or "no problem"),
            "",
            "detection: ___  snippet: ___  note:",
            "",
        ]
    return "\n".join(out)


_ENTRY = re.compile(r"^## \d+\. (AOM\d+) ([^/\n]+)/(.+):(\d+)$", re.MULTILINE)


def again(review: pathlib.Path, rows: list[dict]) -> list[dict]:
    """The findings an earlier review file lists (code, package, path, line), in its order; one
    no longer reported is shown as such."""
    out = []
    for code, package, path, line in _ENTRY.findall(review.read_text()):
        match = next((r for r in rows if (r["code"], r["package"], r["path"], r["line"]) == (code, package, path, int(line))), None)
        out.append(match or {"code": code, "package": package, "path": path, "line": int(line),
                             "message": "(no longer reported)", "snippet": ""})
    return out


def _key(finding: dict) -> tuple:
    return (finding["package"], finding["path"], finding["line"], finding["code"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=60, help="sample size")
    parser.add_argument("--seed", type=int, default=6, help="with --again: the seed the earlier review was drawn with")
    parser.add_argument("--from", dest="source", type=pathlib.Path, help="a `corpus.py --json` file")
    parser.add_argument("-o", "--output", type=pathlib.Path)
    parser.add_argument("--again", type=pathlib.Path, metavar="REVIEW",
                        help="render the entries of an earlier review file from this run (a seed draws "
                        "other findings once the corpus findings change)")
    args = parser.parse_args(argv)
    results = load(args.source, oracle=True)
    rows = flatten(results)
    oracle: dict[tuple, list[str]] = collections.defaultdict(list)
    for result in results:
        for path, line, code, kind, detail in result.get("oracle", []):
            oracle[(result["package"], path, line, code)].append(f"{kind}: {detail}")
    if args.again is not None:
        sample = again(args.again, rows)
    else:
        sample = random.Random(args.seed).sample(rows, min(args.n, len(rows)))
    label = f"{args.seed}" if args.again is None else f"{args.seed}, entries of {args.again.name}"
    text = render(sample, per_line(rows), oracle, label)
    if args.output:
        args.output.write_text(text)
    else:
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
