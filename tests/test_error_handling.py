"""Error-handling rules (AOM701-AOM703): azure-core handlers around Azure AI Inference calls."""

import ast
import textwrap

import pytest

from aoai_migrate.engine import Context, analyze
from aoai_migrate.analysis.exception_handlers import OPENAI_EQUIVALENT
from aoai_migrate.registry import Rule
from conftest import run

KEY_CLIENT = """\
import os
from azure.ai.inference import ChatCompletionsClient
from azure.core.credentials import AzureKeyCredential
client = ChatCompletionsClient(
    endpoint="https://<resource>.services.ai.azure.com/models",
    credential=AzureKeyCredential(os.environ["AZURE_INFERENCE_CREDENTIAL"]),
)
"""
ENTRA_CLIENT = """\
from azure.ai.inference import ChatCompletionsClient
from azure.identity import DefaultAzureCredential
client = ChatCompletionsClient(
    endpoint="https://<resource>.services.ai.azure.com/models",
    credential=DefaultAzureCredential(),
    credential_scopes=["https://cognitiveservices.azure.com/.default"],
)
"""
GUIDE_BLOCK = """\
from azure.core.exceptions import HttpResponseError

try:
    response = client.complete(
        messages=[{"role": "user", "content": "Hello"}],
        model="gpt-4o-mini"
    )
except HttpResponseError as error:
    print(f"Request failed: {error.status_code}")
    print(f"Error message: {error.message}")
"""


def found(source, code):
    return [f for f in run(source) if f.code == code]


def only(source, code):
    findings = found(source, code)
    assert len(findings) == 1, findings
    return findings[0]


def test_guide_error_handling_block():
    source = KEY_CLIENT + GUIDE_BLOCK
    finding = only(source, "AOM701")
    assert finding.line == 15
    assert finding.message == (
        "`except HttpResponseError` guards an Azure AI Inference call; the OpenAI SDK raises "
        "`openai.APIStatusError` instead of azure-core exceptions"
    )
    # the guide's OpenAI tab in substance: the call on the OpenAI client, openai exceptions
    assert finding.snippet == (
        "import openai\n"
        "\n"
        "try:\n"
        "    response = client.chat.completions.create(\n"
        '        model="gpt-4o-mini",\n'
        '        messages=[{"role": "user", "content": "Hello"}],\n'
        "    )\n"
        "except openai.APIStatusError as error:\n"
        '    print(f"Request failed: {error.status_code}")\n'
        '    print(f"Error message: {error.message}")\n'
    )
    assert finding.compact == "openai.APIStatusError"
    # `openai` is not imported in the module: the fix adds it
    assert finding.replacement.text == "openai.APIStatusError"
    assert finding.fix.imports == ("import openai",)
    assert finding.fix.applicability.value == "safe"
    assert not found(source, "AOM702")  # status_code and message exist on APIStatusError


def test_edit_replaces_only_the_exception_type_when_openai_is_imported():
    source = "import openai\n" + KEY_CLIENT + GUIDE_BLOCK
    finding = only(source, "AOM701")
    assert finding.snippet.startswith("try:\n")
    replacement = finding.replacement
    assert (replacement.line, replacement.col, replacement.end_line, replacement.end_col) == (16, 7, 16, 24)
    assert replacement.text == "openai.APIStatusError"


def test_every_azure_class_has_an_openai_equivalent():
    import openai

    for name, target in OPENAI_EQUIVALENT.items():
        module, _, cls = target.partition(".")
        assert module == "openai" and isinstance(getattr(openai, cls), type), name


@pytest.mark.parametrize(
    "caught, expected",
    [
        ("ResourceNotFoundError", "openai.NotFoundError"),
        ("ResourceExistsError", "openai.ConflictError"),
        ("ServiceRequestError", "openai.APIConnectionError"),
        ("ServiceResponseTimeoutError", "openai.APITimeoutError"),
        ("AzureError", "openai.OpenAIError"),
        ("DecodeError", "openai.APIResponseValidationError"),
        ("(ServiceRequestError, ServiceResponseError, ValueError)", "(openai.APIConnectionError, ValueError)"),
    ],
)
def test_mapping(caught, expected):
    names = caught.strip("()").replace(" ", "")
    source = KEY_CLIENT + f"""\
from azure.core.exceptions import *
from azure.core.exceptions import {names.replace(",ValueError", "")}
try:
    client.complete(messages=m, model="x")
except {caught}:
    pass
"""
    finding = only(source, "AOM701")
    assert finding.compact == expected
    assert f"except {expected}:\n    pass\n" in finding.snippet


