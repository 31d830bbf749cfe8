"""Azure AI Inference features with no OpenAI v1 equivalent: image embeddings (AOM603),
``load_client`` (AOM604) and ``get_model_info`` (AOM605)."""

from __future__ import annotations

import ast

from ... import data, foreign, known
from ...analysis import image_embeddings
from ...render import annotations as render_annotations
from ...render import blocks
from ...render import clients as render_clients
from ...render import snippets
from ...engine import Context
from ...model import Category
from ...semantics import parent_of
from ...registry import Rule, register
from ..api_version.common import keyword, mentions, short
from .common import MODEL_PLACEHOLDER, constructor, credential_of, deployment_for, endpoint_of, receiver_of
from ..references import API_VERSION_LIFECYCLE, MIGRATION_GUIDE
from .image_rest import (
    dropped_call_options,
    embed_arguments,
    image_embeddings_function,
    image_embeddings_notes,
    image_input_dict,
    image_input_kind,
    model_info_function,
)

IMAGE_EMBEDDINGS_CLIENTS = image_embeddings.CLIENT_CLASSES
IMAGE_FACTORY = "inference.get_image_embeddings_client"
_IMAGE_CLIENT_KINDS = image_embeddings.CLIENT_KINDS
LOAD_CLIENT = {f"{known.INFERENCE}.load_client": False, f"{known.INFERENCE_AIO}.load_client": True}


