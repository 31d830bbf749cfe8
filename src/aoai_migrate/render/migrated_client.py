"""The migrated OpenAI v1 client of a construction (:class:`MigratedClient`): its call, the
snippet with the client-level defaults moved off it, and whether replacing the construction
keeps the program's behaviour."""

from __future__ import annotations

import ast
import dataclasses
from typing import TYPE_CHECKING

from ..model import Applicability
from ..semantics import parent_of
from . import snippets
from .client_targets import ClientTarget
from .credentials import ApiKey
from .endpoints import BaseUrl, receiver
from .spreads import SourceEdit

if TYPE_CHECKING:
    from ..engine import Context


#: ``BaseUrl.kind`` values whose ``base_url`` reaches the same resource's v1 endpoint
_SAFE_BASE_URLS = frozenset({"foundry", "aoai", "v1", "env", "expression"})
#: ``ApiKey.kind`` values that authenticate the same way as the original client
_SAFE_API_KEYS = frozenset({"key", "token", "provider", "env"})


@dataclasses.dataclass(frozen=True)
class MigratedClient:
    """The OpenAI v1 client replacing a construction.

    ``func`` is the callee text (``OpenAI``, ``AsyncOpenAI`` or ``project.get_openai_client``),
    ``args`` the rendered ``(keyword, text)`` arguments, ``defaults`` the per-call defaults that
    moved off the client, ``deployment`` the source text of the deployment (``model=``) if known.
    """

    target: ClientTarget
    func: str
    args: tuple[tuple[str | None, str], ...]
    base_url: BaseUrl | None
    api_key: ApiKey | None
    defaults: tuple[tuple[str, str], ...] = ()
    deployment: str | None = None
    notes: tuple[str, ...] = ()
    #: statements shown before the client: a spread dict migrated where the module builds it
    prelude: str = ""
    #: the edits of the user's code that migrate those dicts where they are built (the fix
    #: applies them with the client's replacement)
    source_edits: tuple[SourceEdit, ...] = ()
    #: one of those edits needs a person's review (a credential set after the literal)
    review: bool = False
    #: the arguments go to code of the user's that must change too (a subclass's ``__init__``)
    manual: bool = False

    def call(self, indent: str = "") -> str:
        return snippets.call(self.func, self.args, indent)

    def defaults_name(self, ctx: "Context") -> str:
        """Where the snippet puts the per-call defaults: ``client_defaults`` for ``client = ...``,
        ``self.client_defaults`` for ``self.client = ...``, else ``chat_defaults`` /
        ``embeddings_defaults``."""
        target = _assigned_target(self.target.call, ctx)
        if isinstance(target, ast.Name):
            return f"{target.id}_defaults"
        if isinstance(target, ast.Attribute):
            return f"{receiver(ctx.segment(target.value))}.{target.attr}_defaults"
        return {"chat": "chat_defaults", "embeddings": "embeddings_defaults"}.get(self.target.kind, "client_defaults")

    def snippet(self, ctx: "Context", indent: str = "") -> str:
        """The call alone, or, with client-level defaults, the assignment of the client plus a
        ``<name>_defaults = {...}`` statement (not a replacement of the call). Call it while the
        engine visits the construction or a node inside it (its ancestors name the variable)."""
        if self.prelude:
            tail = ""
            if self.defaults and self.target.choice is not None:
                tail = f"\n{self.defaults_name(ctx)} = {snippets.kwargs_dict(self.defaults)}\n"
            return f"{self.prelude}\n\n{self.call()}{tail}"
        if not self.defaults:
            return self.call(indent)
        stmt = _statement(self.target.call, ctx)
        call = self.call()
        if stmt is not None:
            call = f"{ctx.segment(stmt.targets[0])} = {call}"
        defaults = snippets.kwargs_dict(self.defaults)
        return f"{call}\n{self.defaults_name(ctx)} = {defaults}\n"

    @property
    def replaceable(self) -> bool:
        """Whether :meth:`call` is an exact replacement of the construction's span."""
        kept_class = self.target.via == "subclass" and self.func != self.target.openai_class
        return (
            not self.defaults and (not self.prelude or bool(self.source_edits))
            and (self.target.via != "subclass" or kept_class)
        )

    @property
    def safe(self) -> bool:
        """Whether replacing the construction by :meth:`call` keeps the program's behaviour: a
        literal endpoint with a documented v1 mapping (or an ``azure_endpoint``, which holds the
        resource root either way), a key or token credential, no defaults or deployment that
        move into the calls, nothing dropped or left to review. Otherwise the fix is unsafe."""
        base, key = self.base_url, self.api_key
        if base is None or key is None or self.target.via not in ("class",) or self.defaults:
            return False
        azure_openai = self.target.family == "azure-openai"
        if base.kind not in _SAFE_BASE_URLS or (base.note and not (azure_openai and base.kind == "env")):
            return False
        if key.kind not in _SAFE_API_KEYS or (key.note and not (azure_openai and key.kind == "env")):
            return False
        if key.kind == "env" and not azure_openai:
            return False
        expected = {n for n in (base.note, key.note) if n}
        return not (set(self.notes) - expected)

    @property
    def applicability(self) -> Applicability:
        """Display-only when no expression is right for every credential the code may pass (a
        provider of unknown kind for an async client), else safe or unsafe (:attr:`safe`)."""
        if (self.api_key is not None and self.api_key.manual) or self.review or self.manual:
            return Applicability.DISPLAY_ONLY
        return Applicability.SAFE if self.safe else Applicability.UNSAFE

    def message_notes(self) -> str:
        """``"; note; note"`` or ``""``: the remarks a one-line message carries."""
        return "".join(f"; {n}" for n in self.notes)


def ancestors(call: ast.Call) -> tuple[ast.AST | None, ast.AST | None]:
    """The parent and grandparent of ``call`` (parent links are set on every analysed node)."""
    parent = parent_of(call)
    return parent, parent_of(parent) if parent is not None else None


def _assigned_target(call: ast.Call, ctx: "Context") -> ast.AST | None:
    """``client`` for ``client = X(...)``, ``self.client = await X(...)``, ``with X(...) as client``."""
    parent, grandparent = ancestors(call)
    value: ast.AST = call
    if isinstance(parent, ast.Await) and parent.value is call:
        value, parent = parent, grandparent
    if isinstance(parent, (ast.Assign, ast.AnnAssign)) and parent.value is value:
        targets = parent.targets if isinstance(parent, ast.Assign) else [parent.target]
        if len(targets) == 1 and isinstance(targets[0], (ast.Name, ast.Attribute)):
            return targets[0]
    elif isinstance(parent, ast.withitem) and parent.context_expr is value:
        if isinstance(parent.optional_vars, (ast.Name, ast.Attribute)):
            return parent.optional_vars
    return None


def _statement(call: ast.Call, ctx: "Context") -> ast.Assign | None:
    parent, grandparent = ancestors(call)
    value: ast.AST = call
    if isinstance(parent, ast.Await) and parent.value is call:
        value, parent = parent, grandparent
    if isinstance(parent, ast.Assign) and parent.value is value and len(parent.targets) == 1:
        return parent
    return None
