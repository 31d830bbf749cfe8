"""AOM208 (AzureKeyCredential.update) and AOM306 (OPENAI_API_TYPE in the environment)."""

import textwrap

from conftest import run

HEAD = """\
import os
from azure.ai.inference import ChatCompletionsClient, EmbeddingsClient
from azure.core.credentials import AzureKeyCredential
"""


def found(source, code):
    return [f for f in run(HEAD + textwrap.dedent(source)) if f.code == code]


def test_rotation_assigns_every_client_sharing_the_credential():
    (finding,) = found("""\
        credential = AzureKeyCredential(os.environ["KEY"])
        chat = ChatCompletionsClient(E, credential)
        CLIENTS = {}
        CLIENTS["embed"] = EmbeddingsClient(endpoint=E, credential=credential)
        def rotate(new_key):
            credential.update(new_key)
        """, "AOM208")
    assert finding.line == 9
    assert finding.snippet == 'chat.api_key = new_key\nCLIENTS["embed"].api_key = new_key\n'


def test_rotation_of_a_credential_no_inference_client_uses():
    assert not found("""\
        credential = AzureKeyCredential(os.environ["KEY"])
        other = AzureKeyCredential(os.environ["KEY"])
        chat = ChatCompletionsClient(E, other)
        credential.update("k2")
        """, "AOM208")


def test_rotation_of_an_unnamed_client_is_not_reported():
    assert not found("""\
        credential = AzureKeyCredential(os.environ["KEY"])
        use(ChatCompletionsClient(E, credential))
        credential.update("k2")
        """, "AOM208")


def test_api_type_snippet_uses_the_environment_it_writes():
    (finding,) = found("""\
        from os import environ as env
        env["OPENAI_API_TYPE"] = "azure"
        """, "AOM306")
    assert finding.snippet.startswith('env["OPENAI_BASE_URL"] = ')
    assert "/openai/v1/" in finding.snippet