@pytest.mark.parametrize(
    "body, expected",
    [
        # openai's request errors carry `.message`, their base class does not
        ("log(failure.message.lower())", "openai.APIError"),
        ("log(str(failure))", "openai.OpenAIError"),
        # another name's `.message` says nothing of the caught exception
        ("log(other.message)", "openai.OpenAIError"),
    ],
)
def test_a_broad_handler_that_reads_the_message_catches_the_request_errors(body, expected):
    source = KEY_CLIENT + f"""\
from azure.core.exceptions import AzureError
try:
    client.complete(messages=m, model="x")
except AzureError as failure:
    {body}
"""
    finding = only(source, "AOM701")
    assert finding.compact == expected
    assert finding.replacement.text == expected


def test_client_authentication_error_is_kept_with_a_token_credential():
    source = ENTRA_CLIENT + """\
from azure.core.exceptions import ClientAuthenticationError
try:
    client.complete(messages=m, model="x")
except ClientAuthenticationError as e:
    print(e.reason)
"""
    finding = only(source, "AOM701")
    assert finding.message.endswith(
        "(keep the azure-core handler after it: the token provider still raises ClientAuthenticationError)"
    )
    assert finding.snippet == (
        "import openai\n"
        "\n"
        "try:\n"
        '    client.chat.completions.create(model="x", messages=m)\n'
        "except openai.AuthenticationError as e:\n"
        "    print(e.response.reason_phrase)\n"
        "except ClientAuthenticationError as e:  # azure-identity's token provider still raises this\n"
        "    print(e.reason)\n"
    )
    assert finding.replacement is None
    attribute = only(source, "AOM702")
    assert attribute.replacement is None  # the azure-core copy keeps `e.reason`


def test_client_authentication_error_with_a_key_credential_is_replaced():
    source = KEY_CLIENT + """\
from azure.core.exceptions import ClientAuthenticationError
try:
    client.complete(messages=m, model="x")
except ClientAuthenticationError:
    raise SystemExit("bad key")
"""
    finding = only(source, "AOM701")
    assert "keep" not in finding.message
    assert "except ClientAuthenticationError" not in finding.snippet
    assert "except openai.AuthenticationError:\n" in finding.snippet


def test_other_azure_sdk_in_the_same_try_keeps_the_handler():
    source = KEY_CLIENT + """\
from azure.core.exceptions import HttpResponseError
from azure.storage.blob import BlobClient
blob = BlobClient.from_blob_url(URL)
try:
    blob.upload_blob(data)
    client.complete(messages=m, model="x")
except HttpResponseError:
    pass
"""
    finding = only(source, "AOM701")
    assert "for the other Azure SDK calls" in finding.message
    assert finding.snippet.endswith(
        "except openai.APIStatusError:\n"
        "    pass\n"
        "except HttpResponseError:  # the other Azure SDK calls in this try still raise this\n"
        "    pass\n"
    )


@pytest.mark.parametrize("body", [
    # get_model_info(): no OpenAI call is put in its place (AOM605 says what to write by hand)
    """\
try:
    info = client.get_model_info()
    name = info.model_name
except HttpResponseError as e:
    name = ""
""",
    """\
async def name_of(client: AsyncChatCompletionsClient):
    try:
        return (await client.get_model_info()).model_name
    except HttpResponseError:
        return None
""",
    # image embeddings: the REST helper replacing them keeps raising azure-core errors
    """\
images = ImageEmbeddingsClient(endpoint=E, credential=AzureKeyCredential(K))
try:
    images.embed(input=[item])
except HttpResponseError:
    pass
""",
])
def test_calls_no_openai_call_replaces_leave_the_handler_alone(body):
    source = KEY_CLIENT + """\
from azure.ai.inference import ImageEmbeddingsClient
from azure.ai.inference.aio import ChatCompletionsClient as AsyncChatCompletionsClient
from azure.core.exceptions import HttpResponseError
""" + body
    assert found(source, "AOM701") == []
    assert found(source, "AOM702") == []


def test_get_model_info_next_to_a_migrated_call_keeps_the_azure_core_handler():
    source = KEY_CLIENT + """\
from azure.core.exceptions import HttpResponseError
try:
    name = client.get_model_info().model_name
    answer = client.complete(messages=m, model=name)
except HttpResponseError:
    answer = None
"""
    finding = only(source, "AOM701")
    assert finding.fix is None  # the handler is duplicated, to apply by hand
    assert finding.snippet.endswith(
        "    name = client.get_model_info().model_name\n"
        "    answer = client.chat.completions.create(model=name, messages=m)\n"
        "except openai.APIStatusError:\n"
        "    answer = None\n"
        "except HttpResponseError:  # the other Azure SDK calls in this try still raise this\n"
        "    answer = None\n"
    )


