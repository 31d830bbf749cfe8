"""Rules of the `azure-openai-client` category: ``AzureOpenAI`` / ``AsyncAzureOpenAI`` clients and
the Azure configuration of the ``openai`` module client, migrated to ``OpenAI(base_url=.../openai/v1/)``."""

from __future__ import annotations

import ast
from typing import Any, NamedTuple

from ..render import clients as render_clients
from ..render import snippets
from ..engine import Context
from ..model import Applicability, Category
from ..registry import Rule, register
from ..render.clients import ENV_API_KEY
from ..render.credentials import ApiKey, azure_auth
from ..analysis.gateways import gateway_client
from ..analysis import branches
from ..analysis.module_client import is_none
from ..semantics import parent_of
from .references import API_VERSION_LIFECYCLE



@register
class AzureOpenAIClient(Rule):
    code = "AOM301"
    symbol = "azure-openai-client"
    category = Category.AZURE_OPENAI_CLIENT
    message = "`{label}` builds a client for dated api-versions; use `{target}` on the /openai/v1/ endpoint{notes}"
    summary = (
        "Flags `AzureOpenAI` / `AsyncAzureOpenAI` constructions (from `openai` or `openai.lib.azure`, "
        "through aliases, and azure-ai-projects' `project.inference.get_azure_openai_client()`) and "
        "shows the `OpenAI` / `AsyncOpenAI` client built from the same arguments."
    )
    why = (
        "Azure's `/openai/v1/` API needs no `api-version` and is served by the plain `OpenAI` "
        "client: `base_url=f\"{azure_endpoint.rstrip('/')}/openai/v1/\"`; `api_key` is kept; "
        "`azure_ad_token_provider` becomes `api_key` (openai>=1.106.0); `api_version` goes away; "
        "`azure_deployment` is no longer part of the URL: pass `model=<deployment>` on each call. "
        "`organization`, `timeout`, `max_retries`, `default_headers`, `http_client` and "
        "`default_query` (minus `api-version`) are kept. `OpenAI` reads no `AZURE_*` environment "
        "variable: when the endpoint or key came from `AZURE_OPENAI_ENDPOINT` / "
        "`AZURE_OPENAI_API_KEY`, the snippet passes them explicitly. LangChain's `AzureChatOpenAI` "
        "and LlamaIndex's `AzureOpenAI` are other libraries and are not flagged."
    )
    example = (
        "import os\n"
        "from openai import AzureOpenAI\n\n"
        "client = AzureOpenAI(\n"
        '    azure_endpoint="https://my-res.openai.azure.com",\n'
        '    api_key=os.environ["AZURE_OPENAI_API_KEY"],\n'
        '    api_version="2024-10-21",\n'
        ")\n"
    )
    use_instead = (
        "import os\n"
        "from openai import OpenAI\n\n"
        "client = OpenAI(\n"
        '    base_url="https://my-res.openai.azure.com/openai/v1/",\n'
        '    api_key=os.environ["AZURE_OPENAI_API_KEY"],\n'
        ")\n"
    )
    known_problems = (
        "An `azure_endpoint` held in a variable is assumed to be the resource root. Clients built in "
        "another module are only found through the pylint plugin."
    )
    references = (API_VERSION_LIFECYCLE, "https://github.com/openai/openai-python/blob/main/src/openai/lib/azure.py")
    fixable = True
    fix_safety = (
        "Safe when the client keeps its resource, its authentication and its requests: an "
        "`azure_endpoint` (literal, variable or the `AZURE_OPENAI_ENDPOINT` environment variable "
        "the client read) becomes `<endpoint>/openai/v1/`, `api_key`/`azure_ad_token_provider` "
        "become `api_key=`, `api_version` goes. Unsafe when `azure_deployment` (or a deployment "
        "in the URL) was fixed on the client: each call must then pass that deployment as "
        "`model`; also for a static `azure_ad_token` (it expires), a `base_url` without a known "
        "v1 form, a `websocket_base_url` other than the resource's `.../openai` (which becomes "
        "`.../openai/v1`: OpenAI adds `/realtime?model=...` where AzureOpenAI added the dated "
        "route), unpacked arguments and the azure-ai-projects factory. A spread dict the "
        "function builds is migrated where it is built, in the same fix (unsafe): its literal (or "
        "a helper's `return`) and the keys set on it afterwards (`d[\"api_version\"] = v` goes, "
        "`azure_endpoint` becomes `base_url`); a credential set on it after the literal makes the "
        "fix display-only (the snippet shows it as `api_key`, to review). Only the keys that can "
        "reach the call count (set after the binding that reaches it and before the call; a dict "
        "that rebinds the name afterwards is another dict). A dict whose literal holds no endpoint "
        "or credential and gets them key by key (`d[\"azure_endpoint\"] = e`, credentials under "
        "`if`s) is migrated statement by statement when that is provably the same client: the "
        "endpoint set once on every path becomes `d[\"base_url\"]`, the credentials one `api_key` "
        "in AzureOpenAI's precedence (token, provider, key: the first set wins, the later ones use "
        "`setdefault`), in that order only. Display-only when the dict cannot be migrated where it "
        "is built but visibly holds a key `OpenAI` does not take (spreading it would raise "
        "`TypeError`; the message lists the keys it can hold at the call), or when the same dict "
        "also goes elsewhere (another client, a return). Display-only for an "
        "async client whose token provider may be sync or async (a parameter, a `Callable[[], "
        "str | Awaitable[str]]`), also when it is joined with a key (`provider or key`) or "
        "comes from a factory declared so (openai's `AsyncAzureADTokenProvider`): `AsyncOpenAI` "
        "awaits what `api_key` returns and types it `Callable[[], Awaitable[str]]`, and no "
        "expression is right for both kinds (a plain function of the module becomes `lambda: "
        "asyncio.to_thread(provider)`, an async one is passed as is). A sync "
        "`get_bearer_token_provider(credential, scope)` becomes the `azure.identity.aio` one when its "
        "credential is async or an inline `azure.identity` credential (rewritten to its "
        "`azure.identity.aio` twin); otherwise (a credential built elsewhere, perhaps shared with sync "
        "code) the sync provider runs in a worker thread: `lambda: asyncio.to_thread(provider)`, or "
        "`functools.partial(asyncio.to_thread, get_bearer_token_provider(credential, scope))`. When "
        "`azure_endpoint` may be None (an `Optional` parameter, a mapping's `.get()`, a dict entry "
        "holding one), the base URL keeps the `AZURE_OPENAI_ENDPOINT` fallback `AzureOpenAI` had. "
        "`OpenAI` sends `api_key=` as `Authorization: Bearer`, which a default `Authorization` header "
        "replaces: when `default_headers` holds one (or may: a variable, a spread), a string key also "
        "goes as the `api-key` header AzureOpenAI used (unsafe); a key provider, a token or a "
        "credential of either kind cannot, and the fix is display-only. The fix adds `from "
        "openai import OpenAI` (or `AsyncOpenAI`) and `import os` when it reads the environment."
    )
    invalid = (
        "from openai import AzureOpenAI\nc = AzureOpenAI(azure_endpoint=e, api_key=k, api_version='2024-06-01')\n",
        "import openai\nc = openai.AsyncAzureOpenAI(azure_endpoint=e, azure_deployment='gpt-4o', api_version=v)\n",
        "from openai.lib.azure import AzureOpenAI as AOAI\nc = AOAI()\n",
        "from azure.ai.projects import AIProjectClient\n"
        "p = AIProjectClient.from_connection_string(conn_str=s, credential=cred)\n"
        "c = p.inference.get_azure_openai_client(api_version='2024-10-21')\n",
        # a class chosen at run time: the migrated code keeps the choice (OpenAI if sync else AsyncOpenAI)
        "from openai import AzureOpenAI, AsyncAzureOpenAI\n"
        "def make(sync, e, k):\n    cls = AzureOpenAI if sync else AsyncAzureOpenAI\n"
        "    return cls(azure_endpoint=e, api_key=k)\n",
        # a dict built in the function: migrated where it is built, keys set afterwards too
        "from openai import AzureOpenAI\n"
        "def make(e, k):\n    kw = {'azure_endpoint': e, 'api_key': k}\n    kw['api_version'] = '2024-10-21'\n"
        "    return AzureOpenAI(**kw)\n",
        # a default Authorization header next to the key: the key also goes as `api-key`
        "from openai import AzureOpenAI\n"
        "c = AzureOpenAI(azure_endpoint=e, api_key=k, api_version='2024-06-01',\n"
        "                default_headers={'Authorization': f'Bearer {gateway_token}'})\n",
        # ... next to a token provider: no automatic fix (a provider cannot ride in a header)
        "from openai import AzureOpenAI\n"
        "def make(e, provider, headers):\n"
        "    return AzureOpenAI(azure_endpoint=e, azure_ad_token_provider=provider, default_headers=headers)\n",
        # built key by key: each key migrated where it is set; the dict rebinding the name later is another one
        "from openai import AsyncAzureOpenAI\n"
        "def make(e, key, token=None, version=None):\n    kw = {'max_retries': 2}\n"
        "    if version:\n        kw['api_version'] = version\n    if token:\n        kw['azure_ad_token'] = token\n"
        "    kw['api_key'] = key\n    kw['azure_endpoint'] = e\n    client = AsyncAzureOpenAI(**kw)\n"
        "    kw = {'client': client}\n    kw['service_id'] = 'chat'\n    return kw\n",
    )
    valid = (
        "from llama_index.llms.azure_openai import AzureOpenAI\nllm = AzureOpenAI(engine='e', model='gpt-4o')\n",
        # Cloudflare AI Gateway's Azure route still takes the deployment URL and an api-version
        "from openai import AzureOpenAI\n"
        "base = f'https://gateway.ai.cloudflare.com/v1/{account}/{gw}/azure-openai/res/gpt-4o'\n"
        "client = AzureOpenAI(base_url=base, api_key=key, api_version='2024-06-01')\n",
        "from langchain_openai import AzureChatOpenAI\nllm = AzureChatOpenAI(azure_deployment='d')\n",
        "from openai import OpenAI\nc = OpenAI(base_url='https://r.openai.azure.com/openai/v1/', api_key=k)\n",
        "class AzureOpenAI:\n    pass\nc = AzureOpenAI()\n",
        "from openai import AzureOpenAI\nc = AzureOpenAI(base_url='https://r.openai.azure.com/openai/v1/', api_key=k)\n",
    )
    node_types = (ast.Call,)

    def visit(self, node: ast.AST, ctx: Context) -> None:
        target = render_clients.find_client(node, ctx)
        if target is None or target.family != "azure-openai":
            return
        if target.via != "factory" and _v1_base_url(node, ctx) is not None:
            return  # AOM302 reports it
        if gateway_client(node, ctx):
            return  # a gateway route that still needs the deployment URL and an api-version
        migrated = render_clients.migrate(target, ctx)
        snippet = migrated.snippet(ctx, ctx.source.indent(node.lineno))
        replace = render_clients.replace_node(target, ctx) if migrated.replaceable else None
        target_name = migrated.func + "()" if target.via == "factory" else target.openai_class
        edit = migrated.call(ctx.source.indent(node.lineno)) if replace is not None else None
        edits = tuple(ctx.edit(e.span, e.text) for e in migrated.source_edits) if replace is not None else ()
        ctx.report(
            self, node, snippet=snippet, replace=replace, edit=edit, edits=edits,
            applicability=migrated.applicability,
            label=target.label, target=target_name, notes=migrated.message_notes(),
        )


