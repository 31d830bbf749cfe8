"""Configuration and dependency files: exact positions, migrated content in the file's own
format built from its values, other services' versions left alone, bad input skipped."""

import os

import pytest

os.environ["AOAI_MIGRATE_STRICT"] = "1"

from aoai_migrate import artefacts  # noqa: E402
from aoai_migrate.artefacts.pins import allows_below, conda_specifier, poetry_specifier  # noqa: E402
from aoai_migrate.audit.scan import scan  # noqa: E402
from aoai_migrate.config import Config  # noqa: E402


def found(name, text):
    return [(f.code, f.line, f.col) for f in artefacts.analyze(name, text)]


@pytest.mark.parametrize("spec, old", [
    ("", True), (">=1.0", True), ("==1.105.9", True), ("<1.106", True), ("~=1.50", True), ("==1.*", True),
    (">1.105", True), ("!=1.106.0", True), (">=1.106.0", False), ("==1.106.0", False), (">1.106", False),
    ("~=1.106", False), ("==2.*", False), (">=2,<3", False), (">=1.106.0,!=1.107.0", False), ("==0.28.1", True),
])
def test_allows_below(spec, old):
    assert allows_below(spec) is old


@pytest.mark.parametrize("poetry, pep440", [
    ("^1.3", ">=1.3,<2"), ("^0.28", ">=0.28,<0.29"), ("~1.50", ">=1.50,<1.51"), ("1.3.0", "==1.3.0"),
    ("*", ""), (">=1.2,<2", ">=1.2,<2"),
])
def test_poetry_constraints(poetry, pep440):
    assert poetry_specifier(poetry) == pep440


@pytest.mark.parametrize("conda, pep440", [("=1.40", "==1.40.*"), ("1.40.0", "==1.40.0.*"), (">=1.106", ">=1.106"), ("", "")])
def test_conda_specs(conda, pep440):
    assert conda_specifier(conda) == pep440


def test_requirements_positions_and_continuations():
    text = "# app\n--index-url https://x\nrequests==2.31\nopenai==1.3.0 \\\n    --hash=sha256:abc\n  azure-ai-inference>=1.0.0b9  # old\n"
    assert found("requirements.txt", text) == [("AOM902", 4, 1), ("AOM901", 6, 3)]
    assert found("requirements-dev.txt", "-r requirements.txt\n-e .\n") == []


def test_pyproject_pep621_and_poetry_lines():
    text = (
        '[project]\nname = "app"\ndependencies = [\n    "requests",\n    "openai>=1.0",\n]\n'
        '[project.optional-dependencies]\nai = ["azure-ai-inference"]\n'
        '[tool.poetry.group.dev.dependencies]\nopenai = "^1.106"\n'
    )
    findings = artefacts.analyze("pyproject.toml", text)
    assert [(f.code, f.line, f.col) for f in findings] == [("AOM902", 5, 5), ("AOM901", 8, 7)]
    assert findings[0].snippet == 'dependencies = ["openai>=1.106.0"]\n'
    assert "remove it (`openai` is already a dependency)" in findings[1].message


def test_dotenv_uses_the_files_own_endpoint():
    text = "# azure\nAZURE_OPENAI_ENDPOINT=https://contoso-eu.openai.azure.com\nexport OPENAI_API_VERSION=\"2024-06-01\"  # pinned\n"
    [finding] = artefacts.analyze(".env.local", text)
    assert (finding.code, finding.line, finding.col) == ("AOM408", 3, 8)
    assert "AZURE_OPENAI_BASE_URL=https://contoso-eu.openai.azure.com/openai/v1/" in finding.snippet
    assert "https://contoso-eu.openai.azure.com/openai/v1/" in finding.message


@pytest.mark.parametrize("name, text", [
    (".env", "STRIPE_API_VERSION=2023-10-16\nAPI_VERSION=2024-02-01\nAZURE_SEARCH_API_VERSION=2023-11-01\n"),
    ("appsettings.json", '{"Stripe": {"ApiVersion": "2023-10-16"}, "Storage": {"apiVersion": "2021-08-06"}}'),
    ("azuredeploy.json", '{"resources": [{"type": "Microsoft.CognitiveServices/accounts", "apiVersion": "2023-05-01",'
                         ' "kind": "OpenAI"}, {"type": "Microsoft.CognitiveServices/accounts/deployments",'
                         ' "apiVersion": "2024-10-01", "name": "openai/gpt-4o"}]}'),
    ("main.bicep", "resource oai 'Microsoft.CognitiveServices/accounts@2023-05-01' = {\n  name: 'my-openai'\n}\n"
                   "// AZURE_OPENAI_API_VERSION: '2024-02-01'\nparam searchApiVersion string = '2023-11-01'\n"),
    ("workflow.yml", "env:\n  SEARCH_API_VERSION: 2023-11-01\n  OPENAI_MODEL: gpt-4o\n"),
    ("package.json", '{"name": "openai-demo", "version": "2024.1.1", "api_version": "v2"}'),
])
def test_other_services_are_not_findings(name, text):
    assert found(name, text) == []


