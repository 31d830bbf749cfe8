"""Dicts spread into a client construction (``AzureOpenAI(**kwargs)``): inlined when the module
shows what they hold, migrated where the module builds them, else left with a note naming the
keys they must hold."""

from __future__ import annotations

import ast
import dataclasses
from typing import TYPE_CHECKING, Callable, NamedTuple

from .. import known
from ..analysis import dict_flow
from ..semantics import parent_of
from . import blocks, snippets
from .client_targets import ClientTarget
from .endpoints import shorten
from .spreads import OPENAI_KEPT as _OPENAI_KEPT
from .spreads import (
    SourceEdit, VisibleDict, added_keys, additions, built_dict, held_keys, migrate_additions, migrate_built,
    named_keys, reaching_dict, visible_dict,
)

if TYPE_CHECKING:
    from ..engine import Context
    from .migrated_client import MigratedClient

    #: renders the migrated client of a (stand-in) construction
    Render = Callable[[ClientTarget, Context], MigratedClient]


class Spreads(NamedTuple):
    bound: dict[str, ast.AST]
    splats: list[ast.keyword]
    #: a spread whose contents this module does not show is left: invent no base_url/api_key
    opaque: bool
    notes: tuple[str, ...]
    prelude: str
    edits: tuple[SourceEdit, ...] = ()
    review: bool = False


#: what a spread dict must hold instead of the Azure-only keys, per client family
_SPREAD_KEYS = {
    "inference": "base_url (<endpoint>/openai/v1/) and api_key instead of endpoint, credential, credential_scopes",
    "azure-openai": (
        "base_url (<azure_endpoint>/openai/v1/) and api_key instead of azure_endpoint, azure_deployment, "
        "api_version, azure_ad_token(_provider)"
    ),
}


def open_spreads(
    target: ClientTarget, bound: dict[str, ast.AST], splats: list[ast.keyword], ctx: "Context", render: "Render"
) -> Spreads:
    """Read the dicts spread into the construction where this module builds them.

    A dict whose values mean the same at the call is inlined (its entries become keywords);
    one built elsewhere from local names is migrated where it is built (the ``prelude``); any
    other spread stays, and the note says which keys it must hold."""
    bound = dict(bound)
    kept: list[ast.keyword] = []
    notes: list[str] = []
    preludes: list[str] = []
    edits: list[SourceEdit] = []
    review = False
    opaque = False
    for kw in splats:
        text = shorten(ctx.segment(kw.value), 40)
        found = visible_dict(kw.value, ctx)
        if found is not None and found.portable and not (found.entries.keys() & bound.keys()):
            bound.update(found.entries)
            notes.append(f"the entries of `**{text}` are passed directly")
            continue
        kept.append(kw)
        prelude = _migrated_at_source(target, found, kw.value, ctx, render) if found is not None else None
        opaque = True  # what the dict holds is not invented again at the call
        if prelude is not None:
            preludes.append(prelude.text)
            notes.append(f"the dict behind `**{text}` is migrated where it is built")
            notes.extend(prelude.notes)
            edits.extend(prelude.edits)
            review = review or prelude.review
            continue
        changes = _opaque_additions(kw.value, target, ctx)
        rejected, foreign = _rejected_keys(kw.value, target, ctx)
        # a dict known to hold a key OpenAI() refuses: spreading it raises TypeError, so the
        # client is shown, not applied
        review = review or foreign
        if changes is None or not changes.edits:
            refused = _refused_additions(kw.value, target, bound, found, ctx)
            review = review or bool(refused)
            if refused and not foreign:  # the keys it holds are named: no general warning on top
                rejected = ""
            notes.append(f"`**{text}` must hold {_spread_keys(target.family, bound)}{refused}{rejected}")
        else:  # the keys it adds are migrated where they are set (the notes say how)
            notes.append(f"`**{text}` must hold {_spread_keys(target.family, bound)}{rejected}")
            preludes.append("\n".join(e.shown for e in changes.edits))
            notes.extend(changes.notes)
            edits.extend(changes.edits)
            review = review or changes.review
    return Spreads(bound, kept, opaque, tuple(notes), "\n\n".join(preludes), tuple(edits), review)