def _v1_base_url(node: ast.Call, ctx: Context) -> ast.AST | None:
    for kw in node.keywords:
        if kw.arg == "base_url" and render_clients.mentions_v1(kw.value, ctx):
            return kw.value
    return None


@register
class AzureOpenAIWithV1BaseUrl(Rule):
    code = "AOM302"
    symbol = "azure-openai-v1-base-url"
    category = Category.AZURE_OPENAI_CLIENT
    severity = "error"
    message = (
        "`{label}` with a /openai/v1 base_url sends requests to /openai/v1/deployments/<model>/..."
        "?api-version=..., which is wrong; use `{target}` with the same base_url"
    )
    summary = "Flags `AzureOpenAI(base_url=...)` / `AsyncAzureOpenAI(base_url=...)` whose URL contains `/openai/v1`."
    why = (
        "`AzureOpenAI` inserts `/deployments/<model>` into the path of chat, completions, embeddings, "
        "audio and image requests and always adds `?api-version=`: with a v1 base URL the request "
        "goes to `/openai/v1/deployments/<model>/chat/completions?api-version=...`, which the v1 API "
        "does not serve. The v1 endpoint is meant for the plain `OpenAI` client."
    )
    example = (
        "from openai import AzureOpenAI\n\n"
        "client = AzureOpenAI(\n"
        '    base_url="https://my-res.openai.azure.com/openai/v1/",\n'
        "    api_key=key,\n"
        '    api_version="preview",\n'
        ")\n"
    )
    use_instead = (
        "from openai import OpenAI\n\n"
        'client = OpenAI(base_url="https://my-res.openai.azure.com/openai/v1/", api_key=key)\n'
    )
    references = (API_VERSION_LIFECYCLE,)
    fixable = True
    fix_safety = (
        "Safe: the `base_url` already ends in /openai/v1/, so the client becomes `OpenAI` (or "
        "`AsyncOpenAI`) with the same base URL and credential and no api-version; unsafe under the "
        "same conditions as AOM301 (a static token, unpacked arguments), display-only for an "
        "async client's token provider of unknown kind (as AOM301)."
    )
    invalid = (
        "from openai import AzureOpenAI\nc = AzureOpenAI(base_url='https://r.openai.azure.com/openai/v1/', api_key=k, api_version='preview')\n",
        "from openai import AsyncAzureOpenAI\nc = AsyncAzureOpenAI(base_url=f'{endpoint}/openai/v1/', azure_ad_token_provider=tp)\n",
        "import openai\nV1 = 'https://r.openai.azure.com/openai/v1'\nc = openai.AzureOpenAI(base_url=V1, api_key=k)\n",
    )
    valid = (
        "from openai import OpenAI\nc = OpenAI(base_url='https://r.openai.azure.com/openai/v1/', api_key=k)\n",
        "from openai import AzureOpenAI\nc = AzureOpenAI(base_url='https://r.openai.azure.com/openai/deployments/d', api_key=k, api_version=v)\n",
        "from llama_index.llms.azure_openai import AzureOpenAI\nc = AzureOpenAI(base_url='https://r.openai.azure.com/openai/v1/')\n",
    )
    node_types = (ast.Call,)

    def visit(self, node: ast.AST, ctx: Context) -> None:
        if not node.keywords:
            return
        target = render_clients.find_client(node, ctx)
        if target is None or target.family != "azure-openai" or target.via == "factory":
            return
        base = _v1_base_url(node, ctx)
        if base is None:
            return
        migrated = render_clients.migrate(target, ctx)
        snippet = migrated.snippet(ctx, ctx.source.indent(node.lineno))
        replace = node if migrated.replaceable else None
        edit = migrated.call(ctx.source.indent(node.lineno)) if replace is not None else None
        ctx.report(
            self, base, snippet=snippet, replace=replace, edit=edit,
            applicability=migrated.applicability,
            label=target.label, target=target.openai_class,
        )