@register
class ImageEmbeddings(Rule):
    code = "AOM603"
    symbol = "image-embeddings-no-equivalent"
    category = Category.UNSUPPORTED_FEATURE
    message = "`{name}` has no OpenAI v1 equivalent (no image embeddings on /openai/v1/): {advice}"
    summary = (
        "Flags `ImageEmbeddingsClient` constructions (sync and aio, also azure-ai-projects' "
        "`inference.get_image_embeddings_client()`) and `ImageEmbeddingInput` uses."
    )
    why = (
        "Image embeddings (`POST /images/embeddings`) exist only in Azure AI Inference, which is "
        f"deprecated and retires on {data.inference_retirement():%B %d, %Y}. The OpenAI SDK and the "
        "/openai/v1/ endpoint have no equivalent: keep a plain REST call to the model's "
        "`/images/embeddings` route, or use the model vendor's SDK."
    )
    example = (
        "from azure.ai.inference import ImageEmbeddingsClient\n"
        "from azure.core.credentials import AzureKeyCredential\n\n"
        "client = ImageEmbeddingsClient(endpoint=endpoint, credential=AzureKeyCredential(key))\n"
    )
    use_instead = (
        'import datetime\n'
        'import email.utils\n'
        'import time\n'
        '\n'
        'import requests\n'
        'import urllib3\n'
        'from azure.core.exceptions import (\n'
        '    ClientAuthenticationError,\n'
        '    HttpResponseError,\n'
        '    IncompleteReadError,\n'
        '    ResourceExistsError,\n'
        '    ResourceNotFoundError,\n'
        '    ResourceNotModifiedError,\n'
        '    ServiceRequestError,\n'
        '    ServiceRequestTimeoutError,\n'
        '    ServiceResponseError,\n'
        '    ServiceResponseTimeoutError,\n'
        ')\n'
        '\n'
        '\n'
        'def retry_after(headers):\n'
        '    """The wait a response asks for, read as azure-core read it (seconds or an HTTP date)."""\n'
        '    for name, unit in (("retry-after", 1), ("retry-after-ms", 1000), ("x-ms-retry-after-ms", 1000)):\n'
        '        value = headers.get(name)\n'
        '        if value:\n'
        '            try:\n'
        '                return max(0.0, float(value)) / unit\n'
        '            except ValueError:\n'
        '                moment = email.utils.parsedate_to_datetime(value)\n'
        '                return max(0.0, (moment - datetime.datetime.now(moment.tzinfo)).total_seconds()) / unit\n'
        '    return None\n'
        '\n'
        '\n'
        'def embed_images(input, model_extras=None, **params):\n'
        '    body = {"input": input}\n'
        '    body.update((name, value) for name, value in params.items() if value is not None)\n'
        '    extras = model_extras or {}\n'
        '    body.update(extras)\n'
        '    headers = {"api-key": key, "Authorization": "Bearer " + key}\n'
        '    if extras:  # the service takes parameters it does not know only with this header\n'
        '        headers["extra-parameters"] = "pass-through"\n'
        "    for attempt in range(4):  # azure-core's RetryPolicy: the same retries\n"
        '        if attempt:  # the wait the response asked for, else its exponential backoff\n'
        '            time.sleep(retry_after(response.headers) or (min(120, 0.8 * 2 ** (attempt - 1)) if attempt > 1 else 0))\n'
        '        try:\n'
        '            response = requests.post(\n'
        '                endpoint.rstrip("/") + "/images/embeddings",\n'
        '                params={"api-version": "2024-05-01-preview"},\n'
        '                headers=headers,\n'
        '                json={name: value for name, value in body.items() if value is not None},\n'
        '                timeout=(300, 300),\n'
        '            )\n'
        "        except requests.exceptions.ConnectTimeout as error:  # raised as azure-core's transport did: `except ServiceRequestError` etc. still apply\n"
        '            raise ServiceRequestTimeoutError(error, error=error) from error\n'
        '        except requests.exceptions.ReadTimeout as error:\n'
        '            raise ServiceResponseTimeoutError(error, error=error) from error\n'
        '        except requests.exceptions.ConnectionError as error:\n'
        '            failure = ServiceResponseError if error.args and isinstance(error.args[0], urllib3.exceptions.ProtocolError) else ServiceRequestError\n'
        '            raise failure(error, error=error) from error\n'
        '        except requests.exceptions.ChunkedEncodingError as error:\n'
        '            failure = IncompleteReadError if "IncompleteRead" in str(error) else HttpResponseError\n'
        '            raise failure(error, error=error) from error\n'
        '        except requests.exceptions.RequestException as error:\n'
        '            raise ServiceResponseError(error, error=error) from error\n'
        '        if not (response.status_code >= 400 and (response.headers.get("Retry-After") or response.status_code in (500, 503, 504))):\n'
        '            break\n'
        '    if response.status_code != 200:  # raised as ImageEmbeddingsClient did: `except HttpResponseError` still applies\n'
        '        failure = {401: ClientAuthenticationError, 404: ResourceNotFoundError, 409: ResourceExistsError, 304: ResourceNotModifiedError}.get(response.status_code, HttpResponseError)\n'
        '        error = failure(message=response.text)\n'
        '        error.status_code, error.reason = response.status_code, response.reason\n'
        '        raise error\n'
        '    return response.json()\n'
    )
    references = (
        "https://learn.microsoft.com/rest/api/aifoundry/model-inference/get-image-embeddings",
        MIGRATION_GUIDE,
    )
    invalid = (
        "from azure.ai.inference.aio import ImageEmbeddingsClient\n"
        "from azure.identity.aio import DefaultAzureCredential\n"
        'client = ImageEmbeddingsClient("https://r.services.ai.azure.com/models", DefaultAzureCredential())\n',
        "from azure.ai.inference.models import ImageEmbeddingInput\n"
        'item = ImageEmbeddingInput(image=data_url, text="a cat")\n',
        "from azure.ai.inference.models import ImageEmbeddingInput\n"
        'item = ImageEmbeddingInput.load(image_file="cat.png", image_format="png")\n',
        "from azure.ai.projects.aio import AIProjectClient\n"
        "async def f(e, c):\n    p = AIProjectClient(endpoint=e, credential=c)\n"
        "    return await p.inference.get_image_embeddings_client()\n",
        "from azure.ai.inference.aio import ImageEmbeddingsClient\n"
        "async def f(client: ImageEmbeddingsClient, items):\n"
        "    return await client.embed(input=items, dimensions=256)\n",
    )
    valid = (
        "from azure.ai.inference import EmbeddingsClient\nclient = EmbeddingsClient(e, c)\n",
        "from azure.ai.projects import AIProjectClient\np = AIProjectClient(endpoint=e, credential=c)\n"
        "chat = p.inference.get_chat_completions_client()\n",
        "from mylib import ImageEmbeddingsClient\nclient = ImageEmbeddingsClient(e, c)\n",
        "from azure.ai.inference.models import ImageUrl\nu = ImageUrl.load(image_file='a.png', image_format='png')\n",
    )
    node_types = (ast.Call,)

    def visit(self, node: ast.AST, ctx: Context) -> None:
        if not mentions(ctx, "ImageEmbedding", "image_embeddings_client"):
            # the module names no image-embeddings class: only embed() on a client built in
            # another module of the project can be one
            if not (ctx.sem.project and isinstance(node.func, ast.Attribute) and node.func.attr == "embed"):
                return
        quals = ctx.qualnames(node.func)
        name = short(ctx.segment(node.func))
        for qual, is_async in IMAGE_EMBEDDINGS_CLIENTS.items():
            if qual in quals:
                ctx.report(self, node, snippet=image_embeddings_function(node, ctx, is_async), name=name,
                           advice="keep a REST call to the model's `/images/embeddings` or use the model vendor's SDK"
                           + image_embeddings_notes(node, ctx))
                return
        kind = image_input_kind(quals)
        if kind is not None:
            item = _item_where_it_stands(node, image_input_dict(node, kind, ctx), ctx)
            if kind == "load":
                item = f"import base64\nimport pathlib\n\n{item}"
            ctx.report(self, node, snippet=item + "\n", name=name,
                       advice="send the image as a data URL in the JSON body of a REST `/images/embeddings` call")
            return
        for member in ctx.members(node.func):
            owner = member.owner
            if member.name == "embed" and owner is not None and owner.name in _IMAGE_CLIENT_KINDS:
                is_async = _IMAGE_CLIENT_KINDS[owner.name]
                ctor = foreign.written_here(owner.node)
                args, dropped, reads_file = embed_arguments(node, ctx)
                rest_call = snippets.call("embed_images", args)
                call = ("await " if is_async else "") + rest_call
                function = image_embeddings_function(ctor, ctx, is_async)
                if reads_file:  # an ImageEmbeddingInput.load() item: the file is read and encoded here
                    function = _plus_imports(function, ("base64", "pathlib"))
                notes = image_embeddings_notes(ctor, ctx)
                if dropped:
                    notes += dropped_call_options(dropped)
                target = _assigned_target(ctx)
                reads = [a for a in render_annotations.attribute_reads(node, ctx)
                         if a not in render_annotations.MODEL_METHODS]  # `.as_dict()`: AOM115 reports it
                if reads and target is not None:  # the REST call returns the JSON dict
                    notes += "; " + render_annotations.read_advice(target, reads)
                    if "data" in reads:
                        notes += ' (its items are dicts too: `["embedding"]`, `["index"]`)'

                # the statement the call stands in (a return, an argument...), else the call; the
                # statement's continuation lines lose its indentation: the call's get it first
                indented = snippets.call("embed_images", args, _statement_indent(node, ctx))
                call = _in_statement(node, indented, ctx) or (f"{target} = {call}" if target is not None else call)
                ctx.report(self, node, snippet=f"{function}\n\n{call}\n", name=short(ctx.segment(node.func)),
                           advice="call the model's `/images/embeddings` route with a REST client" + notes)
                return
            if member.name == IMAGE_FACTORY and owner is not None and owner.name in known.PROJECT_CLIENTS:
                is_async = known.PROJECT_CLIENTS[owner.name]
                ctx.report(self, node, snippet=image_embeddings_function(None, ctx, is_async), name=name,
                           advice="keep a REST call to the model's `/images/embeddings` or use the model vendor's SDK"
                           + image_embeddings_notes(None, ctx))
                return


