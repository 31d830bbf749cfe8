"""Proof by execution that the stream guard added by ``fix`` keeps a loop's own branch for
chunks without choices reachable: the fixed ``stream_guard_usage_branch`` fixture runs with the
real ``openai`` package against the local stub, whose stream ends with Azure's usage chunk
(``choices: []``) when ``stream_options.include_usage`` is set."""

from __future__ import annotations

import contextlib
import io
import pathlib
import shutil

from fixing import fix_file
from http_stub import AzureV1Stub

FIXTURE = pathlib.Path(__file__).resolve().parent / "fix_fixtures" / "stream_guard_usage_branch" / "before.py"


def test_usage_branch_still_runs_after_the_fix(tmp_path):
    from openai import OpenAI

    work = tmp_path / "usage.py"
    shutil.copy(FIXTURE, work)
    fix_file(work, unsafe=True)
    namespace: dict = {}
    exec(compile(work.read_text(encoding="utf-8"), str(work), "exec"), namespace)
    out = io.StringIO()
    with AzureV1Stub() as stub, contextlib.redirect_stdout(out):
        namespace["stream"](OpenAI(base_url=stub.base_url, api_key="test-api-key", max_retries=0))
    printed = out.getvalue()
    assert "usage 17" in printed  # the stub's final chunk: no choices, total_tokens 17
    assert printed.replace("usage 17", "").strip()  # and the text chunks before it