def _rejected_keys(expr: ast.expr, target: ClientTarget, ctx: "Context") -> tuple[str, bool]:
    """For an Inference client: azure-core ignored keywords it did not know, OpenAI() raises
    TypeError on them. The keys the spread visibly holds that OpenAI() does not take, else that
    it may hold OpenAI() parameters only; the flag says it visibly holds such a key."""
    if target.family != "inference":
        return "", False
    function = _function_of(ctx)
    held = held_keys(expr.id, function, ctx) if isinstance(expr, ast.Name) and function is not None else {}
    foreign = {key: who for key, who in held.items() if key not in _OPENAI_KEPT | {"base_url", "api_key"}}
    if foreign:
        where = ", ".join(f"`{key}` ({who})" for key, who in foreign.items())
        return (f"; it holds {where}: OpenAI() raises TypeError on a key that is not one of its parameters "
                "(azure-core ignored them), keep only OpenAI() parameters in it (no automatic fix)"), True
    return ("; OpenAI() raises TypeError on a key that is not one of its parameters (azure-core ignored "
            "them): it may hold OpenAI() parameters only"), False


def _shared_with_other_classes(target: ClientTarget, ctx: "Context") -> bool:
    """The construction's class is chosen at run time (``cls = AzureOpenAI if azure else
    OpenAI``): a dict edited where it is built would change the other class's arguments too."""
    if target.choice is not None:
        return True
    classes = [v for v in ctx.infer(target.call.func) if v.kind == "qual"]
    return any((info := known.OPENAI_CLIENTS.get(v.name)) is not None and not info[0] for v in classes)


def _function_of(ctx: "Context") -> ast.AST | None:
    scope = ctx.scope
    while scope is not None and scope.kind not in ("function", "module"):
        scope = scope.parent
    return scope.node if scope is not None and scope.kind == "function" else None


def _opaque_additions(expr: ast.expr, target: ClientTarget, ctx: "Context"):
    """For a spread dict this module does not show (a parameter): the keys the function sets
    on it that OpenAI does not take, migrated where they are set (``d["api_version"] = v``
    goes)."""
    function = _function_of(ctx)
    if not isinstance(expr, ast.Name) or function is None or _shared_with_other_classes(target, ctx):
        return None
    found = reaching_dict(expr, ctx)
    if found is None:
        return None
    added = additions(expr.id, function, found)
    if not added:
        return None
    return migrate_additions(expr.id, added, target.family, True, ctx)


#: the keywords that set each part of the migrated client, per family: when the call sets one
#: explicitly, the spread dict must not hold it again
_EXPLICIT = {
    "inference": (("base_url (<endpoint>/openai/v1/)", {"endpoint"}, "base_url"),
                  ("api_key", {"credential"}, "api_key")),
    "azure-openai": (("base_url (<azure_endpoint>/openai/v1/)", {"base_url", "azure_endpoint"}, "base_url"),
                     ("api_key", {"api_key", "azure_ad_token", "azure_ad_token_provider"}, "api_key")),
}


def _spread_keys(family: str, bound: dict[str, ast.AST]) -> str:
    """What a spread dict must hold (and must not), given what the call passes itself."""
    parts = _EXPLICIT[family]
    explicit = [key for _, names, key in parts if bound.keys() & names]
    if not explicit:
        return _SPREAD_KEYS[family]
    needed = [label for label, names, _ in parts if not bound.keys() & names]
    azure_only = _SPREAD_KEYS[family].split(" instead of ", 1)[1]
    refused = f"no {' or '.join(explicit)} (passed here) and none of {azure_only}"
    return f"{' and '.join(needed)}, {refused}" if needed else refused


def _refused_additions(
    expr: ast.expr, target: ClientTarget, bound: dict[str, ast.AST], found: VisibleDict | None, ctx: "Context"
) -> str:
    """The keys the spread dict can hold at the call that the migrated client does not take:
    its literal's (when this function builds it) and those this function sets on it before the
    call (``d["api_version"] = ...``, in flow order), each with its line. Non-empty means
    spreading it into OpenAI() raises TypeError: no automatic fix."""
    explicit = {key for _, names, key in _EXPLICIT[target.family] if bound.keys() & names}
    taken = (_OPENAI_KEPT | {"base_url", "api_key", "default_query"}) - explicit
    held: dict[str, ast.AST] = {}
    if found is not None:
        held.update({key: value for key, value in found.entries.items()})
    else:  # a literal that also spreads another dict: the keys it names itself
        built = built_dict(expr, ctx)
        if built is not None:
            held.update(named_keys(built[0]))
    held.update({key: node for key, node in added_keys(expr, ctx).items() if key not in held})
    refused = [(key, node) for key, node in held.items() if key not in taken]
    if not refused:
        return ""
    where = ", ".join(f"`{key}` (line {node.lineno})" for key, node in refused)  # type: ignore[attr-defined]
    return (f"; at the call it can hold {where}, which OpenAI does not take (TypeError): "
            "migrate the dict where it is built (no automatic fix)")