def _in_statement(node: ast.Call, text: str, ctx: Context) -> str | None:
    """The statement the REST call ``text`` stands in for ``node`` (a return, an argument...),
    unless the statement reads an attribute of its result (a dict: the message names those)."""
    result = parent_of(node) if isinstance(parent_of(node), ast.Await) else node
    if isinstance(parent_of(result), ast.Attribute):
        return None
    return blocks.in_statement(ctx.source, node, text)


def _statement_indent(node: ast.AST, ctx: Context) -> str:
    """The indentation of the line the statement holding ``node`` starts on."""
    stmt = node
    while stmt is not None and not isinstance(stmt, ast.stmt):
        stmt = parent_of(stmt)
    return ctx.source.indent(stmt.lineno) if stmt is not None else ""


def _plus_imports(function: str, modules: tuple[str, ...]) -> str:
    """``function`` (a snippet opening with ``import`` lines) with ``import <module>`` lines
    added among its own, in order."""
    lines = function.split("\n")
    head = 0
    while head < len(lines) and lines[head].startswith("import "):
        head += 1
    imports = sorted(set(lines[:head]) | {f"import {m}" for m in modules})
    return "\n".join(imports + lines[head:])


def _item_where_it_stands(node: ast.Call, item: str, ctx: Context) -> str:
    """The JSON item that replaces the ``ImageEmbeddingInput`` ``node``, in the statement the
    call is the whole value of (``item = ...``, ``return ...``, ``yield ...``, with the user's
    own target); inside a larger expression (an ``embed(input=[...])`` list, a comprehension)
    the item alone, an expression to put where the call was."""
    parent = parent_of(node)
    if isinstance(parent, ast.Expr):
        return item
    if isinstance(parent, (ast.Yield, ast.YieldFrom)) and isinstance(parent_of(parent), ast.Expr):
        parent = parent_of(parent)
    if isinstance(parent, (ast.Assign, ast.AnnAssign, ast.AugAssign, ast.Return, ast.Expr)):
        return blocks.in_statement(ctx.source, node, item) or item
    return item


