"""Migrated content for configuration and dependency files, and the check that it is valid in
its format (the artefact counterpart of ``render.snippets.parses``)."""

from __future__ import annotations

import ast
import io
import json
import sys

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from .pins import TOKEN_PROVIDER_RELEASE, Pin


def check_snippet(text: str, fmt: str) -> bool:
    """Whether ``text`` is valid ``fmt`` (requirements, toml, python, dotenv, json, yaml, bicep)."""
    try:
        if fmt == "requirements":
            from packaging.requirements import Requirement

            for line in text.split("\n"):
                if line.strip() and not line.lstrip().startswith("#"):
                    Requirement(line.strip())
        elif fmt == "toml":
            tomllib.loads(text)
        elif fmt == "python":
            ast.parse(text)
        elif fmt == "dotenv":
            from dotenv.parser import parse_stream

            return not any(binding.error for binding in parse_stream(io.StringIO(text)))
        elif fmt == "json":
            json.loads(text)
        elif fmt in ("yaml", "prompty", "conda"):
            import yaml

            yaml.safe_load(text)
        elif fmt == "bicep":
            return all(line.strip().startswith("//") or not line.strip() for line in text.split("\n"))
        else:
            return False
    except Exception:  # every parser has its own error classes
        return False
    return True


def requirement(pin: Pin, name: str = "openai") -> str:
    """``name`` at the token-provider release or later, keeping the pin's extras, marker and
    upper bounds above that release."""
    from packaging.specifiers import SpecifierSet
    from packaging.version import Version

    kept = [f">={TOKEN_PROVIDER_RELEASE}"]
    if name == pin.name:
        try:
            for clause in SpecifierSet(pin.specifier):
                if clause.operator in ("<", "<=", "!=") and Version(clause.version.removesuffix(".*")) > Version(
                    TOKEN_PROVIDER_RELEASE
                ):
                    kept.append(str(clause))
        except Exception:
            pass
    extras = f"[{','.join(pin.extras)}]" if pin.extras and name == pin.name else ""
    marker = f"; {pin.marker}" if pin.marker else ""
    return f"{name}{extras}{','.join(kept)}{marker}"


def declaration(pin: Pin, name: str = "openai") -> tuple[str, str]:
    """The migrated declaration in the pin's own file format: ``(text, format)``."""
    req = requirement(pin, name)
    if pin.fmt == "poetry":
        spec = req[len(name):].split(";")[0]
        return f'{name} = "{spec}"\n', "toml"
    if pin.fmt == "pep621":
        return f"dependencies = [{json.dumps(req)}]\n", "toml"
    if pin.fmt == "setup.py":
        return f"install_requires=[{json.dumps(req)}]\n", "python"
    if pin.fmt == "conda":
        return f"dependencies:\n  - {req}\n", "yaml"
    if pin.fmt == "conda-pip":
        return f"dependencies:\n  - pip:\n    - {req}\n", "yaml"
    return req + "\n", "requirements"