# -- the openai module client configured for Azure ------------------------------------------------

_AZURE_API_TYPES = frozenset({"azure", "azure_ad", "azuread"})
_CONFIG_ATTRS = frozenset(
    {
        "api_type", "api_base", "azure_endpoint", "azure_ad_token_provider", "azure_ad_token", "api_key",
        "api_version", "base_url", "organization",
    }
)
_STATE = "azure-openai-module-config"


def _openai_attribute(target: ast.AST, scope: Any, ctx: Context) -> str | None:
    """``attr`` when ``target`` is ``<the openai module>.attr`` with a configuration attribute."""
    if isinstance(target, ast.Attribute) and target.attr in _CONFIG_ATTRS:
        values = ctx.sem.infer(target.value, scope)
        if any(v.kind == "qual" and v.name == "openai" for v in values):
            return target.attr
    return None


_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)


class _Setting(NamedTuple):
    """One ``openai.<attr> = value`` statement, and the function it stands in (``None``: module level)."""

    attr: str
    value: ast.AST
    scope: Any
    stmt: ast.Assign
    function: ast.AST | None


def _function_of(node: ast.AST) -> ast.AST | None:
    """The innermost function ``node`` stands in, ``None`` at module (or class) level."""
    current = parent_of(node)
    while current is not None and not isinstance(current, _FUNCTIONS):
        current = parent_of(current)
    return current