def _assigned_target(ctx: Context) -> str | None:
    """``response`` for ``response = client.embed(...)`` / ``self.r = await client.embed(...)``
    (the node being visited), else ``None``."""
    parent = ctx.parent()
    if isinstance(parent, ast.Await):
        parent = ctx.parent(2)
    if isinstance(parent, (ast.Assign, ast.AnnAssign)):
        targets = parent.targets if isinstance(parent, ast.Assign) else [parent.target]
        if len(targets) == 1 and isinstance(targets[0], (ast.Name, ast.Attribute, ast.Subscript, ast.Tuple)):
            return ctx.segment(targets[0])
    return None


def _with_item(node: ast.Call) -> tuple[ast.withitem, bool] | None:
    """The ``with`` item whose context expression is ``node`` (``await`` allowed), and whether
    the statement is ``async with``."""
    item = parent_of(node)
    if isinstance(item, ast.Await):
        item = parent_of(item)
    if not isinstance(item, ast.withitem):
        return None
    return item, isinstance(parent_of(item), ast.AsyncWith)


def load_client_snippet(node: ast.Call, ctx: Context, is_async: bool) -> tuple[str, list[str]]:
    """The OpenAI client that replaces ``load_client(...)`` where the call stands (assigned to its
    target, returned, yielded, passed on, in a lambda; as the ``with`` item: ``async with
    AsyncOpenAI(...) as client:``; never awaited), and the notes."""
    cls = "AsyncOpenAI" if is_async else "OpenAI"
    base = render_clients.base_url_for(endpoint_of(node), ctx, "inference")
    scopes = keyword(node, "credential_scopes")
    key = render_clients.api_key_for_credential(
        credential_of(node), ctx, is_async=is_async, scopes=scopes.value if scopes else None
    )
    bound, _, splats = render_clients.bind_arguments(node, ("endpoint", "credential"))
    extra, notes = render_clients.transport_args(bound, ("endpoint", "credential", "credential_scopes"), ctx)
    if splats:
        notes.append("`**` arguments are not carried over")
    call = snippets.call(cls, [("base_url", base.text), ("api_key", key.text), *extra])
    model = base.deployment or MODEL_PLACEHOLDER
    found = _with_item(node)
    if found is not None:
        item, is_async_with = found
        name = ctx.segment(item.optional_vars) if item.optional_vars is not None else "client"
        head = f"{'async with' if is_async_with else 'with'} {call}"
        head += f" as {name}:" if item.optional_vars is not None else ":"
        return (
            f"{head}\n"
            f"    # then {name}.chat.completions.create(model={model}, ...) "
            f"or {name}.embeddings.create(model={model}, ...)\n"
            f"    ...\n"
        ), notes
    then = (
        f"# then {{0}}chat.completions.create(model={model}, ...) "
        f"or {{0}}embeddings.create(model={model}, ...){{1}}\n"
    )
    name = _assigned_name(node, ctx)
    if name is not None:
        return f"{name} = {call}\n" + then.format(f"{name}.", ""), notes
    stmt = blocks.in_statement(ctx.source, node, call, drop_await=True)
    if stmt is not None:
        return stmt + "\n" + then.format("", " on that client"), notes
    return f"client = {call}\n" + then.format("client.", ""), notes


