"""Rules of the `error-handling` category: azure-core exception handlers around Azure AI
Inference calls, and what those handlers read from the caught exception (api-map §7).

The analysis of one ``try`` statement lives in :mod:`aoai_migrate.analysis.exception_handlers`; the rules
here only report it.
"""

from __future__ import annotations

import ast

from ..engine import Context
from ..analysis.exception_handlers import (
    analyze_try,
    isinstance_check,
    openai_imported,
    render_try,
    with_openai_import,
)
from ..model import Applicability, Category
from ..registry import Rule, register
from .references import MIGRATION_GUIDE

_TRY_TYPES: tuple[type[ast.AST], ...] = (ast.Try,) + ((ast.TryStar,) if hasattr(ast, "TryStar") else ())

_REFERENCES = (
    f"{MIGRATION_GUIDE}#error-handling",
    "https://github.com/openai/openai-python#handling-errors",
    "https://learn.microsoft.com/python/api/azure-core/azure.core.exceptions",
)

_OPENAI_CLIENT = 'client = openai.OpenAI(base_url="https://<resource>.openai.azure.com/openai/v1/", api_key=KEY)\n'
_CLIENT = (
    "from azure.ai.inference import ChatCompletionsClient\n"
    "from azure.core.credentials import AzureKeyCredential\n"
    "client = ChatCompletionsClient(endpoint=ENDPOINT, credential=AzureKeyCredential(KEY))\n"
)


def _openai_import(ctx: Context) -> tuple[str, ...] | None:
    """``()`` when ``openai`` is the openai module where the visited node is, ``("import
    openai",)`` when the name is free, ``None`` when it names something else (no edit then)."""
    if openai_imported(ctx):
        return ()
    if ctx.sem.lookup("openai", ctx.scope):
        return None
    return ("import openai",)