class _ModuleConfig:
    """The ``openai.<attr> = value`` settings of the module. ``values``: the module's own, then
    those of its functions (first assignment of each attribute wins); :meth:`at`: those in
    effect at one place (the function's own before it, else the module level's)."""

    def __init__(self, ctx: Context, settings: list[_Setting] | None = None, site: ast.AST | None = None) -> None:
        self.ctx = ctx
        self.site = site  # where the settings are read (:meth:`at`)
        if settings is None:
            settings = []
            sem = ctx.sem
            stack: list[tuple[ast.AST, Any, ast.AST | None]] = [(sem.tree, sem.module, None)]
            while stack:
                node, scope, function = stack.pop()
                if isinstance(node, ast.Assign):
                    for target in node.targets:
                        attr = _openai_attribute(target, scope, ctx)
                        if attr is not None:
                            settings.append(_Setting(attr, node.value, scope, node, function))
                inner = sem.scope_of(node) if isinstance(node, (*_FUNCTIONS, ast.ClassDef)) else None
                if isinstance(node, _FUNCTIONS):
                    function = node
                for child in reversed(list(ast.iter_child_nodes(node))):
                    stack.append((child, inner or scope, function))
        self.settings = settings
        ordered = sorted(settings, key=lambda s: s.function is not None)  # stable: source order within
        self.values: dict[str, tuple[ast.AST, Any]] = {}
        for setting in ordered:
            if setting.attr not in self.values and not is_none(setting.value):
                self.values[setting.attr] = (setting.value, setting.scope)

    def at(self, site: ast.AST, *, whole_function: bool = False) -> "_ModuleConfig":
        """The settings in effect at ``site``. In a function: its own assignments made before the
        site (all of them with ``whole_function``: a setting's finding shows the client the
        function configures; the last one of each attribute on each path; ``None`` resets it)
        over the module level's, and never another function's (they configure the client when
        that function runs: a test module's functions each set their own). At module level:
        :attr:`values`. Settings in another arm of an ``if``/``match`` than ``site`` never run
        with it and are left out."""
        function = _function_of(site)
        if function is None:  # the module's settings, completed by those its functions make
            kept = [s for s in self.settings if not branches.exclusive(s.stmt, site)]
            return _ModuleConfig(self.ctx, kept, site)
        module_level = [s for s in self.settings if s.function is None]
        where = (site.end_lineno or site.lineno, site.end_col_offset or 0)  # type: ignore[attr-defined]
        own = [s for s in self.settings if s.function is function
               and (whole_function or (s.stmt.lineno, s.stmt.col_offset) <= where)
               and not branches.exclusive(s.stmt, site)]
        own.sort(key=lambda s: (s.stmt.lineno, s.stmt.col_offset))
        # the last of each attribute, and the earlier ones a later one never follows on a path
        # (`if a: openai.api_key = x` / `else: openai.api_key = y` keeps both)
        latest = [s for i, s in enumerate(own)
                  if all(t.attr != s.attr or branches.exclusive(s.stmt, t.stmt) for t in own[i + 1:])]
        set_here = {s.attr for s in latest}
        kept = [s for s in module_level if s.attr not in set_here]
        return _ModuleConfig(self.ctx, kept + [s for s in latest if not is_none(s.value)], site)

    def string(self, attr: str) -> str | None:
        entry = self.values.get(attr)
        if entry is None:
            return None
        found = {v.name for v in self.ctx.sem.infer(entry[0], entry[1]) if v.kind == "str"}
        return next(iter(found)) if len(found) == 1 else None

    @property
    def api_type(self) -> str | None:
        value = self.string("api_type")
        return value.lower() if value else None

    @property
    def is_azure(self) -> bool:
        if self.api_type in _AZURE_API_TYPES:
            return True
        if {"azure_endpoint", "azure_ad_token_provider", "azure_ad_token", "api_version"} & self.values.keys():
            return True
        base = self.string("api_base") or ""
        return any(h in base for h in (".openai.azure.com", ".cognitiveservices.azure.com", ".services.ai.azure.com"))

    def snippet(self, ctx: Context, cls: str = "OpenAI") -> tuple[str, list[str]]:
        """``client = OpenAI(...)`` built from the module's assignments, and notes."""
        notes: list[str] = []
        endpoint = self.values.get("azure_endpoint") or self.values.get("api_base")
        base = render_clients.base_url_for(endpoint[0] if endpoint else None, ctx, "azure")
        if base.note:
            notes.append(base.note)
        key, auth_notes = self.credential(ctx, cls == "AsyncOpenAI")
        notes.extend(auth_notes)
        args: list[tuple[str | None, str]] = [("base_url", base.text), ("api_key", key)]
        if "organization" in self.values:
            args.append(("organization", ctx.segment(self.values["organization"][0])))
        return "client = " + snippets.call(cls, args) + "\n", notes


    def credential(self, ctx: Context, is_async: bool) -> tuple[str, list[str]]:
        """``api_key=`` for the credential settings in effect, and notes. Settings made in
        different branches (or in a branch the site may run without) are followed branch by
        branch, never joined nor said to be set together."""
        notes: list[str] = []
        settings = self._auth_settings()
        auth = {s.attr: s.value for s in settings}
        apart = len(settings) > 1 and all(
            branches.exclusive(a.stmt, b.stmt) for i, a in enumerate(settings) for b in settings[i + 1:]
        )
        if apart or (self.site is not None and any(branches.conditional(s.stmt, self.site) for s in settings)):
            if not apart:
                together = [s for s in settings if not branches.conditional(s.stmt, self.site)]
                if together:  # one always set, others only in a branch: AzureOpenAI's own precedence
                    settings = []
            if settings:  # one credential per branch
                api_key = _per_branch(settings, ctx, is_async)
                return api_key.text, [api_key.note] if api_key.note else []
        if auth:
            together = [s.attr for s in self._auth_settings()
                        if any(t is not s and not branches.exclusive(s.stmt, t.stmt) for t in self._auth_settings())]
            if len(together) > 1:  # openai's module client passes them all to AzureOpenAI, which takes one
                notes.append(
                    f"{' and '.join(f'`openai.{name}`' for name in dict.fromkeys(together))} are set together here: "
                    "the module's AzureOpenAI client refused them (MutuallyExclusiveAuthError); keep the one you mean"
                )
            # every path the module set (a token or provider before a key, AzureOpenAI's precedence)
            api_key = azure_auth(auth, ctx, is_async)
            if api_key.note and api_key.kind not in ("key", "secret") and len(auth) == 1:
                notes.append(api_key.note)  # a committed key: AOM207 says it
            if api_key.kind in ("key", "secret") and self.api_type in ("azure_ad", "azuread"):
                notes.append("with api_type azure_ad api_key held a token that expires: prefer a token provider")
            return api_key.text, notes
        return ENV_API_KEY, ["the key is read from AZURE_OPENAI_API_KEY"]

    def _auth_settings(self) -> list[_Setting]:
        """The credential settings in effect: the one :attr:`values` holds for each attribute,
        and the settings of the same attribute made in other branches (never with it)."""
        chosen = [s for s in self.settings if s.attr in render_clients.AUTH_KEYWORDS
                  and self.values.get(s.attr, (None,))[0] is s.value]
        chosen = [s for i, s in enumerate(chosen) if all(t.attr != s.attr for t in chosen[:i])]
        others = [s for s in self.settings if s.attr in render_clients.AUTH_KEYWORDS and not is_none(s.value)
                  and s not in chosen and any(c.attr == s.attr and c.function is s.function
                                              and branches.exclusive(c.stmt, s.stmt) for c in chosen)]
        return sorted(chosen + others, key=lambda s: (s.stmt.lineno, s.stmt.col_offset))

    def edits(self, snippet: str, ctx: Context) -> tuple:
        """The module's configuration statements replaced by ``client = OpenAI(...)``: the first
        statement becomes the client, the others are deleted (whole lines). Empty when a statement
        is not a plain module-level ``openai.<attr> = value`` on lines of its own, or when the
        module already binds ``client``."""
        sem = ctx.sem
        statements = []
        for stmt in sem.tree.body:
            if isinstance(stmt, ast.Assign) and any(_openai_attribute(t, sem.module, ctx) for t in stmt.targets):
                if len(stmt.targets) != 1:
                    return ()
                statements.append(stmt)
        nested = sum(1 for node in ast.walk(sem.tree) if isinstance(node, ast.Assign)
                     and any(_openai_attribute(t, sem.module, ctx) for t in node.targets))
        if not statements or nested != len(statements) or sem.lookup("client", sem.module):
            return ()
        source = ctx.source
        for stmt in statements:
            first, last = source.line(stmt.lineno), source.line(stmt.end_lineno)
            if stmt.col_offset != 0 or ";" in first[: len(first) - len(first.lstrip())] or \
                    last.rstrip("\r\n")[stmt.end_col_offset:].strip() not in ("",) and \
                    not last.rstrip("\r\n")[stmt.end_col_offset:].strip().startswith("#"):
                return ()
        head, *rest = statements
        out = [ctx.edit(head, snippet.rstrip("\n"))]
        lines = len(source.lines)
        for stmt in rest:
            if stmt.end_lineno < lines:
                span = _Span(stmt.lineno, 0, stmt.end_lineno + 1, 0)
            else:
                span = _Span(stmt.lineno, 0, stmt.end_lineno, len(source.line(stmt.end_lineno).encode("utf-8")))
            out.append(ctx.edit(span, ""))
        return tuple(out)


