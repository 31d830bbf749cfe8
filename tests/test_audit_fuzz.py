"""Fuzzing the audit's readers: whatever bytes a notebook, a settings file or a dependency file
holds, ``scan_file`` returns findings or skipped reasons and never raises. The default run tries
a few dozen inputs per kind; ``AOAI_FUZZ_EXAMPLES=N`` tries more."""

from __future__ import annotations

import json
import os
import pathlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aoai_migrate.audit.scan import scan_file
from aoai_migrate.config import Config

ROOT = pathlib.Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "audit-repo"
QUICK = int(os.environ.get("AOAI_FUZZ_EXAMPLES", "20"))
FUZZ = settings(max_examples=QUICK, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])

#: file name -> a real example of it (mutated by the fuzzer)
SEEDS = {
    "demo.ipynb": (EXAMPLE / "notebooks" / "demo.ipynb").read_text(encoding="utf-8"),
    ".env": (EXAMPLE / ".env").read_text(encoding="utf-8"),
    "appsettings.json": (EXAMPLE / "appsettings.json").read_text(encoding="utf-8"),
    "main.bicep": (EXAMPLE / "infra" / "main.bicep").read_text(encoding="utf-8"),
    "chat.prompty": (EXAMPLE / "prompts" / "chat.prompty").read_text(encoding="utf-8"),
    "requirements.txt": (EXAMPLE / "requirements.txt").read_text(encoding="utf-8"),
    "pyproject.toml": (EXAMPLE / "pyproject.toml").read_text(encoding="utf-8"),
    "environment.yml": "name: x\ndependencies:\n  - openai=1.2\n  - pip:\n    - azure-ai-inference\n",
    "setup.cfg": "[options]\ninstall_requires =\n    openai==1.2\n",
    "setup.py": "from setuptools import setup\nsetup(install_requires=['openai==1.2'])\n",
    "compose.yaml": "services:\n  a:\n    environment:\n      - AZURE_OPENAI_API_VERSION=2024-02-01\n",
}


def _check(tmp_path: pathlib.Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    result = scan_file(str(path), Config(root=tmp_path), Config().settings())
    assert all(isinstance(reason, str) and reason and "\n" not in reason for reason in result.skipped)
    for finding in result.findings:
        assert finding.line >= 1 and finding.col >= 1 and finding.end_line >= finding.line


@pytest.mark.parametrize("name", sorted(SEEDS))
@FUZZ
@given(data=st.data())
def test_mutated_files_never_raise(tmp_path, name, data):
    seed = SEEDS[name]
    start = data.draw(st.integers(0, len(seed)))
    end = data.draw(st.integers(start, min(len(seed), start + 40)))
    insert = data.draw(st.text(alphabet=st.sampled_from(list("{}[]:,\"'\\-=#%!\n\t \x00\u00e9$<>@.0aZ")), max_size=12))
    _check(tmp_path, name, (seed[:start] + insert + seed[end:]).encode("utf-8"))


@pytest.mark.parametrize("name", sorted(SEEDS))
@FUZZ
@given(raw=st.binary(max_size=300))
def test_random_bytes_never_raise(tmp_path, name, raw):
    _check(tmp_path, name, b"openai api_version " + raw)


@FUZZ
@given(cells=st.lists(st.fixed_dictionaries({
    "cell_type": st.sampled_from(["code", "markdown", "raw", 3, None]),
    "source": st.one_of(st.text(max_size=80), st.lists(st.text(max_size=20), max_size=4), st.integers()),
    "metadata": st.one_of(st.just({}), st.dictionaries(st.sampled_from(["vscode", "language", "dotnet_interactive"]),
                                                       st.one_of(st.text(max_size=8), st.dictionaries(st.text(max_size=8), st.text(max_size=8))))),
}), max_size=6), nbformat=st.sampled_from([4, 3, "4", None]))
def test_odd_notebook_structures_never_raise(tmp_path, cells, nbformat):
    doc = {"cells": cells, "metadata": {}, "nbformat": nbformat, "nbformat_minor": 5, "x": "openai"}
    _check(tmp_path, "odd.ipynb", json.dumps(doc).encode("utf-8"))


@pytest.mark.parametrize("name, data, reason", [
    ("deep.json", b'{"api_version": ' + b"[" * 100000 + b"]" * 100000 + b"}", "JSON nested too deeply"),
    ("deep.yaml", b"api_version: " + b"[" * 50000, "YAML nested too deeply"),
    ("deep.ipynb", b'{"cells": ' + b"[" * 100000 + b"]" * 100000 + b', "x": "openai"}',
     "not a notebook: JSON nested too deeply"),
    ("loop.yaml", b"a: &a [openai, *a]\napi_version: 1\n", None),
    ("huge-line.env", b"OPENAI_API_VERSION=" + b"9" * 2_000_000 + b"\n", None),
])
def test_pathological_files(tmp_path, name, data, reason):
    _check(tmp_path, name, data)
    result = scan_file(str(tmp_path / name), Config(root=tmp_path), Config().settings())
    assert result.skipped == ([reason] if reason else []) and result.findings == []
