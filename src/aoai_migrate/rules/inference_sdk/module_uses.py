"""What a module reads through its import of a whole Inference module (``import
azure.ai.inference as sdk``, ``import azure.ai.inference.models as m``, ``from azure.ai import
inference``): the names it reaches (``sdk.models.ChatCompletions``), where, and whether it builds
them, so that AOM101 migrates the import to what those reads need and names the reads that no
other finding covers. The per-name table is :mod:`aoai_migrate.render.counterparts`, the same
one the ``from azure.ai.inference.models import ...`` form uses."""

from __future__ import annotations

import ast
import dataclasses
from typing import Sequence

from ... import known
from ...engine import Context
from ...locate import scope_containing
from ...model import Finding
from ...render import counterparts

#: submodules, which are not names of their own
_SUBMODULES = ("models", "aio", "tracing", "prompts")


@dataclasses.dataclass(frozen=True)
class Use:
    module: str
    name: str
    #: the source of the read (``sdk.models.ChatCompletions``)
    label: str
    #: the read, or the call of it when the module calls it
    node: ast.AST
    #: what building it becomes, when that differs from naming it
    built: counterparts.Construction | None = None

    @property
    def shown(self) -> str:
        """How the message and the comments show the read: ``sdk.models.X(response=...)``."""
        if not isinstance(self.node, ast.Call):
            return self.label
        return f"{self.label}({_args(self.node)})"


def uses(bound: str, ctx: Context) -> list[Use]:
    """Every read of an Inference name through ``bound``, in source order."""
    tree = ctx.sem.tree
    calls: dict[int, ast.Call] = {}
    inner: set[int] = set()
    chains: list[ast.Attribute] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            calls[id(node.func)] = node
        elif isinstance(node, ast.Attribute):
            if isinstance(node.value, ast.Attribute):
                inner.add(id(node.value))
            if _root(node) == bound:
                chains.append(node)
    memo: dict = {}
    out: list[Use] = []
    for chain in chains:
        if id(chain) in inner:
            continue
        scope = scope_containing(ctx.sem, chain, memo)
        node: ast.AST = chain
        while isinstance(node, ast.Attribute):
            found = _split(ctx.sem.infer(node, scope))
            if found is not None and found[1] == node.attr:  # m.ChatRole in m.ChatRole.USER
                module, name = found
                call = calls.get(id(node))
                built = (counterparts.construction(module, name, call, ctx.segment)
                         if call is not None else None)
                out.append(Use(module, name, ctx.segment(node), call or node, built))
                break
            node = node.value
    out.sort(key=lambda u: (u.node.lineno, u.node.col_offset))  # type: ignore[attr-defined]
    return out


def name_uses(local: dict[str, tuple[str, str]], ctx: Context) -> list[Use]:
    """Every call of a name ``from azure.ai.inference.models import X`` binds (``local``: the
    bound name -> ``(module, name)``) that building makes different from naming it."""
    memo: dict = {}
    out: list[Use] = []
    for node in ast.walk(ctx.sem.tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in local):
            continue
        module, name = local[node.func.id]
        scope = scope_containing(ctx.sem, node, memo)
        if f"{module}.{name}" not in {v.name for v in ctx.sem.infer(node.func, scope) if v.kind == "qual"}:
            continue  # another thing of the same name
        built = counterparts.construction(module, name, node, ctx.segment)
        if built is not None:
            out.append(Use(module, name, node.func.id, node, built))
    out.sort(key=lambda u: (u.node.lineno, u.node.col_offset))  # type: ignore[attr-defined]
    return out


def plan(found: Sequence[Use]) -> counterparts.ImportPlan:
    """The migrated imports of what ``found`` reads, with a comment for each."""
    entries: dict[tuple[str, str], tuple[str, str, str]] = {}
    for use in found:
        if use.built is None:
            entries.setdefault((use.module, use.name), (use.module, use.name, use.label))
    extra, imports = constructions(found)
    return counterparts.plan_names(entries.values(), extra=extra, imports=imports)