#: the credential AzureOpenAI read where no branch set one (an AD token before a key)
_ENV_EITHER = 'os.environ.get("AZURE_OPENAI_AD_TOKEN") or os.environ.get("AZURE_OPENAI_API_KEY")'


def _per_branch(settings: list[_Setting], ctx: Context, is_async: bool) -> ApiKey:
    """``api_key=`` for credentials set in different branches (never together): a conditional
    expression mirroring one ``if``/``elif``/``else`` chain (``key if mode == "key" else
    provider``) when re-evaluating its conditions after it gives the same branch (no call, no
    name they read rebound in the branches); else a placeholder, and the note says why."""
    found = branches.chain(settings[0].stmt)
    line = settings[0].stmt.lineno
    arms = found[1] if found is not None else []
    per_arm: list[_Setting | None] = []
    for arm in arms:
        here = [s for s in settings if any(stmt is s.stmt for stmt in arm.body)]
        if len(here) > 1:
            break
        per_arm.append(here[0] if here else None)
    placed = sum(1 for s in per_arm if s is not None)
    if found is not None and len(per_arm) == len(arms) and placed == len(settings):
        line = found[0].lineno
        tests = [arm.test for arm in arms if arm.test is not None]
        read = set().union(*(branches.names_read(e) for e in tests), *(branches.names_read(s.value) for s in settings))
        body = [stmt for arm in arms for stmt in arm.body]
        if all(branches.pure(t) for t in tests) and not branches.rebinds(body, read):
            arms, per_arm = list(arms), list(per_arm)
            while len(arms) > 2 and per_arm[-1] is None and per_arm[-2] is None:  # one `else` for them
                del arms[-2], per_arm[-2]
            parts: list[str] = []
            notes: list[str] = []
            manual = False
            for arm, setting in zip(arms, per_arm):
                if setting is None:  # nothing set here: AzureOpenAI read the environment
                    text, manual = _ENV_EITHER, True
                else:
                    rendered = azure_auth({setting.attr: setting.value}, ctx, is_async)
                    text, manual = rendered.text, manual or rendered.manual
                    if rendered.note and rendered.kind not in ("key", "secret") and rendered.note not in notes:
                        notes.append(rendered.note)
                text = text if _atom(text) else f"({text})"
                if arm.test is None:
                    parts.append(text)
                else:
                    parts.append(f"{text} if {ctx.segment(arm.test)} else")
            note = f"the credential follows the branches of line {line}, one per branch (never set together)"
            if None in per_arm:
                note += (
                    "; where no branch sets one the module client read AZURE_OPENAI_AD_TOKEN, else "
                    "AZURE_OPENAI_API_KEY (no automatic fix)"
                )
            return ApiKey(" ".join(parts), "either", None, "; ".join([note, *notes]), is_async, manual=True)
    names = " / ".join(dict.fromkeys(f"`openai.{s.attr}`" for s in settings))
    return ApiKey(
        "...", "unknown", None,
        f"the credential depends on the branch ({names} are set in different branches from line {line}): "
        "pass the one each branch sets as api_key= (no automatic fix)",
        is_async, manual=True,
    )


