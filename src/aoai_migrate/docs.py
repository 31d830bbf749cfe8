"""Rule documentation generated from the registry: ``docs/rules.md``, ``aoai-migrate rule``
and the SARIF rule help all come from here.

    python -m aoai_migrate.docs            # (re)write docs/rules.md
    python -m aoai_migrate.docs --check    # exit 1 when docs/rules.md is out of date

Each rule is rendered in ruff's page order: What it does / Why is this bad? / Example /
Use instead / Known problems / How to disable / References. "Use instead" shows the code the
tool itself produces for the example (the engine is run on it), then the rule's hand-written
``use_instead`` when it differs.
"""

from __future__ import annotations

import argparse
import re
import sys
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from . import fix_dependencies, registry
from .engine import analyze_source
from .model import Applicability, Category
from .registry import Rule

#: where the generated page lives in the repository
RULES_MD = Path(__file__).resolve().parents[2] / "docs" / "rules.md"

CATEGORY_BLURBS: dict[Category, str] = {
    Category.INFERENCE_SDK: "imports, clients, calls and model classes of the deprecated `azure.ai.inference` SDK",
    Category.AUTH: "credentials and Entra ID token providers that the OpenAI v1 client takes differently",
    Category.AZURE_OPENAI_CLIENT: "`AzureOpenAI` / `AsyncAzureOpenAI` clients that should be `OpenAI` on `/openai/v1/`",
    Category.API_VERSION: "pinned `api_version` values that the v1 endpoint no longer needs",
    Category.MISSING_MODEL: "calls that must now name the model (deployment) explicitly",
    Category.UNSUPPORTED_FEATURE: "parameters and features that have no equivalent on the v1 endpoint",
    Category.ERROR_HANDLING: "`azure.core` exceptions that become `openai` exceptions",
    Category.STREAMING: "stream iteration and update shapes that differ in the OpenAI SDK",
    Category.DEPENDENCY: "dependency pins (requirements, pyproject, setup, conda) of `azure-ai-inference` "
    "and of `openai` releases too old for the v1 endpoint with Entra ID",
}


def anchor(rule: type[Rule]) -> str:
    """The GitHub heading anchor of ``## AOM101 (inference-sdk-import)``."""
    return slug(heading(rule))


def heading(rule: type[Rule]) -> str:
    return f"{rule.code} ({rule.symbol})"


def slug(text: str) -> str:
    """GitHub's heading slug: lower case, punctuation other than ``-`` and ``_`` dropped,
    spaces to hyphens."""
    text = re.sub(r"[^\w\- ]", "", text.strip().lower())
    return text.replace(" ", "-")


@lru_cache(maxsize=1)
def docs_url() -> str | None:
    """The published rules page, from the package's ``Documentation`` project URL (if any)."""
    try:
        urls = metadata.metadata("aoai-migrate").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        return None
    for entry in urls:
        label, _, url = entry.partition(",")
        if label.strip().lower() == "documentation" and url.strip():
            return url.strip()
    return None


def help_uri(rule: type[Rule]) -> str | None:
    base = docs_url()
    return f"{base}#{anchor(rule)}" if base else None


def produced_snippets(rule: type[Rule]) -> list[str]:
    """The migrated code the engine produces for the rule's own ``example``."""
    out: list[str] = []
    if rule.artefact is not None:
        from . import artefacts

        found = artefacts.analyze(rule.artefact, rule.example)
    else:
        found = analyze_source(rule.example, "example.py")
    for finding in found:
        if finding.code == rule.code and finding.snippet and finding.snippet.strip() not in out:
            out.append(finding.snippet.strip())
    return out


def fix_safety(rule: type[Rule]) -> str:
    """The rule's "Fix safety" text: its own, or one generated from its fix attributes, and what
    its fix follows when it depends on other fixes (``fix_dependencies.note``)."""
    text = _fix_safety(rule)
    follows = fix_dependencies.note(rule.code, rule.category) if rule.fixable else None
    return f"{text} {follows}" if follows else text


def _fix_safety(rule: type[Rule]) -> str:
    if rule.fix_safety.strip():
        return rule.fix_safety.strip()
    if not rule.fixable:
        return (
            "No fix: the migrated code is shown with the finding and has to be applied by a "
            "person (`aoai-migrate fix` leaves it and lists it in its summary)."
        )
    if rule.fix_applicability is Applicability.SAFE:
        return (
            "The fix is safe: it keeps the program's behaviour on the /openai/v1/ endpoint, and "
            "`aoai-migrate fix` applies it."
        )
    if rule.fix_applicability is Applicability.DISPLAY_ONLY:
        return "The fix is display-only: editors and the JSON/SARIF output show it; it is never applied."
    return (
        "The fix is unsafe: the change is right in the usual case but needs a review, so "
        "`aoai-migrate fix` applies it only with `--unsafe-fixes`."
    )


#: code-fence languages of artefact rules' examples, by file name ending
_FENCES = (("requirements.txt", "text"), (".env", "dotenv"), (".json", "json"), (".yml", "yaml"), (".yaml", "yaml"),
           (".prompty", "yaml"), (".toml", "toml"), (".cfg", "ini"), (".bicep", "bicep"), (".py", "python"))