def test_json_positions_with_escapes_and_duplicates():
    text = '{\n  "note": "a \\"quoted\\" openai",\n  "openai": {\n    "api_version": "2024-02-01",\n    "api_version": "2024-06-01"\n  }\n}\n'
    assert found("settings.json", text) == [("AOM408", 4, 20), ("AOM408", 5, 20)]


def test_compose_environment_lists():
    text = "services:\n  app:\n    environment:\n      - AZURE_OPENAI_API_VERSION=2024-02-01\n      - OTHER=1\n"
    assert found("docker-compose.yml", text) == [("AOM408", 4, 9)]


def test_prompty_lines_count_from_the_file_start():
    text = "---\nname: x\nmodel:\n  configuration:\n    type: azure_openai\n    api_version: 2024-02-01\n---\nuser: hi\n"
    assert found("x.prompty", text) == [("AOM408", 6, 18)]


BAD = {
    "broken.json": b'{"openai": {"api_version": ',
    "broken.yaml": b"openai:\n  api_version: [2024\n",
    "pyproject.toml": b"[project\ndependencies = ['openai']\n",
    "latin.env": "OPENAI_API_VERSION=2024-02-01 # caf\xe9\n".encode("latin-1"),
    "binary.json": b'{"api_version": "\x00\x01"}',
    "x.prompty": b"---\nmodel:\n  api_version: 2024-02-01\n",
    "setup.cfg": b"[options\ninstall_requires = openai\n",
}


def test_bad_files_are_skipped_with_a_reason(tmp_path):
    for name, data in BAD.items():
        (tmp_path / name).write_bytes(data)
    result = scan([str(tmp_path)], Config(root=tmp_path))
    reasons = {os.path.basename(s.path): s.reason for s in result.skipped}
    assert set(reasons) == set(BAD), reasons
    assert reasons["broken.json"].startswith("invalid JSON at line 1")
    assert reasons["broken.yaml"].startswith("invalid YAML at line")
    assert reasons["pyproject.toml"].startswith("invalid TOML")
    assert reasons["latin.env"].startswith("cannot decode: not UTF-8")
    assert reasons["binary.json"] == "binary file"
    assert reasons["x.prompty"] == "front matter has no closing ---"
    assert result.findings == []


def test_setup_py_is_python_and_pins(tmp_path):
    (tmp_path / "setup.py").write_text(
        "from setuptools import setup\nsetup(name='x', install_requires=['openai==1.2.0', 'rich'])\n")
    result = scan([str(tmp_path)], Config(root=tmp_path))
    assert [(f.code, f.line, f.col) for f in result.findings] == [("AOM902", 2, 35)]
    assert result.source_lines(result.findings[0])[1].startswith("setup(")


def test_per_file_ignores_and_ignore_apply(tmp_path):
    (tmp_path / "requirements.txt").write_text("openai==1.2.0\nazure-ai-inference\n")
    config = Config(root=tmp_path, per_file_ignores={"requirements.txt": ("AOM902",)})
    assert [f.code for f in scan([str(tmp_path)], config).findings] == ["AOM901"]
    config = Config(root=tmp_path, ignore=("AOM9",))
    assert scan([str(tmp_path)], config).findings == []


def test_app_setting_entries_are_migrated_as_a_list():
    text = ('{"appSettings": [\n {"name": "AZURE_OPENAI_ENDPOINT", "value": "https://x.openai.azure.com/"},\n'
            ' {"name": "OPENAI_API_VERSION", "value": "2024-02-01"},\n {"name": "STRIPE_API_VERSION", "value": "2023-10-16"}]}\n')
    [finding] = artefacts.analyze("azuredeploy.json", text)
    assert (finding.line, finding.col) == (3, 42)
    import json

    assert json.loads(finding.snippet) == [
        {"name": "AZURE_OPENAI_BASE_URL", "value": "https://x.openai.azure.com/openai/v1/"},
        {"name": "AZURE_OPENAI_ENDPOINT", "value": "https://x.openai.azure.com/"},
        {"name": "STRIPE_API_VERSION", "value": "2023-10-16"},
    ]


@pytest.mark.parametrize(
    "text",
    ["dependencies: {openai: '1.0'}\n", "dependencies:\n  - pip: {openai: '1.0'}\n", "dependencies:\n  - {}\n"],
)
def test_conda_dependencies_of_the_wrong_shape_are_not_pins(text):
    from aoai_migrate.artefacts.pins import conda_pins

    assert list(conda_pins(text)) == []


def test_a_quoted_key_with_a_line_break_keeps_the_migrated_comment_on_one_line():
    """A Bicep object key is any quoted string, line breaks included: the 'remove' comment
    must still be one comment line (found by the audit fuzz test)."""
    text = "var settings = {\n  '\\nAZURE_OPENAI_API_VERSION\n': '2024-02-01'\n}\n"
    (finding,) = artefacts.analyze("main.bicep", text)
    assert finding.code == "AOM408"
    assert finding.snippet.count("\n") <= 1 and finding.snippet.startswith("// remove ")