#: the keys that set a client's endpoint, and its credential (both families)
_ENDPOINT_KEYS = frozenset({"azure_endpoint", "base_url", "endpoint"})
_AUTH_KEYS = frozenset({"api_key", "azure_ad_token", "azure_ad_token_provider", "credential"})


class _AtSource(NamedTuple):
    text: str
    notes: tuple[str, ...]
    edits: tuple[SourceEdit, ...]
    review: bool


def _migrated_at_source(
    target: ClientTarget, found: VisibleDict, spread: ast.expr, ctx: "Context", render: "Render"
) -> _AtSource | None:
    """The statement building the spread dict, with the dict migrated, and the keys set on it
    afterwards (:func:`.spreads.migrate_additions`); ``None`` when that statement is not a plain
    assignment or ``return``, or a key cannot be migrated."""
    literal = found.literal
    stmt = parent_of(literal)
    if not isinstance(stmt, (ast.Assign, ast.AnnAssign, ast.Return)):
        return None
    if found.additions and _shared_with_other_classes(target, ctx):
        return None  # the dict may feed the other class of the choice too
    added = {a.key for a in found.additions}
    if (
        target.family == "azure-openai" and isinstance(spread, ast.Name) and added & _ENDPOINT_KEYS
        and not found.entries.keys() & (_ENDPOINT_KEYS | _AUTH_KEYS)
    ):  # built key by key: each statement setting an Azure key is migrated where it is
        built = migrate_built(spread.id, found, spread, target.is_async, ctx)
        if built is None:
            return None
        review = built.review or _read_after(spread, ctx)
        return _AtSource("\n".join(e.shown for e in built.edits), built.notes, built.edits, review)
    for part, keys in (("endpoint", _ENDPOINT_KEYS), ("auth", _AUTH_KEYS)):
        if added & keys and not found.entries.keys() & keys:
            return None  # the literal alone would get an invented endpoint or key
    fake = ast.Call(func=target.call.func, args=[], keywords=[ast.keyword(arg=k, value=v) for k, v in found.entries.items()])
    ast.copy_location(fake, literal)
    fake.end_lineno, fake.end_col_offset = literal.end_lineno, literal.end_col_offset
    inner = dataclasses.replace(target, call=fake)
    migrated = render(inner, ctx)
    if any(name is None or name == "**" for name, _ in migrated.args):
        return None
    text = snippets.kwargs_dict(migrated.args, ctx.source.indent(stmt.lineno))  # type: ignore[arg-type]
    changes = None
    if found.additions:
        name = stmt.targets[0] if isinstance(stmt, ast.Assign) else getattr(stmt, "target", None)
        if not isinstance(name, ast.Name):
            return None
        token = any(k in found.entries for k in ("azure_ad_token", "azure_ad_token_provider"))
        changes = migrate_additions(name.id, found.additions, target.family, token, ctx)
        if changes is None:
            return None
    edits = [SourceEdit(literal, text, "")]
    notes = migrated.notes
    shared = _read_after(spread, ctx)
    owner = parent_of(stmt)
    if isinstance(stmt, ast.Return) and isinstance(owner, (ast.FunctionDef, ast.AsyncFunctionDef)):
        if len(owner.body) > 12:
            return None
        shown = blocks.statement(ctx.source, owner, [blocks.replace(literal, text)])
    else:
        shown = blocks.statement(ctx.source, stmt, [blocks.replace(literal, text)])
    review = False
    if changes is not None:
        shown = "\n".join([shown, *(e.shown for e in changes.edits)])
        edits.extend(changes.edits)
        notes = notes + changes.notes
        review = changes.review
    return _AtSource(shown, notes, tuple(edits), review or shared)


def _read_after(spread: ast.expr, ctx: "Context") -> bool:
    """The spread dict also goes elsewhere (another client, a return, a call): migrating it
    where it is built changes that use too, so the edits are shown, not applied."""
    function = _function_of(ctx)
    return (
        isinstance(spread, ast.Name) and function is not None
        and dict_flow.shared(spread.id, spread, function)
    )