ATTRIBUTE_CASES = [
    ("e.reason", "e.response.reason_phrase", "HttpResponseError.reason"),
    ("e.error.code", "e.code", "HttpResponseError.error.code"),
    ("e.error.message", 'e.body.get("message")', "HttpResponseError.error.message"),
    ("e.error", "e.body", "HttpResponseError.error"),
    ("e.model", "e.body", "HttpResponseError.model"),
    ("e.inner_exception", "e.__cause__", "AzureError.inner_exception"),
    ("e.exc_msg", "str(e)", "AzureError.exc_msg"),
    ("e.continuation_token", "None", "AzureError.continuation_token"),
    ("e.response.text()", "e.response.text", "HttpResponse.text()"),
    ("e.response.reason", "e.response.reason_phrase", "HttpResponse.reason"),
    ("e.response.body()", "e.response.content", "HttpResponse.body()"),
]


@pytest.mark.parametrize("expr, replacement, attr", ATTRIBUTE_CASES, ids=[c[0] for c in ATTRIBUTE_CASES])
def test_attribute_rewrites(expr, replacement, attr):
    source = "import openai\n" + KEY_CLIENT + f"""\
from azure.core.exceptions import HttpResponseError
try:
    client.complete(messages=m, model="x")
except HttpResponseError as e:
    log({expr})
"""
    finding = only(source, "AOM702")
    assert finding.message.startswith(f"`{expr}` reads azure-core's `{attr}`")
    assert finding.snippet == replacement
    assert finding.replacement.text == replacement
    assert finding.line == 13 and finding.replacement.col == 8
    assert f"    log({replacement})\n" in only(source, "AOM701").snippet


@pytest.mark.parametrize(
    "body",
    [
        "log(e.status_code, e.message, e.response.status_code, e.response.headers)",
        "log(other.reason)",
        "e = wrap(e)\n    log(e.reason)",  # rebound
        "def later():\n        return e.reason\n    log(later)",  # a nested function is not followed
    ],
)
def test_attributes_that_are_fine(body):
    source = KEY_CLIENT + f"""\
from azure.core.exceptions import HttpResponseError
try:
    client.complete(messages=m, model="x")
except HttpResponseError as e:
    {body}
"""
    assert not found(source, "AOM702")


@pytest.mark.parametrize(
    "test, expected",
    [
        ("e.status_code == 429", "isinstance(e, openai.RateLimitError)"),
        ("429 == e.status_code", "isinstance(e, openai.RateLimitError)"),
        ("e.status_code != 429", "not isinstance(e, openai.RateLimitError)"),
        ("e.response.status_code == HTTPStatus.TOO_MANY_REQUESTS", "isinstance(e, openai.RateLimitError)"),
    ],
)
def test_rate_limit_checks(test, expected):
    source = "import openai\nfrom http import HTTPStatus\n" + KEY_CLIENT + f"""\
from azure.core.exceptions import HttpResponseError
try:
    client.complete(messages=m, model="x")
except HttpResponseError as e:
    if {test}:
        retry()
"""
    finding = only(source, "AOM703")
    assert finding.snippet == expected
    assert finding.replacement.text == expected
    assert f"    if {expected}:\n        retry()\n" in only(source, "AOM701").snippet


def test_rate_limit_check_in_an_expression_keeps_its_precedence():
    source = "import openai\n" + KEY_CLIENT + """\
from azure.core.exceptions import HttpResponseError
try:
    client.complete(messages=m, model="x")
except HttpResponseError as e:
    retryable = (e.status_code != 429) + 0
"""
    assert only(source, "AOM703").snippet == "(not isinstance(e, openai.RateLimitError))"


def test_one_level_of_local_functions_is_followed_but_not_two():
    one = KEY_CLIENT + """\
from azure.core.exceptions import HttpResponseError
def ask(q):
    return client.complete(messages=[q], model="x")
try:
    ask("hi")
except HttpResponseError:
    pass
"""
    assert only(one, "AOM701").snippet.startswith('import openai\n\ntry:\n    ask("hi")\n')
    two = KEY_CLIENT + """\
from azure.core.exceptions import HttpResponseError
def ask(q):
    return client.complete(messages=[q], model="x")
def outer(q):
    return ask(q)
try:
    outer("hi")
except HttpResponseError:
    pass
"""
    assert not found(two, "AOM701")