def _atom(text: str) -> bool:
    """``text`` needs no parentheses as an operand of a conditional expression."""
    try:
        node = ast.parse(text, mode="eval").body
    except SyntaxError:
        return False
    return not isinstance(node, (ast.IfExp, ast.Lambda, ast.BoolOp, ast.NamedExpr))


class _Span(NamedTuple):
    lineno: int
    col_offset: int
    end_lineno: int
    end_col_offset: int


_FIX_CARRIED = "azure-openai-module-config-fix"


def module_config(ctx: Context) -> _ModuleConfig:
    """The ``openai.<attr> = ...`` settings of the module (memoised per module)."""
    return _config(ctx)


def _config(ctx: Context) -> _ModuleConfig:
    config = ctx.state.get(_STATE)
    if config is None:
        config = ctx.state[_STATE] = _ModuleConfig(ctx)
    return config


class _ModuleConfigRule(Rule):
    """Shared visit: report ``openai.<attr> = ...`` for the attributes of ``attrs``."""

    attrs: frozenset[str] = frozenset()
    azure_only = True
    node_types = (ast.Assign,)
    fixable = True
    fix_applicability = Applicability.UNSAFE
    fix_safety = (
        "Unsafe: the first `openai.<setting> = ...` of the module becomes `client = OpenAI(...)` "
        "(built from all of them) and the other settings are deleted; calls through the module "
        "(`openai.ChatCompletion.create(engine=...)`, AOM503) become calls on that `client`, but "
        "code that still uses the module client, other modules that relied on the global "
        "settings, and 0.x dict-style reads of the results (`response[\"choices\"]`) need a "
        "review. No edit when a setting is made inside a function, shares a line with other "
        "code, or the module already binds `client`."
    )

    def visit(self, node: ast.AST, ctx: Context) -> None:
        if is_none(node.value):  # a reset
            return
        for target in node.targets:
            attr = _openai_attribute(target, ctx.scope, ctx)
            if attr is None or attr not in self.attrs:
                continue
            config = _config(ctx).at(node, whole_function=True)
            if not self.applies(attr, node.value, config, ctx):
                continue
            snippet, notes = config.snippet(ctx)
            # the first finding of the module carries the whole change (one client for all)
            edits = () if ctx.state.get(_FIX_CARRIED) else config.edits(snippet, ctx)
            ctx.state[_FIX_CARRIED] = True
            ctx.report(
                self, node, snippet=snippet, edits=edits, applicability=Applicability.UNSAFE,
                attr=attr, module=ctx.segment(target.value), notes="".join(f"; {n}" for n in notes),
            )

    def applies(self, attr: str, value: ast.AST, config: _ModuleConfig, ctx: Context) -> bool:
        return config.is_azure if self.azure_only else True


