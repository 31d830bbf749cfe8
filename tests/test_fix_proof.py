"""Proof by execution: programs written against azure-ai-inference (and a version-pinned
``AzureOpenAI`` client) are fixed by ``aoai-migrate fix --unsafe-fixes`` and run, before and after.

Each program of ``tests/proof_programs/`` runs twice in a subprocess, against the local stub of
``tests/http_stub.py`` on 127.0.0.1:

1. the ORIGINAL, with the real ``azure-ai-inference`` (or ``openai``'s ``AzureOpenAI``) package,
   against the stub's Inference-format routes (``/models/...?api-version=``) or dated AzureOpenAI
   routes (``/openai/deployments/<name>/...?api-version=``);
2. the FIXED program, with ``azure.ai.inference`` made unimportable, against the stub's Azure v1
   routes, which send what Azure sends: the empty-``choices`` first stream chunk, the content-filter
   annotation without ``delta``, Azure's error bodies.

The fixed program must print exactly what the original printed, send its requests to
``/openai/v1/...`` with the right ``model`` and no ``api-version``, and authenticate with the
same key or a bearer token. Credentials are faked at the azure-identity boundary
(``tests/proof_site/sitecustomize.py``); nothing leaves 127.0.0.1.

The resource host ``https://contoso.<...>.azure.com`` of a program is pointed at the stub only
when the program runs; ``fix`` sees (and rewrites) the real host.
"""

from __future__ import annotations

import dataclasses
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
from typing import Any

import pytest

pytest.importorskip("openai")
pytest.importorskip("azure.ai.inference")
pytest.importorskip("azure.identity")

from fixing import fix_file  # noqa: E402
from http_stub import INFERENCE, V1, AzureV1Stub  # noqa: E402

from aoai_migrate.engine import analyze_source  # noqa: E402

HERE = pathlib.Path(__file__).resolve().parent
PROGRAMS = HERE / "proof_programs"
SITE = HERE / "proof_site"
KEY = "test-api-key"
TOKEN = "fake-entra-token"
SCOPE = "https://cognitiveservices.azure.com/.default"
HOSTS = re.compile(r"https://contoso\.(?:services\.ai|openai|cognitiveservices)\.azure\.com")
TIMEOUT = 60


@dataclasses.dataclass(frozen=True)
class Call:
    """A request the fixed program must make: ``POST /openai/v1/<path>`` with ``model``."""

    path: str
    model: str
    #: body fields it must carry as well
    body: tuple[tuple[str, Any], ...] = ()


@dataclasses.dataclass(frozen=True)
class Case:
    program: str
    calls: tuple[Call, ...]
    #: "key": ``Authorization: Bearer test-api-key``; "token": the Entra token
    auth: str = "key"
    #: environment of the original run (``{url}``: the stub's address)
    env: tuple[tuple[str, str], ...] = (("AZURE_INFERENCE_CREDENTIAL", KEY),)
    #: what the environment must hold after the migration (the fix says so), when it changes
    env_after: tuple[tuple[str, str], ...] = ()
    error_status: int | None = None
    #: findings that stay after the fix (no mechanical fix exists), by code
    remaining: tuple[str, ...] = ()

    @property
    def source(self) -> str:
        return (PROGRAMS / self.program).read_text(encoding="utf-8")


CHAT = "chat/completions"
CASES = [
    Case("chat_key_auth.py", (Call(CHAT, "gpt-4o-mini", (("temperature", 0.2), ("max_tokens", 64))),)),
    Case("tool_calling.py", (Call(CHAT, "gpt-4o-mini"), Call(CHAT, "gpt-4o-mini"))),
    Case("streaming.py", (Call(CHAT, "gpt-4o-mini", (("stream", True),)),) * 3),
    # the usage chunk handled in a branch of its own: the guard keeps it reachable
    Case(
        "streaming_usage.py",
        (Call(CHAT, "gpt-4o-mini", (("stream", True), ("stream_options", {"include_usage": True}))),) * 3,
    ),
    Case("embeddings.py", (Call("embeddings", "text-embedding-3-small"),)),
    Case("json_schema.py", (Call(CHAT, "gpt-4o-mini"),)),
    Case(
        "async_entra.py", (Call(CHAT, "gpt-4o-mini"), Call(CHAT, "gpt-4o-mini", (("stream", True),))), auth="token",
        env=(("AZURE_INFERENCE_ENDPOINT", "{url}" + INFERENCE),),
        # the fix keeps the expression; the setting must now hold the resource root
        env_after=(("AZURE_INFERENCE_ENDPOINT", "{url}"),),
    ),
    # a sync credential built once and shared with sync code: the async client runs its sync
    # token provider in a worker thread (AsyncOpenAI awaits what api_key returns)
    Case("async_shared_credential.py", (Call(CHAT, "gpt-4o-mini"), Call(CHAT, "gpt-4o-mini")), auth="token"),
    Case(
        "async_azure_openai_sync_provider.py",
        (
            Call(CHAT, "gpt-4o-mini"), Call(CHAT, "gpt-4o-mini"), Call("embeddings", "text-embedding-3-small"),
            Call(CHAT, "gpt-4o-mini"),
        ),
        auth="token",
    ),
    Case("rate_limit.py", (Call(CHAT, "gpt-4o-mini"),), error_status=429),
    Case(
        "client_defaults.py",
        (
            Call(CHAT, "gpt-4o-mini", (("temperature", 0.1), ("max_tokens", 100))),
            Call(CHAT, "gpt-4o-mini", (("temperature", 0.9), ("max_tokens", 100))),
        ),
    ),
    Case(
        "azure_openai_pinned.py", (Call(CHAT, "gpt-4o-mini"), Call("embeddings", "text-embedding-3-small")),
        env=(("AZURE_OPENAI_API_KEY", KEY),),
    ),
    # the endpoint setting is None: AzureOpenAI read AZURE_OPENAI_ENDPOINT, the migrated base URL too
    Case(
        "azure_openai_optional_endpoint.py", (Call(CHAT, "gpt-4o-mini"),),
        env=(("AZURE_OPENAI_API_KEY", KEY), ("AZURE_OPENAI_ENDPOINT", "{url}")),
    ),
]