@register
class InferenceExceptionHandler(Rule):
    code = "AOM701"
    symbol = "azure-core-exception-handler"
    category = Category.ERROR_HANDLING
    severity = "error"
    message = (
        "`except {caught}` guards an Azure AI Inference call; the OpenAI SDK raises "
        "`{replacement}` instead of azure-core exceptions{note}"
    )
    summary = (
        "Flags `except` clauses catching `azure.core.exceptions` classes (`HttpResponseError`, "
        "`ClientAuthenticationError`, `ResourceNotFoundError`, `ServiceRequestError`, `AzureError`, "
        "...) whose `try` body calls an Azure AI Inference client (directly, through `await`, "
        "or one level down in a local function)."
    )
    why = (
        "After migration the call raises `openai` exceptions, so an `except HttpResponseError` "
        "handler never runs and every API error escapes. The openai family mirrors azure-core: "
        "`HttpResponseError` -> `openai.APIStatusError` (subclasses by status: `BadRequestError` "
        "400, `AuthenticationError` 401, `PermissionDeniedError` 403, `NotFoundError` 404, "
        "`ConflictError` 409, `RateLimitError` 429, `InternalServerError` >=500), "
        "`ServiceRequestError`/`ServiceResponseError` -> `openai.APIConnectionError`, timeouts -> "
        "`openai.APITimeoutError`, `AzureError` -> `openai.OpenAIError` (`openai.APIError` covers "
        "request errors, as in the migration guide). With Entra ID the token provider still "
        "raises azure-core's `ClientAuthenticationError` (azure-identity's "
        "`CredentialUnavailableError`), so that handler is kept after `openai.AuthenticationError` "
        "unless the client is built with an `AzureKeyCredential`."
    )
    example = (
        "from azure.core.exceptions import HttpResponseError\n"
        + _CLIENT
        + "try:\n"
        "    response = client.complete(messages=messages, model=\"gpt-4o-mini\")\n"
        "except HttpResponseError as error:\n"
        "    print(f\"Request failed: {error.status_code}\")\n"
        "    print(f\"Error message: {error.message}\")\n"
    )
    use_instead = (
        "import openai\n"
        + _OPENAI_CLIENT
        + "try:\n"
        "    response = client.chat.completions.create(model=\"gpt-4o-mini\", messages=messages)\n"
        "except openai.APIStatusError as error:\n"
        "    print(f\"Request failed: {error.status_code}\")\n"
        "    print(f\"Error message: {error.message}\")\n"
    )
    known_problems = (
        "Only the `try` body and functions of this module it calls directly (one level) are "
        "searched for Inference calls; a call hidden two functions deep, or in another module "
        "(outside pylint's inference), is not seen. Locally defined subclasses of azure-core "
        "exceptions are not recognised. When the same `try` also calls other Azure SDKs, the "
        "azure-core handler is kept after the openai one. Calls that no OpenAI call replaces "
        "(`get_model_info()`, see AOM605; `load_client()`, see AOM604; image embeddings, whose REST "
        "helper raises azure-core errors) count as such: alone in a `try`, they leave its handler unflagged. A broad `except HttpResponseError` or "
        "`except AzureError` also used to catch credential failures under Entra ID; the snippet "
        "does not add `ClientAuthenticationError` for them."
    )
    references = _REFERENCES
    fixable = True
    fix_applicability = Applicability.SAFE
    fix_safety = (
        "Safe: the handler catches the openai exception that the migrated call raises where the "
        "azure-core one was raised before (`HttpResponseError` -> `openai.APIStatusError`, "
        "`ResourceNotFoundError` -> `openai.NotFoundError`, `ServiceRequestError` -> "
        "`openai.APIConnectionError`, `AzureError` -> `openai.OpenAIError`, or `openai.APIError`, the "
        "request errors that carry `.message`, when the handler reads its `.message`, ...); `import openai` "
        "is added when missing. No edit when the azure-core handler must stay as well (other "
        "Azure SDKs in the same `try`, token credentials that raise azure-core errors): the "
        "snippet then shows the handler duplicated, to apply by hand."
    )
    invalid = (
        example,
        # alias of the module, tuple of classes, await on the async client
        "from azure.ai.inference.aio import ChatCompletionsClient\n"
        "from azure.core import exceptions as exc\n"
        "async def ask(client: ChatCompletionsClient, messages):\n"
        "    try:\n"
        "        return await client.complete(messages=messages, model='m')\n"
        "    except (exc.ServiceRequestError, exc.ServiceResponseError):\n"
        "        return None\n",
        # fully qualified module import, embeddings
        "import azure.core.exceptions\n"
        "from azure.ai.inference import EmbeddingsClient\n"
        "client = EmbeddingsClient(endpoint=E, credential=C)\n"
        "try:\n"
        "    client.embed(input=['a'], model='m')\n"
        "except azure.core.exceptions.ResourceNotFoundError:\n"
        "    pass\n",
        # a local function one level down
        _CLIENT
        + "from azure.core.exceptions import AzureError\n"
        "def ask(q):\n"
        "    return client.complete(messages=[{'role': 'user', 'content': q}], model='m')\n"
        "try:\n"
        "    ask('hi')\n"
        "except AzureError as e:\n"
        "    log(e)\n",
    )
    valid = (
        # load_client() has no OpenAI equivalent (AOM604): its handler stays with it
        "from azure.ai.inference import load_client\n"
        "from azure.core.exceptions import ResourceNotFoundError\n"
        "try:\n"
        "    client = load_client(endpoint=E, credential=C)\n"
        "except ResourceNotFoundError:\n"
        "    client = None\n",
        # ... also through a helper of the module
        "import azure.ai.inference as sdk\n"
        "from azure.core.exceptions import ResourceNotFoundError\n"
        "def load(endpoint):\n"
        "    return sdk.load_client(endpoint=endpoint, credential=C)\n"
        "try:\n"
        "    client = load(E)\n"
        "except ResourceNotFoundError as error:\n"
        "    print(error.message)\n",
        # Blob storage: azure-core exceptions that are not about Inference
        "from azure.storage.blob import BlobServiceClient\n"
        "from azure.core.exceptions import HttpResponseError, ResourceNotFoundError\n"
        "service = BlobServiceClient.from_connection_string(CONN)\n"
        "try:\n"
        "    service.get_blob_client('c', 'b').download_blob()\n"
        "except ResourceNotFoundError:\n"
        "    pass\n"
        "except HttpResponseError as e:\n"
        "    print(e.reason)\n",
        # Key Vault next to an Inference client created outside the try
        _CLIENT
        + "from azure.keyvault.secrets import SecretClient\n"
        "from azure.core.exceptions import HttpResponseError\n"
        "secrets = SecretClient(vault_url=V, credential=C)\n"
        "try:\n"
        "    key = secrets.get_secret('k').value\n"
        "except HttpResponseError:\n"
        "    key = None\n",
        # a look-alike HttpResponseError of another package
        _CLIENT
        + "from mylib.errors import HttpResponseError\n"
        "try:\n"
        "    client.complete(messages=m, model='x')\n"
        "except HttpResponseError:\n"
        "    pass\n",
        # an unresolved receiver is not an Inference client
        "from azure.core.exceptions import HttpResponseError\n"
        "def f(client):\n"
        "    try:\n"
        "        client.complete(messages=m)\n"
        "    except HttpResponseError:\n"
        "        pass\n",
        # already migrated
        "import openai\n"
        "client = openai.OpenAI()\n"
        "try:\n"
        "    client.chat.completions.create(model='m', messages=m)\n"
        "except openai.APIStatusError:\n"
        "    pass\n",
        # the Inference call is in the handler, not in the try body
        _CLIENT
        + "from azure.core.exceptions import HttpResponseError\n"
        "try:\n"
        "    prepare()\n"
        "except HttpResponseError:\n"
        "    client.complete(messages=m, model='x')\n",
        # get_model_info() has no OpenAI call put in its place (AOM605): its handler stays with it
        _CLIENT
        + "from azure.core.exceptions import HttpResponseError\n"
        "try:\n"
        "    name = client.get_model_info().model_name\n"
        "except HttpResponseError:\n"
        "    name = ''\n",
    )
    node_types = _TRY_TYPES

    def visit(self, node: ast.AST, ctx: Context) -> None:
        info = analyze_try(node, ctx)
        if info is None or not info.handlers:
            return
        snippet = render_try(info, ctx)
        imports = _openai_import(ctx)
        for handler in info.handlers:
            # no mechanical edit when the handler must be duplicated or `openai` names another thing
            keep = bool(handler.keep_reason) or imports is None
            ctx.report(
                self,
                handler.node,
                snippet=snippet,
                compact=handler.type_text,
                replace=None if keep else handler.node.type,
                edit=handler.type_text,
                imports=imports or (),
                caught=ctx.segment(handler.node.type),
                replacement=handler.type_text,
                note=handler.keep_reason,
            )