def _awaited(node: ast.AST) -> ast.AST:
    """``await node`` when the call is awaited (the OpenAI client is built, not awaited), else ``node``."""
    parent = parent_of(node)
    return parent if isinstance(parent, ast.Await) and parent.value is node else node


def _assigned_name(node: ast.Call, ctx: Context) -> str | None:
    """``client`` for ``client = load_client(...)`` / ``self.client: T = await load_client(...)``
    (the annotation names the Inference class: it is left out)."""
    value = _awaited(node)
    parent = parent_of(value)
    if isinstance(parent, (ast.Assign, ast.AnnAssign)) and parent.value is value:
        targets = parent.targets if isinstance(parent, ast.Assign) else [parent.target]
        if len(targets) == 1 and isinstance(targets[0], (ast.Name, ast.Attribute)):
            return ctx.segment(targets[0])
    return None


@register
class LoadClient(Rule):
    code = "AOM604"
    symbol = "load-client-no-equivalent"
    category = Category.UNSUPPORTED_FEATURE
    message = "`{name}()` has no OpenAI equivalent: build `{cls}(...)` for the deployment and call `chat.completions` or `embeddings` explicitly{notes}"
    summary = "Flags `azure.ai.inference.load_client()` and `azure.ai.inference.aio.load_client()`."
    why = (
        "`load_client` calls `GET /info` and returns a chat, embeddings or image-embeddings client "
        "depending on the model type. It only works on serverless and managed-compute endpoints and "
        "has no OpenAI counterpart: the OpenAI client serves every operation, so the code picks "
        "`chat.completions` or `embeddings` itself, with the deployment as `model`."
    )
    example = (
        "from azure.ai.inference import load_client\n"
        "from azure.core.credentials import AzureKeyCredential\n\n"
        "client = load_client(endpoint, AzureKeyCredential(key))\n"
    )
    use_instead = (
        "from openai import OpenAI\n\n"
        "client = OpenAI(base_url=f\"{endpoint.rstrip('/')}/openai/v1/\", api_key=key)\n"
        "# then client.chat.completions.create(model=...) or client.embeddings.create(model=...)\n"
    )
    references = (
        "https://learn.microsoft.com/python/api/azure-ai-inference/azure.ai.inference#azure-ai-inference-load-client",
        MIGRATION_GUIDE,
    )
    invalid = (
        "from azure.ai.inference import load_client\n"
        "from azure.core.credentials import AzureKeyCredential\n"
        "client = load_client(endpoint=e, credential=AzureKeyCredential(k))\n",
        "import azure.ai.inference.aio as inf\n"
        "async def f(cred):\n    client = await inf.load_client(e, cred, credential_scopes=[s])\n",
    )
    valid = (
        "from mylib import load_client\nclient = load_client(e, c)\n",
        "def load_client(e, c):\n    ...\nclient = load_client(e, c)\n",
        "from azure.ai.inference import ChatCompletionsClient\nclient = ChatCompletionsClient(e, c)\n",
    )
    node_types = (ast.Call,)

    def visit(self, node: ast.AST, ctx: Context) -> None:
        if not mentions(ctx, "load_client"):
            return
        quals = ctx.qualnames(node.func)
        for qual, is_async in LOAD_CLIENT.items():
            if qual not in quals:
                continue
            cls = "AsyncOpenAI" if is_async else "OpenAI"
            snippet, notes = load_client_snippet(node, ctx, is_async)
            ctx.report(self, node, snippet=snippet, name=short(ctx.segment(node.func)), cls=cls,
                       notes="".join(f"; {n}" for n in notes))
            return


_RETRIEVE = "use `models.retrieve()` on an OpenAI client (id, created, owned_by: no model_type or provider)"