@register
class OpenAIModuleApiTypeAzure(_ModuleConfigRule):
    code = "AOM303"
    symbol = "openai-module-azure-api-type"
    category = Category.AZURE_OPENAI_CLIENT
    message = (
        "`{module}.{attr}` switches the implicit openai module client to Azure; create an explicit "
        "`OpenAI(base_url=.../openai/v1/, api_key=...)` client{notes}"
    )
    summary = (
        "Flags `openai.api_type = \"azure\"` (or `\"azure_ad\"`), the module-level Azure switch of "
        "openai 0.x and of the openai>=1.0 module client, and shows one explicit client built from "
        "the module's `openai.*` assignments."
    )
    why = (
        "Module-level configuration is global state that the v1 endpoint does not need: one "
        "`OpenAI(base_url=\"https://<resource>.openai.azure.com/openai/v1/\", api_key=...)` client, "
        "passed where it is used, replaces `api_type`, `api_base`/`azure_endpoint`, `api_version` "
        "and `api_key`. With `api_type = \"azure_ad\"`, `api_key` held an Entra token: use a token "
        "provider as `api_key` instead."
    )
    example = (
        "import os\n"
        "import openai\n\n"
        'openai.api_type = "azure"\n'
        'openai.api_base = "https://my-res.openai.azure.com/"\n'
        'openai.api_key = os.environ["AZURE_OPENAI_API_KEY"]\n'
    )
    use_instead = (
        "import os\n"
        "from openai import OpenAI\n\n"
        'client = OpenAI(base_url="https://my-res.openai.azure.com/openai/v1/", api_key=os.environ["AZURE_OPENAI_API_KEY"])\n'
    )
    references = (API_VERSION_LIFECYCLE, "https://github.com/openai/openai-python/discussions/742")
    invalid = (
        "import openai\nopenai.api_type = 'azure'\n",
        "import openai as oa\ndef setup():\n    oa.api_type = 'azure_ad'\n    oa.api_key = token\n",
        "import openai\nAPI_TYPE = 'azure'\nopenai.api_type = API_TYPE\n",
    )
    valid = (
        "import openai\nopenai.api_type = 'open_ai'\n",
        "class Cfg:\n    pass\nopenai = Cfg()\nopenai.api_type = 'azure'\n",
        "import stripe\nstripe.api_type = 'azure'\n",
    )
    attrs = frozenset({"api_type"})

    def applies(self, attr, value, config, ctx) -> bool:
        found = {v.name.lower() for v in ctx.infer(value) if v.kind == "str"}
        return bool(found) and found <= _AZURE_API_TYPES


