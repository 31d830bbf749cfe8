"""AOM704: isinstance() tests for azure-core exceptions on a broadly caught error."""

import textwrap

from conftest import run

CLIENT = """\
from azure.ai.inference import ChatCompletionsClient
from azure.core.credentials import AzureKeyCredential
from azure.core.exceptions import ClientAuthenticationError, HttpResponseError
from azure.identity import DefaultAzureCredential
key_client = ChatCompletionsClient(endpoint=E, credential=AzureKeyCredential(K))
entra_client = ChatCompletionsClient(endpoint=E, credential=DefaultAzureCredential())
"""


def found(source):
    return [f for f in run(CLIENT + textwrap.dedent(source)) if f.code == "AOM704"]


def test_branch_is_migrated_with_its_status_tests_and_attributes():
    (finding,) = found("""\
        try:
            key_client.complete(messages=m, model="x")
        except Exception as e:
            if isinstance(e, HttpResponseError):
                if e.status_code == 429:
                    wait(e.reason)
            raise
        """)
    assert "`openai.APIStatusError`" in finding.message
    assert finding.snippet == (
        "import openai\n\n"
        "if isinstance(e, openai.APIStatusError):\n"
        "    if isinstance(e, openai.RateLimitError):\n"
        "        wait(e.response.reason_phrase)\n"
    )


def test_token_provider_keeps_client_authentication_error():
    (finding,) = found("""\
        try:
            entra_client.complete(messages=m, model="x")
        except Exception as e:
            if isinstance(e, ClientAuthenticationError):
                relogin()
        """)
    assert "isinstance(e, (openai.AuthenticationError, ClientAuthenticationError))" in finding.snippet
    assert "token provider" in finding.message


def test_key_client_authentication_error_is_replaced():
    (finding,) = found("""\
        try:
            key_client.complete(messages=m, model="x")
        except Exception as e:
            if isinstance(e, ClientAuthenticationError):
                relogin()
        """)
    assert "isinstance(e, openai.AuthenticationError)" in finding.snippet


def test_not_inside_the_handler_of_that_name():
    assert not found("""\
        try:
            key_client.complete(messages=m, model="x")
        except Exception as e:
            pass
        if isinstance(e, HttpResponseError):
            pass
        """)


def test_shadowed_isinstance_is_not_the_builtin():
    assert not found("""\
        def isinstance(a, b):
            return False
        try:
            key_client.complete(messages=m, model="x")
        except Exception as e:
            if isinstance(e, HttpResponseError):
                pass
        """)


def test_elif_branch_is_shown_as_an_if():
    (finding,) = found("""\
        try:
            key_client.complete(messages=m, model="x")
        except Exception as e:
            if isinstance(e, ValueError):
                pass
            elif isinstance(e, HttpResponseError):
                log(e.status_code)
        """)
    assert finding.snippet == "import openai\n\nif isinstance(e, openai.APIStatusError):\n    log(e.status_code)\n"