@register
class AzureCoreExceptionAttribute(Rule):
    code = "AOM702"
    symbol = "azure-core-exception-attribute"
    category = Category.ERROR_HANDLING
    severity = "error"
    message = "`{expr}` reads azure-core's `{attr}`{advice}"
    summary = (
        "Flags azure-core exception attributes read on the caught exception inside a handler "
        "flagged by AOM701: `reason`, `error` (`.code`, `.message`, ...), `model`, "
        "`inner_exception`, `exc_msg`, `continuation_token`, `response.text()`, `response.reason`."
    )
    why = (
        "Once the handler catches `openai` exceptions these attributes raise AttributeError "
        "(or `response.text()` a TypeError: httpx's `Response.text` is a property) inside the "
        "error path. `status_code` and `message` exist on `openai.APIStatusError` and are not "
        "flagged, but `message` is worded differently (`Error code: 429 - {...}`). openai's `body` "
        "is the error object as a dict (`code`, `message`, `param`, `innererror`)."
    )
    example = (
        "from azure.core.exceptions import HttpResponseError\n"
        + _CLIENT
        + "try:\n"
        "    client.complete(messages=messages, model='gpt-4o-mini')\n"
        "except HttpResponseError as error:\n"
        "    print(error.reason, error.error.code)\n"
    )
    use_instead = (
        "import openai\n"
        + _OPENAI_CLIENT
        + "try:\n"
        "    client.chat.completions.create(model='gpt-4o-mini', messages=messages)\n"
        "except openai.APIStatusError as error:\n"
        "    print(error.response.reason_phrase, error.code)\n"
    )
    known_problems = (
        "Only reads of the handler's own `as` name are followed (not an alias of it, nor the "
        "exception passed to another function). `continuation_token` has no equivalent and "
        "is rendered as `None`."
    )
    references = _REFERENCES
    fixable = True
    fix_applicability = Applicability.UNSAFE
    fix_safety = (
        "Unsafe: the openai attribute carries the same information in another shape (`message` "
        "is openai's text, not azure-core's; `reason` is the HTTP reason phrase of the "
        "response), so what the handler prints or compares may change. Applied with "
        "`--unsafe-fixes` when the handler itself is migrated (AOM701)."
    )
    invalid = (
        example,
        _CLIENT
        + "from azure.core.exceptions import AzureError\n"
        "try:\n"
        "    client.complete(messages=m, model='x')\n"
        "except AzureError as exc:\n"
        "    raise RuntimeError(exc.exc_msg) from exc.inner_exception\n",
        _CLIENT
        + "from azure.core.exceptions import HttpResponseError\n"
        "try:\n"
        "    client.complete(messages=m, model='x')\n"
        "except HttpResponseError as e:\n"
        "    body = e.response.text()\n",
    )
    valid = (
        # attributes that exist on openai.APIStatusError
        _CLIENT
        + "from azure.core.exceptions import HttpResponseError\n"
        "try:\n"
        "    client.complete(messages=m, model='x')\n"
        "except HttpResponseError as e:\n"
        "    print(e.status_code, e.message, e.response.status_code)\n",
        # `reason` on a Blob storage error
        "from azure.core.exceptions import HttpResponseError\n"
        "from azure.storage.blob import BlobClient\n"
        "blob = BlobClient.from_blob_url(U)\n"
        "try:\n"
        "    blob.upload_blob(b'x')\n"
        "except HttpResponseError as e:\n"
        "    print(e.reason)\n",
        # `reason` on another object inside a flagged handler
        _CLIENT
        + "from azure.core.exceptions import HttpResponseError\n"
        "try:\n"
        "    client.complete(messages=m, model='x')\n"
        "except HttpResponseError as e:\n"
        "    print(e.status_code, ticket.reason)\n",
    )
    node_types = _TRY_TYPES

    def visit(self, node: ast.AST, ctx: Context) -> None:
        info = analyze_try(node, ctx)
        if info is None:
            return
        for handler in info.handlers:
            for rewrite in handler.attributes:
                ctx.report(
                    self,
                    rewrite.node,
                    snippet=rewrite.text,
                    # when the azure-core handler must stay, the edit belongs to a copy of it
                    replace=None if handler.keep_reason or _openai_import(ctx) is None else rewrite.node,
                    expr=ctx.segment(rewrite.node),
                    attr=rewrite.attr,
                    advice=rewrite.advice,
                )