def test_methods_and_recursion_do_not_loop():
    source = KEY_CLIENT + """\
from azure.core.exceptions import HttpResponseError
class Bot:
    def ask(self, q):
        try:
            return self._call(q)
        except HttpResponseError:
            return self.ask(q)
    def _call(self, q):
        return client.complete(messages=[q], model="x")
def loop():
    try:
        loop()
    except HttpResponseError:
        pass
"""
    findings = found(source, "AOM701")
    assert [f.line for f in findings] == [13]


def test_streamed_iteration_in_the_try_body_counts():
    source = KEY_CLIENT + """\
from azure.core.exceptions import ServiceResponseError
def read(response):
    pass
stream = client.complete(stream=True, messages=m, model="x")
try:
    for update in stream:
        handle(update)
except ServiceResponseError:
    pass
"""
    assert only(source, "AOM701").compact == "openai.APIConnectionError"


@pytest.mark.skipif(not hasattr(ast, "TryStar"), reason="except* needs Python 3.11")
def test_except_star():
    source = KEY_CLIENT + """\
from azure.core.exceptions import HttpResponseError
try:
    client.complete(messages=m, model="x")
except* HttpResponseError:
    pass
"""
    assert "except* openai.APIStatusError:\n" in only(source, "AOM701").snippet


@pytest.mark.parametrize(
    "source",
    [
        # Key Vault, with an Inference client in the module
        KEY_CLIENT + "from azure.core.exceptions import HttpResponseError\n"
        "from azure.keyvault.secrets import SecretClient\n"
        "vault = SecretClient(vault_url=V, credential=C)\n"
        "try:\n    vault.get_secret('x')\nexcept HttpResponseError as e:\n    print(e.reason)\n",
        # Cosmos
        "from azure.cosmos import CosmosClient\n"
        "from azure.core.exceptions import ResourceNotFoundError\n"
        "cosmos = CosmosClient(URL, credential=KEY)\n"
        "try:\n    cosmos.get_database_client('db').read()\nexcept ResourceNotFoundError:\n    pass\n",
        # a bare name is not enough
        "from azure.core.exceptions import HttpResponseError\n"
        "try:\n    client.complete(messages=m)\nexcept HttpResponseError:\n    pass\n",
        # the call is in the else branch, which the handlers do not cover
        KEY_CLIENT + "from azure.core.exceptions import HttpResponseError\n"
        "try:\n    pass\nexcept HttpResponseError:\n    pass\nelse:\n    client.complete(messages=m, model='x')\n",
        # an azure-core class with no openai twin
        KEY_CLIENT + "from azure.core.exceptions import StreamClosedError\n"
        "try:\n    client.complete(messages=m, model='x')\nexcept StreamClosedError:\n    pass\n",
        # building an Inference client from a project sends no request
        "from azure.ai.projects import AIProjectClient\n"
        "from azure.core.exceptions import HttpResponseError\n"
        "project = AIProjectClient.from_connection_string(conn, credential=cred)\n"
        "try:\n    chat = project.inference.get_chat_completions_client()\nexcept HttpResponseError:\n    pass\n",
    ],
    ids=["key-vault", "cosmos", "bare-name", "else-branch", "no-twin", "project-factory"],
)
def test_look_alikes_are_not_flagged(source):
    codes = [f.code for f in run(source) if f.code.startswith("AOM7")]
    assert not codes


def test_edit_argument_of_report_sets_the_replacement_text():
    """Core: ``ctx.report(..., replace=node, edit=text)`` keeps the snippet and edits less."""
    import aoai_migrate.model as model

    class Probe(Rule):
        code = "AOM799"
        symbol = "probe"
        category = model.Category.ERROR_HANDLING
        message = "probe"
        node_types = (ast.Name,)

        def visit(self, node, ctx: Context):
            ctx.report(self, node, snippet=f"{node.id} = 1\n", replace=node, edit="other")

    source = "azure_thing\n"
    findings = analyze(ast.parse(source), source, rules=[Probe])
    assert findings[0].snippet == "azure_thing = 1\n"
    assert findings[0].replacement.text == "other"
    assert (findings[0].replacement.col, findings[0].replacement.end_col) == (0, 11)


def test_odd_code_does_not_crash():
    source = KEY_CLIENT + textwrap.dedent("""\
        from azure.core import exceptions
        try:
            client.complete(messages=m, model="x")
        except (exceptions.HttpResponseError, *EXTRA) as e:
            e.reason = 1
            del e.error
        except exceptions[0]:
            pass
        except:
            pass
        try:
            pass
        finally:
            pass
    """)
    run(source)
