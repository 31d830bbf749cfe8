"""Rules of the ``dependency`` category: what a project's dependency declarations
(``requirements*.txt``, ``pyproject.toml``, ``setup.cfg``, ``setup.py``, ``environment.yml``)
must say after the migration. Reported by ``aoai-migrate audit``; the parsers are in
:mod:`aoai_migrate.artefacts.pins`."""

from __future__ import annotations

from ..model import Category
from ..registry import ArtefactRule, register
from .references import MIGRATION_GUIDE

OPENAI_RELEASES = "https://github.com/openai/openai-python/releases"
_WHERE = {
    "requirements": "requirements file", "pep621": "project dependencies", "poetry": "Poetry dependencies",
    "setup.cfg": "setup.cfg", "setup.py": "setup.py", "conda": "conda environment",
    "conda-pip": "conda environment (pip)",
}


def _label(pin) -> str:
    return pin.text if pin.fmt != "poetry" else f'{pin.name} = "{pin.text}"'


@register
class InferenceDependency(ArtefactRule):
    code = "AOM901"
    symbol = "azure-ai-inference-dependency"
    category = Category.DEPENDENCY
    message = "`{declared}` ({where}) depends on the Azure AI Inference SDK, which is deprecated: {action}"
    summary = (
        "Flags a dependency on `azure-ai-inference` in requirements files, `pyproject.toml` (PEP 621, "
        "dependency groups, Poetry), `setup.cfg`, `setup.py` and conda `environment.yml` files."
    )
    why = (
        "Code migrated to the OpenAI v1 SDK no longer imports `azure.ai.inference`; keeping the "
        "dependency installs a deprecated SDK and lets unmigrated imports keep working unnoticed. "
        "The migrated code needs `openai` (1.106.0 or later for Entra ID token providers) instead."
    )
    example = "azure-ai-inference>=1.0.0b9\nazure-identity\n"
    use_instead = "openai>=1.106.0\nazure-identity\n"
    references = (MIGRATION_GUIDE, OPENAI_RELEASES)
    artefact = "requirements.txt"
    item = "pin"
    invalid = (
        "azure-ai-inference==1.0.0b9\n",
        "azure_ai_inference[opentelemetry]>=1.0.0b4 ; python_version >= '3.9'\n",
        ("pyproject.toml", '[project]\nname = "app"\ndependencies = ["azure-ai-inference>=1.0.0b9", "openai>=1.106"]\n'),
        ("pyproject.toml", '[tool.poetry.dependencies]\npython = "^3.10"\nazure-ai-inference = "^1.0.0b9"\n'),
        ("setup.py", 'from setuptools import setup\nsetup(name="app", install_requires=["azure-ai-inference"])\n'),
        ("environment.yml", "dependencies:\n  - python=3.11\n  - pip:\n    - azure-ai-inference\n"),
    )
    valid = (
        "openai>=1.106.0\nazure-identity\n",
        "azure-ai-inference-tools==0.1\nazure-ai-projects>=1.0\n",  # other packages with a similar name
        "# azure-ai-inference>=1.0.0b9\n",
        ("pyproject.toml", '[project]\nname = "azure-ai-inference-demo"\ndependencies = ["openai>=1.106.0"]\n'),
    )

    def check(self, pin, ctx) -> None:
        if pin.name != "azure-ai-inference":
            return
        from ..artefacts.snippets import declaration

        if "openai" in pin.declared:
            action = "remove it (`openai` is already a dependency)"
            snippet, fmt = None, "requirements"
        else:
            snippet, fmt = declaration(pin)
            action = "depend on `openai` instead"
        ctx.report(self, pin, snippet=snippet, snippet_format=fmt, declared=_label(pin),
                   where=_WHERE.get(pin.fmt, pin.fmt), action=action)


@register
class OpenAIBelowTokenProvider(ArtefactRule):
    code = "AOM902"
    symbol = "openai-below-token-provider"
    category = Category.DEPENDENCY
    message = (
        "`{declared}` ({where}) allows `openai` releases older than {release}, whose `api_key` does not "
        "accept an Entra ID token provider: require `openai>={release}`"
    )
    summary = (
        "Flags an `openai` dependency that admits a release older than 1.106.0: an exact old pin "
        "(`openai==1.30.0`), an upper bound below it, a lower bound below it, or no version at all."
    )
    why = (
        "On Azure's `/openai/v1/` endpoint the `OpenAI` client authenticates with Entra ID by passing "
        "a token provider as `api_key`, which `openai` accepts from 1.106.0 on; older releases also "
        "lack parts of the v1 surface the migrated code uses. A range that still admits them can "
        "resolve to a release on which the migrated code fails."
    )
    example = "openai==1.30.5\n"
    use_instead = "openai>=1.106.0\n"
    references = (MIGRATION_GUIDE, OPENAI_RELEASES)
    artefact = "requirements.txt"
    item = "pin"
    invalid = (
        "openai\n",
        "openai>=1.0,<2\n",
        "openai[datalib]~=0.28.1  # legacy\n",
        ("pyproject.toml", '[project]\nname = "app"\ndependencies = [\n  "openai>=1.3.0",\n]\n'),
        ("pyproject.toml", '[tool.poetry.dependencies]\nopenai = "^1.3"\n'),
        ("pyproject.toml", '[tool.poetry.dependencies]\nopenai = { version = "~1.50", extras = ["datalib"] }\n'),
        ("setup.cfg", "[options]\ninstall_requires =\n    requests\n    openai==1.12.0\n"),
        ("setup.py", 'from setuptools import setup\nsetup(extras_require={"ai": ["openai<1.100"]})\n'),
        ("environment.yml", "name: app\ndependencies:\n  - conda-forge::openai=1.40\n"),
    )
    valid = (
        "openai>=1.106.0\n",
        "openai>=1.106,<2\n",
        "openai==1.107.2\n",
        "openai-agents==0.1.0\nlangchain-openai==0.1\n",  # other packages
        ("pyproject.toml", '[tool.poetry.dependencies]\nopenai = "^1.106"\n'),
        ("pyproject.toml", '[project]\nname = "openai-demo"\nversion = "0.28.0"\ndependencies = []\n'),
        ("environment.yml", "dependencies:\n  - openai>=1.106\n  - pip:\n    - openai==1.108.0\n"),
    )

    def check(self, pin, ctx) -> None:
        from ..artefacts.pins import TOKEN_PROVIDER_RELEASE, allows_below
        from ..artefacts.snippets import declaration

        if pin.name != "openai" or not allows_below(pin.specifier):
            return
        snippet, fmt = declaration(pin)
        ctx.report(self, pin, snippet=snippet, snippet_format=fmt, declared=_label(pin),
                   where=_WHERE.get(pin.fmt, pin.fmt), release=TOKEN_PROVIDER_RELEASE)