@register
class RateLimitStatusCheck(Rule):
    code = "AOM703"
    symbol = "azure-core-rate-limit-check"
    category = Category.ERROR_HANDLING
    message = "`{expr}` tests an azure-core error for HTTP 429; openai raises `openai.RateLimitError` for it"
    summary = (
        "Flags `status_code == 429` (or `!=`, `HTTPStatus.TOO_MANY_REQUESTS`, "
        "`response.status_code`) tests on the caught exception inside a handler flagged by AOM701."
    )
    why = (
        "openai maps every status to its own exception class (`_make_status_error`): 429 is "
        "always `openai.RateLimitError`, after openai's own retries (2 by default, azure-core "
        "retried 10 times). Testing the class states the intent and keeps working if the "
        "handler is later split into `except openai.RateLimitError:`."
    )
    example = (
        "import time\n"
        "from azure.core.exceptions import HttpResponseError\n"
        + _CLIENT
        + "try:\n"
        "    client.complete(messages=messages, model='gpt-4o-mini')\n"
        "except HttpResponseError as error:\n"
        "    if error.status_code == 429:\n"
        "        time.sleep(10)\n"
    )
    use_instead = (
        "import time\n"
        "import openai\n"
        + _OPENAI_CLIENT
        + "try:\n"
        "    client.chat.completions.create(model='gpt-4o-mini', messages=messages)\n"
        "except openai.APIStatusError as error:\n"
        "    if isinstance(error, openai.RateLimitError):\n"
        "        time.sleep(10)\n"
    )
    known_problems = "Membership tests such as `status_code in (429, 503)` are left alone."
    references = _REFERENCES
    fixable = True
    fix_applicability = Applicability.SAFE
    fix_safety = (
        "Safe: openai raises `openai.RateLimitError` exactly for HTTP 429, so "
        "`isinstance(error, openai.RateLimitError)` holds where `error.status_code == 429` did; "
        "`import openai` is added when missing."
    )
    invalid = (
        example,
        "from http import HTTPStatus\n"
        + _CLIENT
        + "from azure.core.exceptions import HttpResponseError\n"
        "try:\n"
        "    client.complete(messages=m, model='x')\n"
        "except HttpResponseError as e:\n"
        "    if e.response.status_code != HTTPStatus.TOO_MANY_REQUESTS:\n"
        "        raise\n",
    )
    valid = (
        # another status
        _CLIENT
        + "from azure.core.exceptions import HttpResponseError\n"
        "try:\n"
        "    client.complete(messages=m, model='x')\n"
        "except HttpResponseError as e:\n"
        "    if e.status_code == 400:\n"
        "        raise\n",
        # 429 on something else than the caught exception
        _CLIENT
        + "from azure.core.exceptions import HttpResponseError\n"
        "try:\n"
        "    client.complete(messages=m, model='x')\n"
        "except HttpResponseError as e:\n"
        "    if last.status_code == 429:\n"
        "        raise\n",
        # a storage error
        "from azure.core.exceptions import HttpResponseError\n"
        "from azure.storage.queue import QueueClient\n"
        "queue = QueueClient.from_queue_url(U)\n"
        "try:\n"
        "    queue.send_message('x')\n"
        "except HttpResponseError as e:\n"
        "    if e.status_code == 429:\n"
        "        pass\n",
    )
    node_types = _TRY_TYPES

    def visit(self, node: ast.AST, ctx: Context) -> None:
        info = analyze_try(node, ctx)
        if info is None:
            return
        for handler in info.handlers:
            for rewrite in handler.status_checks:
                imports = _openai_import(ctx)
                ctx.report(
                    self,
                    rewrite.node,
                    snippet=with_openai_import(rewrite.text, ctx),
                    compact=rewrite.text,
                    replace=rewrite.node if imports is not None and not handler.keep_reason else None,
                    edit=rewrite.text,
                    imports=imports or (),
                    expr=ctx.segment(rewrite.node),
                )


