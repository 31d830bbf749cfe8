"""openai module-client credentials set in different branches (``if mode == "key": openai.api_key
= ...`` / ``elif``: ``openai.azure_ad_token = ...``): followed branch by branch, never joined with
``or`` nor reported as set together (MutuallyExclusiveAuthError only where two run on one path)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from conftest import code, run

BRANCHES = textwrap.dedent("""\
    import openai


    def configure(mode, key, token, provider):
        openai.azure_endpoint = ENDPOINT
        openai.api_version = "2024-06-01"
        if mode == "key":
            openai.api_key = key
        elif mode == "token":
            openai.azure_ad_token = token
        else:
            openai.azure_ad_token_provider = provider
""")

NOTE = "MutuallyExclusiveAuthError"


def _at(source, code_, line):
    (finding,) = [f for f in run(source) if f.code == code_ and f.line == line]
    return finding


def test_exclusive_branches_get_one_credential_per_branch():
    finding = _at(BRANCHES, "AOM305", 5)
    assert NOTE not in finding.message
    assert "follows the branches of line 7" in finding.message
    snippet = code(finding.snippet)
    assert 'api_key=key if mode == "key" else token if mode == "token" else provider' in snippet
    assert " or " not in snippet
    # AOM402 on the same function shows the same credential
    assert 'key if mode == "key" else token if mode == "token" else provider' in code(_at(BRANCHES, "AOM402", 6).snippet)


def test_a_finding_inside_a_branch_shows_that_branch_s_client():
    finding = _at(BRANCHES, "AOM305", 10)  # openai.azure_ad_token = token
    assert NOTE not in finding.message
    snippet = code(finding.snippet)
    assert "api_key=token" in snippet.replace(" ", "") and "provider" not in snippet and "key if" not in snippet


def test_settings_that_run_together_keep_the_note():
    source = textwrap.dedent("""\
        import openai

        def configure(key, provider):
            openai.azure_endpoint = ENDPOINT
            openai.api_key = key
            if provider:
                openai.azure_ad_token_provider = provider
    """)
    finding = _at(source, "AOM305", 4)
    assert NOTE in finding.message and "api_key=provider or key" in code(finding.snippet)


def test_a_branch_without_a_setting_reads_the_environment_not_another_branch():
    source = textwrap.dedent("""\
        import openai

        def configure(mode, key):
            openai.azure_endpoint = ENDPOINT
            if mode == "key":
                openai.api_key = key
            elif mode == "environment":
                pass
    """)
    finding = _at(source, "AOM305", 4)
    snippet = code(finding.snippet)
    assert NOTE not in finding.message and "no automatic fix" in finding.message
    assert ('api_key=key if mode == "key" else (os.environ.get("AZURE_OPENAI_AD_TOKEN") or '
            'os.environ.get("AZURE_OPENAI_API_KEY"))') in snippet
    assert finding.fix is None


@pytest.mark.parametrize("test", ["use_key()", "modes[next(it)] == 'key'"])
def test_a_condition_that_cannot_be_evaluated_again_gets_no_fix(test):
    source = textwrap.dedent(f"""\
        import openai

        def configure(key, provider, modes, it):
            openai.azure_endpoint = ENDPOINT
            if {test}:
                openai.api_key = key
            else:
                openai.azure_ad_token_provider = provider
    """)
    finding = _at(source, "AOM305", 4)
    assert NOTE not in finding.message
    assert "the credential depends on the branch" in finding.message and "no automatic fix" in finding.message
    snippet = code(finding.snippet)
    assert "provider or key" not in snippet.replace(" ", "") and "key or provider" not in snippet.replace(" ", "")


def test_a_branch_that_rebinds_what_the_condition_reads_gets_no_fix():
    source = textwrap.dedent("""\
        import openai

        def configure(mode, key, provider):
            openai.azure_endpoint = ENDPOINT
            if mode == "key":
                openai.api_key = key
                mode = "done"
            else:
                openai.azure_ad_token_provider = provider
    """)
    finding = _at(source, "AOM305", 4)
    assert "the credential depends on the branch" in finding.message


def test_match_cases_are_branches_too():
    source = textwrap.dedent("""\
        import openai

        def configure(mode, key, provider):
            openai.azure_endpoint = ENDPOINT
            match mode:
                case "key":
                    openai.api_key = key
                case _:
                    openai.azure_ad_token_provider = provider
    """)
    finding = _at(source, "AOM305", 4)
    assert NOTE not in finding.message and "or" not in code(finding.snippet).split("api_key=")[1].split()[:1]


def test_the_per_branch_client_authenticates_as_the_module_client_did(monkeypatch):
    """Each mode run with openai's module client (AzureOpenAI, dated route) and with the snippet
    (OpenAI on /openai/v1/) against the stub on 127.0.0.1: the same principal every time."""
    from http_stub import AzureV1Stub

    for name in list(os.environ):
        if name.upper().startswith(("OPENAI_", "AZURE_")):
            monkeypatch.delenv(name)
    finding = _at(BRANCHES, "AOM305", 5)
    calls = "openai.chat.completions.create(model='gpt-4o', messages=[{'role': 'user', 'content': 'hi'}])\n"
    with AzureV1Stub() as stub:
        for mode, expected in (("key", ("api-key", "the-key")), ("token", ("authorization", "Bearer the-token")),
                               ("provider", ("authorization", "Bearer from-provider"))):
            program = (
                f"ENDPOINT = {stub.url!r}\n" + BRANCHES
                + f"configure({mode!r}, 'the-key', 'the-token', lambda: 'from-provider')\n" + calls
            )
            out = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=60)
            assert out.returncode == 0, out.stderr
            assert stub.last.path.startswith("/openai/deployments/gpt-4o/")
            assert stub.last.headers.get(expected[0]) == expected[1]
            namespace = {"ENDPOINT": stub.url, "mode": mode, "key": "the-key", "token": "the-token",
                         "provider": lambda: "from-provider"}
            exec(compile(finding.snippet, "snippet.py", "exec"), namespace)
            namespace["client"].chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "hi"}])
            assert stub.last.path == "/openai/v1/chat/completions"
            assert stub.last.authorization == "Bearer " + expected[1].removeprefix("Bearer ")
        assert not stub.failures, stub.failures