def _code(text: str, artefact: str | None = None) -> str:
    lang = "python"
    if artefact is not None:
        lang = next((fence for end, fence in _FENCES if artefact.endswith(end)), "text")
    return f"```{lang}\n{text.strip()}\n```\n"


def rule_markdown(rule: type[Rule], level: int = 2) -> str:
    """One rule's page; ``level`` is the heading level of its title."""
    h = "#" * level
    sub = "#" * (level + 1)
    fix = (
        f"{rule.fix_applicability.value}" if rule.fixable
        else "not available (the migrated code is shown, not applied)"
    )
    parts = [
        f"{h} {heading(rule)}\n",
        f"Category: **{rule.category.value}** · Severity: **{rule.severity}** · "
        f"pylint: `{rule.pylint_msgid()}` / `{rule.symbol}` · Fix: {fix}\n",
        f"Message: {_template(rule.message)}\n",
        f"{sub} What it does\n\n{rule.summary.strip()}\n",
        f"{sub} Why is this bad?\n\n{rule.why.strip()}\n",
        f"{sub} Example\n\n" + (f"In `{rule.artefact}`:\n\n" if rule.artefact else "") + _code(rule.example, rule.artefact),
    ]
    produced = produced_snippets(rule)
    use_instead = f"{sub} Use instead\n\n"
    if produced:
        use_instead += "What `aoai-migrate` suggests for the example:\n\n"
        use_instead += "\n".join(_code(s, rule.artefact) for s in produced)
        if rule.use_instead.strip() not in produced:
            use_instead += "\nA complete migration:\n\n" + _code(rule.use_instead, rule.artefact)
    else:
        use_instead += _code(rule.use_instead, rule.artefact)
    parts.append(use_instead)
    if rule.known_problems.strip():
        parts.append(f"{sub} Known problems\n\n{rule.known_problems.strip()}\n")
    parts.append(f"{sub} Fix safety\n\n{fix_safety(rule)}\n")
    if rule.artefact is not None:
        parts.append(
            f"{sub} How to disable\n\n"
            f"- `aoai-migrate audit --ignore {rule.code}`, `ignore = [\"{rule.code}\"]` or a `per-file-ignores` "
            f"entry in `[tool.aoai-migrate]` (configuration files have no `noqa` comments). Reported by "
            f"`aoai-migrate audit` only: flake8, pylint and `check` read Python.\n"
        )
    else:
        parts.append(
            f"{sub} How to disable\n\n"
            f"- On one line: `# noqa: {rule.code}` (flake8 and `aoai-migrate check`) or "
            f"`# pylint: disable={rule.symbol}`.\n"
            f"- Everywhere: `aoai-migrate check --ignore {rule.code}`, `ignore = [\"{rule.code}\"]` in "
            f"`[tool.aoai-migrate]`, `extend-ignore = {rule.code}` in flake8's configuration, or "
            f"`disable = {rule.symbol}` in pylint's.\n"
        )
    if rule.references:
        refs = "".join(f"- <{ref}>\n" for ref in rule.references)
        parts.append(f"{sub} References\n\n{refs}")
    return "\n".join(parts)


def _template(message: str) -> str:
    """A message template as shown to readers: ``{name}`` fields stay, ``{{`` is unescaped."""
    return message.replace("{{", "{").replace("}}", "}")


def _cell(text: str) -> str:
    return _template(text).replace("|", "\\|").replace("\n", " ")


def render() -> str:
    rules = list(registry.all_rules())
    out = [
        "# Rules\n",
        "<!-- Generated by `python -m aoai_migrate.docs` from the rule registry; do not edit. -->\n",
        f"aoai-migrate has {len(rules)} rules in {len(Category)} categories. Every finding carries "
        "the migrated code, built from your own source text. Codes are `AOM` + the category digit + "
        "a number; pylint uses the symbolic names.\n",
        "| Category | Codes | What |\n|---|---|---|",
    ]
    for index, category in enumerate(Category, 1):
        out.append(f"| `{category.value}` | `AOM{index}xx` | {CATEGORY_BLURBS[category]} |")
    out.append("")
    out.append("| Code | Symbol | Category | Severity | Fix | Message |\n|---|---|---|---|---|---|")
    for rule in rules:
        out.append(
            f"| [{rule.code}](#{anchor(rule)}) | `{rule.symbol}` | {rule.category.value} | {rule.severity} | "
            f"{rule.fix_applicability.value if rule.fixable else 'no'} | {_cell(rule.message)} |"
        )
    out.append("")
    for rule in rules:
        out.append(rule_markdown(rule, level=2))
    return "\n".join(out).rstrip("\n") + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m aoai_migrate.docs", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the file is out of date")
    parser.add_argument("--output", type=Path, default=RULES_MD, help="default: %(default)s")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != text:
            print(f"{args.output} is out of date: run python -m aoai_migrate.docs", file=sys.stderr)
            return 1
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