@register
class OpenAIModuleApiBase(_ModuleConfigRule):
    code = "AOM304"
    symbol = "openai-module-api-base"
    category = Category.AZURE_OPENAI_CLIENT
    message = (
        "`{module}.{attr}` is an openai<1.0 setting that openai>=1.0 silently ignores; create an explicit "
        "`OpenAI(base_url=.../openai/v1/, api_key=...)` client{notes}"
    )
    summary = (
        "Flags `openai.api_base = ...` in a module configured for Azure (`api_type` azure, "
        "`api_version`, `azure_*` settings or an Azure host)."
    )
    why = (
        "`openai.api_base` does not exist in openai>=1.0 (it became `base_url`): the assignment is "
        "ignored and requests go to api.openai.com, or fail for lack of an endpoint. The snippet "
        "builds one explicit client on the resource's `/openai/v1/` endpoint."
    )
    example = (
        "import openai\n\n"
        'openai.api_type = "azure"\n'
        'openai.api_base = "https://my-res.openai.azure.com/"\n'
    )
    use_instead = (
        "import os\n"
        "from openai import OpenAI\n\n"
        'client = OpenAI(base_url="https://my-res.openai.azure.com/openai/v1/", api_key=os.environ["AZURE_OPENAI_API_KEY"])\n'
    )
    references = ("https://github.com/openai/openai-python/discussions/742",)
    invalid = (
        "import openai\nopenai.api_type = 'azure'\nopenai.api_base = os.getenv('AZURE_OPENAI_ENDPOINT')\n",
        "import openai\nopenai.api_base = 'https://r.openai.azure.com/'\n",
        "import openai\nopenai.api_version = '2023-05-15'\nopenai.api_base = endpoint\n",
    )
    valid = (
        "import openai\nopenai.api_base = 'http://localhost:8000/v1'\n",
        "import openai\nopenai.api_base = os.environ['OPENAI_API_BASE']\n",
        "import stripe\nstripe.api_type = 'azure'\nstripe.api_base = 'https://r.openai.azure.com/'\n",
    )
    attrs = frozenset({"api_base"})


@register
class OpenAIModuleAzureSetting(_ModuleConfigRule):
    code = "AOM305"
    symbol = "openai-module-azure-setting"
    category = Category.AZURE_OPENAI_CLIENT
    message = (
        "`{module}.{attr}` configures the implicit Azure module client; create an explicit "
        "`OpenAI(base_url=.../openai/v1/, api_key=...)` client{notes}"
    )
    summary = (
        "Flags `openai.azure_endpoint`, `openai.azure_ad_token_provider` and `openai.azure_ad_token` "
        "assignments (the openai>=1.0 module client in Azure mode)."
    )
    why = (
        "With these set, `openai.chat.completions.create(...)` builds a hidden `AzureOpenAI` client "
        "pinned to `openai.api_version`. One explicit `OpenAI` client on `/openai/v1/`, with the "
        "token provider as `api_key`, replaces them."
    )
    example = (
        "import openai\n"
        "from azure.identity import DefaultAzureCredential, get_bearer_token_provider\n\n"
        'openai.azure_endpoint = "https://my-res.openai.azure.com"\n'
        'openai.azure_ad_token_provider = get_bearer_token_provider(DefaultAzureCredential(), "https://cognitiveservices.azure.com/.default")\n'
    )
    use_instead = (
        "from azure.identity import DefaultAzureCredential, get_bearer_token_provider\n"
        "from openai import OpenAI\n\n"
        "client = OpenAI(\n"
        '    base_url="https://my-res.openai.azure.com/openai/v1/",\n'
        '    api_key=get_bearer_token_provider(DefaultAzureCredential(), "https://cognitiveservices.azure.com/.default"),\n'
        ")\n"
    )
    references = (API_VERSION_LIFECYCLE,)
    azure_only = False
    invalid = (
        "import openai\nopenai.azure_endpoint = 'https://r.openai.azure.com'\n",
        "import openai\nopenai.azure_ad_token_provider = tp\n",
        "import openai\nopenai.azure_ad_token = tok\n",
        # credentials of exclusive branches: one per branch (`key if mode == "key" else provider`)
        "import openai\ndef setup(mode, key, provider):\n    openai.azure_endpoint = 'https://r.openai.azure.com'\n"
        "    if mode == 'key':\n        openai.api_key = key\n    else:\n        openai.azure_ad_token_provider = provider\n",
    )
    valid = (
        "import openai\nopenai.base_url = 'https://r.openai.azure.com/openai/v1/'\n",
        "import mymod\nmymod.azure_endpoint = 'https://r.openai.azure.com'\n",
        "import openai\nopenai.azure_endpoint = None\nopenai.azure_ad_token_provider = None\n",
    )
    attrs = frozenset({"azure_endpoint", "azure_ad_token_provider", "azure_ad_token"})