def constructions(found: Sequence[Use]) -> tuple[list[str], list[tuple[str, str]]]:
    """For the built reads of ``found``: a comment for each (what it becomes, or why nothing),
    and the openai names those need."""
    extra: dict[str, None] = {}
    imports: dict[tuple[str, str], None] = {}
    for use in found:
        if use.built is None:
            continue
        target = counterparts.counterpart(use.module, use.name)
        if use.built.code is not None and target is not None and target.module and target.name:
            imports[(target.module, target.name)] = None
            extra[f"{use.shown} -> {_short(use)}: {use.built.note}"] = None
        else:
            extra[f"{use.shown}: {use.built.note}"] = None
    return list(extra), list(imports)


def uncovered(found: Sequence[Use], findings: Sequence[Finding], own: Finding) -> list[Use]:
    """The reads that lie in no other finding's span."""
    spans = [
        ((f.line, f.col - 1), (f.end_line, f.end_col - 1)) for f in findings if f is not own
    ]
    out = []
    for use in found:
        start = (use.node.lineno, use.node.col_offset)  # type: ignore[attr-defined]
        end = (use.node.end_lineno, use.node.end_col_offset)  # type: ignore[attr-defined]
        if not any(s <= start and end <= e for s, e in spans):
            out.append(use)
    return out


def detail(bound: str | None, found: Sequence[Use]) -> str:
    """The message's words for reads no other finding covers: each with its replacement, or
    that it has none and why (``bound``: the module's name they read, ``None`` for the names
    a ``from`` import binds)."""
    if not found:
        return ""
    lines: dict[str, list[int]] = {}
    for use in found:
        lines.setdefault(_what(use), []).append(use.node.lineno)  # type: ignore[attr-defined]
    parts = []
    for what, numbers in lines.items():
        numbers = sorted(set(numbers))
        where = f"line {numbers[0]}" if len(numbers) == 1 else f"lines {', '.join(map(str, numbers))}"
        parts.append(what.replace("{where}", where))
    if bound is None:
        return "; built here, with no finding of their own: " + "; ".join(parts)
    return f"; `{bound}` is also read where no other finding is, and the migrated import does not bind it: " + "; ".join(parts)


def _what(use: Use) -> str:
    if use.built is not None:
        if use.built.code is None:
            return f"`{use.shown}` ({{where}}): {use.built.note}"
        return f"`{use.shown}` ({{where}}) -> `{_short(use)}`: {use.built.note}"
    target = counterparts.counterpart(use.module, use.name)
    if target is None:
        return f"`{use.shown}` ({{where}}): no counterpart known to aoai-migrate"
    if target.name is None:
        return f"`{use.shown}` ({{where}}) -> {target.note}"
    note = f": {target.note}" if target.note else ""
    return f"`{use.shown}` ({{where}}) -> `{target.name}`{note}"


def _root(node: ast.AST) -> str | None:
    while isinstance(node, ast.Attribute):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _split(values) -> tuple[str, str] | None:
    """``(module, name)`` of an Inference name the values hold (``azure.ai.inference.models.X``)."""
    for value in sorted(v.name for v in values if v.kind == "qual"):
        if not known.is_inference_name(value) or value == known.INFERENCE:
            continue
        if value.startswith(known.INFERENCE_MODELS + "."):  # models.X, models._models.X, models.X.MEMBER
            parts = [p for p in value[len(known.INFERENCE_MODELS) + 1:].split(".") if not p.startswith("_")]
            if parts:
                return known.INFERENCE_MODELS, parts[0]
            continue
        module, _, name = value.rpartition(".")
        if module == known.INFERENCE and name in _SUBMODULES:
            continue
        return module, name
    return None


def _args(call: ast.Call) -> str:
    """The arguments of ``call`` in short: keywords by name, a dict literal as ``{...}``."""
    parts = []
    for arg in call.args:
        parts.append("{...}" if isinstance(arg, ast.Dict) else arg.id if isinstance(arg, ast.Name) else "...")
    for keyword in call.keywords:
        parts.append(f"{keyword.arg}=..." if keyword.arg else "**...")
    return ", ".join(parts)


def _short(use: Use) -> str:
    """The replacement of a built use in short, its arguments as :attr:`Use.shown` has them
    (``ChatCompletion.model_validate({...})``)."""
    assert use.built is not None and use.built.code is not None and isinstance(use.node, ast.Call)
    head = use.built.code.partition("(")[0]
    spread = "**" if use.built.code.startswith(head + "(**") else ""
    return f"{head}({spread}{_args(use.node)})"