@register
class GetModelInfo(Rule):
    code = "AOM605"
    symbol = "get-model-info-no-equivalent"
    category = Category.UNSUPPORTED_FEATURE
    message = "`{call}()` reads Azure AI Inference's GET /info; {advice}"
    summary = "Flags `get_model_info()` on a resolved Azure AI Inference client (sync or aio)."
    why = (
        "`get_model_info()` calls the Inference-only `GET /info` route (serverless and managed compute "
        "only) and returns `model_name`, `model_type` and `model_provider_name`. On the v1 endpoint, "
        "`client.models.retrieve(<deployment>)` / `client.models.list()` return `id`, `created` and "
        "`owned_by`; the model type and provider have no equivalent. An image-embeddings client "
        "has no OpenAI counterpart (AOM603): its `GET /info` stays a REST call next to the "
        "`/images/embeddings` one."
    )
    example = (
        "from azure.ai.inference import ChatCompletionsClient\n\n"
        'client = ChatCompletionsClient(endpoint, credential, model="gpt-4o")\n'
        "info = client.get_model_info()\n"
        "print(info.model_name)\n"
    )
    use_instead = (
        'info = client.models.retrieve("gpt-4o")\n'
        "print(info.id)\n"
    )
    references = (
        "https://github.com/openai/openai-python/blob/main/src/openai/resources/models.py",
        API_VERSION_LIFECYCLE,
    )
    invalid = (
        "from azure.ai.inference import EmbeddingsClient\n"
        'client = EmbeddingsClient(e, c, model="text-embedding-3-small")\ninfo = client.get_model_info()\n',
        "from azure.ai.inference.aio import ChatCompletionsClient\n"
        "async def f(client: ChatCompletionsClient):\n    return await client.get_model_info()\n",
        "from azure.ai.inference import ImageEmbeddingsClient\n"
        "def describe(client: ImageEmbeddingsClient):\n    return client.get_model_info()\n",
    )
    valid = (
        "info = client.get_model_info()\n",
        "from openai import OpenAI\nclient = OpenAI()\nclient.models.retrieve('m')\n",
        "class Model:\n    def get_model_info(self): ...\nModel().get_model_info()\n",
    )
    node_types = (ast.Call,)

    def visit(self, node: ast.AST, ctx: Context) -> None:
        for member in ctx.members(node.func):
            owner = member.owner
            if member.name != "get_model_info" or owner is None or owner.name not in known.INFERENCE_CLIENTS:
                continue
            recv = receiver_of(node.func, member.name)
            if recv is None:
                return
            if owner.name in _IMAGE_CLIENT_KINDS:  # no OpenAI client replaces it: GET /info over REST
                is_async = _IMAGE_CLIENT_KINDS[owner.name]
                ctor = foreign.written_here(owner.node)
                call = ("await " if is_async else "") + "get_model_info()"
                target = _assigned_target(ctx)
                call = _in_statement(node, "get_model_info()", ctx) or (
                    f"{target} = {call}" if target is not None else call)
                reads = [a for a in render_annotations.attribute_reads(node, ctx)
                         if a not in render_annotations.MODEL_METHODS]
                notes = image_embeddings_notes(ctor, ctx)
                if reads and target is not None:  # the REST call returns the JSON dict
                    notes += "; " + render_annotations.read_advice(target, reads)
                ctx.report(self, node, snippet=f"{model_info_function(ctor, ctx, is_async)}\n\n{call}\n",
                           call=short(ctx.segment(node.func)),
                           advice="an image-embeddings client has no OpenAI counterpart: read `/info` with the "
                           "REST client that replaces it (a dict: model_name, model_type, model_provider_name); "
                           "it retries statuses as azure-core did, not a failed connection (azure-core retried a "
                           "GET's up to 3 times)" + notes)
                return
            model = deployment_for(constructor(owner), ctx)
            snippet = snippets.call(f"{ctx.segment(recv)}.models.retrieve", [(None, model)]) + "\n"
            advice = _RETRIEVE
            if model == MODEL_PLACEHOLDER:  # no invented name: the message says it is to be filled in
                advice += f"; the client's deployment is not visible here: put its name in place of `{model}`"
            ctx.report(self, node, snippet=snippet, call=short(ctx.segment(node.func)), advice=advice)
            return