@register
class InferenceExceptionIsinstance(Rule):
    code = "AOM704"
    symbol = "azure-core-exception-isinstance"
    category = Category.ERROR_HANDLING
    severity = "error"
    message = (
        "`isinstance({subject}, {caught})` tests the error of an Azure AI Inference call for an "
        "azure-core class; the OpenAI SDK raises `{replacement}`{note}"
    )
    summary = (
        "Flags `isinstance(e, HttpResponseError)` (any `azure.core.exceptions` class, or a tuple "
        "of them) on the exception of a broad handler (`except Exception as e:`) whose `try` body "
        "calls an Azure AI Inference client: the error handling written as `isinstance()` and "
        "`e.status_code` branches instead of `except` clauses."
    )
    why = (
        "After migration the call raises `openai` exceptions, so the test is always false and the "
        "branch for API errors never runs. The snippet tests the openai twin (`HttpResponseError` "
        "-> `openai.APIStatusError`, ...; see AOM701), and inside the branch turns "
        "`e.status_code == 429` into `isinstance(e, openai.RateLimitError)` and azure-core "
        "attributes into their openai spelling (AOM702)."
    )
    example = (
        "from azure.core.exceptions import HttpResponseError\n"
        + _CLIENT
        + "try:\n"
        "    response = client.complete(messages=messages, model=\"gpt-4o-mini\")\n"
        "except Exception as error:\n"
        "    if isinstance(error, HttpResponseError) and error.status_code == 429:\n"
        "        retry_later()\n"
        "    raise\n"
    )
    use_instead = (
        "import openai\n"
        + _OPENAI_CLIENT
        + "try:\n"
        "    response = client.chat.completions.create(model=\"gpt-4o-mini\", messages=messages)\n"
        "except Exception as error:\n"
        "    if isinstance(error, openai.APIStatusError) and isinstance(error, openai.RateLimitError):\n"
        "        retry_later()\n"
        "    raise\n"
    )
    known_problems = (
        "Only `isinstance()` on the handler's own `as` name is followed, inside the handler; an "
        "exception passed to a helper function, or collected by `asyncio.gather(..., "
        "return_exceptions=True)`, is not."
    )
    references = _REFERENCES
    fixable = True
    fix_applicability = Applicability.SAFE
    fix_title = "Test for {replacement}"
    fix_safety = (
        "Safe: the class tested becomes the openai exception that the migrated call raises where "
        "the azure-core one was raised before (the same table as AOM701); the azure-core class "
        "is kept beside it when the token provider or another Azure SDK call in the same `try` "
        "still raises it, and `import openai` is added when missing. In the `if` it opens, "
        "azure-core attributes read on the exception take their openai spelling and "
        "`e.status_code == 429` becomes `isinstance(e, openai.RateLimitError)`, as the snippet "
        "shows. No edit when `openai` names something else in the module."
    )
    invalid = (
        example,
        # a tuple of classes, the async client
        "from azure.ai.inference.aio import ChatCompletionsClient\n"
        "from azure.core import exceptions as exc\n"
        "async def ask(client: ChatCompletionsClient, messages):\n"
        "    try:\n"
        "        return await client.complete(messages=messages, model='m')\n"
        "    except BaseException as e:\n"
        "        if isinstance(e, (exc.ServiceRequestError, exc.ServiceResponseError)):\n"
        "            return None\n"
        "        raise\n",
    )
    valid = (
        # Blob storage: the HttpResponseError is not about Inference
        "from azure.storage.blob import BlobServiceClient\n"
        "from azure.core.exceptions import HttpResponseError\n"
        "service = BlobServiceClient.from_connection_string(CONN)\n"
        "try:\n"
        "    service.get_blob_client('c', 'b').download_blob()\n"
        "except Exception as e:\n"
        "    if isinstance(e, HttpResponseError) and e.status_code == 404:\n"
        "        pass\n",
        # already migrated
        "import openai\n"
        "client = openai.OpenAI()\n"
        "try:\n"
        "    client.chat.completions.create(model='m', messages=m)\n"
        "except Exception as e:\n"
        "    if isinstance(e, openai.APIStatusError):\n"
        "        pass\n",
        # another object than the caught exception
        _CLIENT
        + "from azure.core.exceptions import HttpResponseError\n"
        "try:\n"
        "    client.complete(messages=m, model='x')\n"
        "except Exception as e:\n"
        "    if isinstance(last_error, HttpResponseError):\n"
        "        pass\n",
        # a look-alike class of another package
        _CLIENT
        + "from mylib.errors import HttpResponseError\n"
        "try:\n"
        "    client.complete(messages=m, model='x')\n"
        "except Exception as e:\n"
        "    if isinstance(e, HttpResponseError):\n"
        "        pass\n",
    )
    node_types = (ast.Call,)

    def visit(self, node: ast.AST, ctx: Context) -> None:
        check = isinstance_check(node, ctx)
        if check is None or check.type_text == check.classes:
            return  # already (openai twin, kept azure-core class): nothing left to change
        assert isinstance(node, ast.Call)
        imports = _openai_import(ctx)
        ctx.report(
            self,
            node,
            snippet=check.snippet,
            compact=f"isinstance({ctx.segment(node.args[0])}, {check.type_text})",
            edits=check.edits if imports is not None else (),
            imports=imports or (),
            subject=ctx.segment(node.args[0]),
            caught=check.classes,
            replacement=check.type_text,
            note=check.note,
        )