def test_every_program_is_a_case():
    assert {c.program for c in CASES} == {p.name for p in PROGRAMS.glob("*.py")}


@dataclasses.dataclass
class Run:
    stdout: str
    stderr: str
    returncode: int
    log: list[dict[str, Any]]


def run_program(path: pathlib.Path, stub: AzureV1Stub, env: dict[str, str], *, migrated: bool) -> Run:
    """Run ``path`` with the resource host pointed at the stub (a copy next to it)."""
    runnable = path.with_name("run_" + path.name)
    runnable.write_text(HOSTS.sub(stub.url, path.read_text(encoding="utf-8")), encoding="utf-8")
    log = path.with_name(path.stem + ".log")
    log.write_text("")
    environment = {
        name: value for name, value in os.environ.items()
        if not name.upper().startswith(("OPENAI_", "AZURE_")) and not name.lower().endswith("_proxy")
    }
    environment.update(
        PYTHONPATH=str(SITE), AOAI_PROOF_LOG=str(log), NO_PROXY="127.0.0.1,localhost",
        PYTHONDONTWRITEBYTECODE="1", PYTHONIOENCODING="utf-8",
    )
    if migrated:
        environment["AOAI_PROOF_NO_INFERENCE"] = "1"
    environment.update({name: value.format(url=stub.url) for name, value in env.items()})
    done = subprocess.run(
        [sys.executable, str(runnable)], capture_output=True, text=True, env=environment,
        cwd=path.parent, timeout=TIMEOUT,
    )
    records = [json.loads(line) for line in log.read_text().splitlines() if line.strip()]
    return Run(done.stdout, done.stderr, done.returncode, records)


@pytest.fixture
def stub():
    with AzureV1Stub() as server:
        yield server
        assert not server.failures, server.failures


#: run by default (the others are slow-marked: each case starts three interpreters)
FAST = {
    "chat_key_auth.py", "streaming.py", "streaming_usage.py", "async_entra.py", "async_shared_credential.py",
    "async_azure_openai_sync_provider.py",
}


@pytest.mark.parametrize(
    "case",
    [pytest.param(c, id=c.program.removesuffix(".py"), marks=() if c.program in FAST else pytest.mark.slow) for c in CASES],
)
def test_fixed_program_prints_what_the_original_printed(case, stub, tmp_path):
    # 1. the original, with the old SDK, against the old wire format
    original_dir = tmp_path / "original"
    original_dir.mkdir()
    original = original_dir / case.program
    original.write_text(case.source, encoding="utf-8")
    stub.error_status = case.error_status
    before = run_program(original, stub, dict(case.env), migrated=False)
    assert before.returncode == 0, f"the original program failed:\n{before.stderr}"
    assert before.stdout.strip(), "the original program printed nothing"
    old_paths = {r.path for r in stub.requests}
    assert old_paths and all(p.startswith((INFERENCE + "/", "/openai/deployments/")) for p in old_paths), old_paths
    assert all("api-version" in r.query for r in stub.requests)
    stub.clear()

    # the findings say what a setting must hold after the migration (the fix keeps the expression)
    messages = " ".join(f.message for f in analyze_source(case.source, case.program))
    for name, _ in case.env_after:
        assert name in messages and "must hold the resource root" in messages, messages

    # 2. fix it, as a user does
    fixed = tmp_path / "fixed" / case.program
    fixed.parent.mkdir()
    shutil.copy(original, fixed)
    status, printed = fix_file(fixed)
    migrated = fixed.read_text(encoding="utf-8")
    context = f"fix said:\n{printed}\nfixed program:\n{migrated}"
    assert migrated != case.source, context
    leftover = sorted({f.code for f in analyze_source(migrated, str(fixed))})
    assert leftover == sorted(case.remaining), context

    # 3. the fixed program, with the new SDK, against Azure's v1 wire format
    after = run_program(fixed, stub, {**dict(case.env), **dict(case.env_after)}, migrated=True)
    assert after.returncode == 0, f"the fixed program failed:\n{after.stderr}\n{context}"
    assert after.stdout == before.stdout, context
    assert not [r for r in before.log + after.log if r.get("event") == "blocked"]

    seen = [(r.method, r.path, r.query) for r in stub.requests]
    want = [("POST", f"{V1}/{call.path}", {}) for call in case.calls]
    assert seen == want, context
    bearer = f"Bearer {KEY if case.auth == 'key' else TOKEN}"
    for request, call in zip(stub.requests, case.calls):
        assert request.authorization == bearer, context
        assert request.json.get("model") == call.model, (request.json, context)
        for name, value in call.body:
            assert request.json.get(name) == value, (name, request.json, context)
    if case.auth == "token":
        scopes = {tuple(r["scopes"]) for r in after.log if r.get("event") == "token"}
        assert scopes == {(SCOPE,)}, (after.log, context)
