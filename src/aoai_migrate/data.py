"""Dated product data (``aoai_migrate/data/*.toml``), loaded once and cached.

The TOML files hold every date and API version the rules mention, each with its source; code
reads them through these accessors and never repeats the values.

``lifecycle.toml``     azure-ai-inference deprecation/retirement, openai version floors
``api_versions.toml``  api-version shape, known versions, feature -> first api-version table
"""

from __future__ import annotations

import datetime
import functools
import re
import sys
from importlib import resources
from typing import Any, NamedTuple

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib


@functools.lru_cache(maxsize=None)
def load(name: str) -> dict[str, Any]:
    """The parsed ``data/<name>.toml``."""
    text = resources.files("aoai_migrate").joinpath("data").joinpath(f"{name}.toml").read_text("utf-8")
    return tomllib.loads(text)


def source(table: str, key: str) -> str:
    """The full citation behind a short source key of ``data/<table>.toml``."""
    return load(table).get("sources", {}).get(key, key)


# -- lifecycle --------------------------------------------------------------------------------------


class Retirement(NamedTuple):
    date: datetime.date
    majority: bool
    wording: str
    source: str


@functools.lru_cache(maxsize=None)
def inference_retirements() -> tuple[Retirement, ...]:
    """Every documented retirement date of azure-ai-inference, the majority date first."""
    rows = load("lifecycle")["azure_ai_inference"]["retirement"]
    out = [Retirement(r["date"], bool(r.get("majority")), r["wording"], source("lifecycle", r["source"])) for r in rows]
    return tuple(sorted(out, key=lambda r: (not r.majority, r.date)))


def inference_retirement() -> datetime.date:
    """The retirement date most Microsoft Learn pages give."""
    return inference_retirements()[0].date


def inference_info() -> dict[str, Any]:
    """The ``[azure_ai_inference]`` table (last release, default api-version, default scope...)."""
    return load("lifecycle")["azure_ai_inference"]


def inference_default_api_version() -> str:
    return inference_info()["default_api_version"]


@functools.lru_cache(maxsize=None)
def openai_floors() -> dict[str, str]:
    """``need -> minimum openai version``."""
    return {row["need"]: row["minimum"] for row in load("lifecycle").get("openai_floor", [])}


def openai_floor(need_prefix: str) -> str | None:
    """The minimum openai version for the first need starting with ``need_prefix``."""
    for need, minimum in openai_floors().items():
        if need.startswith(need_prefix):
            return minimum
    return None


# -- api versions -----------------------------------------------------------------------------------


class Version(NamedTuple):
    """A parsed api-version literal. ``date`` is ``None`` for the v1 values and ``latest``."""

    raw: str
    date: datetime.date | None
    preview: bool

    @property
    def dated(self) -> bool:
        return self.date is not None


class Feature(NamedTuple):
    id: str
    name: str
    minimum: Version | None
    members: tuple[str, ...]
    on: tuple[str, ...]
    kwargs: tuple[str, ...]
    response_format_types: tuple[str, ...]
    ga_lacking: frozenset[str]
    source: str
    evidence: str


@functools.lru_cache(maxsize=None)
def version_pattern() -> re.Pattern[str]:
    """Any Azure OpenAI api-version literal: dated GA/preview, ``v1``, ``preview``, ``latest``."""
    return re.compile(load("api_versions")["shape"]["pattern"], re.I)


@functools.lru_cache(maxsize=None)
def dated_pattern() -> re.Pattern[str]:
    """Dated versions only: ``YYYY-MM-DD`` and ``YYYY-MM-DD-preview``."""
    return re.compile(load("api_versions")["shape"]["dated"], re.I)


def is_version(text: object, *, dated_only: bool = False) -> bool:
    """``text`` looks like an Azure OpenAI api-version (``dated_only``: a dated one)."""
    if not isinstance(text, str):
        return False
    pattern = dated_pattern() if dated_only else version_pattern()
    return pattern.match(text.strip()) is not None


def v1_values() -> frozenset[str]:
    return frozenset(load("api_versions")["shape"]["v1_values"])


@functools.lru_cache(maxsize=256)
def parse_version(text: str) -> Version | None:
    """A :class:`Version`, or ``None`` when ``text`` is not an api-version literal."""
    if not is_version(text):
        return None
    raw = text.strip()
    match = dated_pattern().match(raw)
    if match is None:
        return Version(raw, None, raw.lower() != "v1")
    try:
        date = datetime.date.fromisoformat(match.group("date"))
    except ValueError:
        return None
    return Version(raw, date, bool(match.group("preview")))


@functools.lru_cache(maxsize=None)
def known_versions() -> dict[str, str]:
    """``version -> status`` ("ga", "preview", "v1") for the versions the sources document."""
    return {row["version"]: row["status"] for row in load("api_versions").get("version", [])}


@functools.lru_cache(maxsize=None)
def features() -> tuple[Feature, ...]:
    """The feature table, rows with a known minimum api-version only."""
    out = []
    for row in load("api_versions").get("feature", []):
        minimum = parse_version(row.get("min_api_version", "")) if row.get("min_api_version") else None
        out.append(
            Feature(
                id=row["id"],
                name=row["name"],
                minimum=minimum,
                members=tuple(row.get("members", ())),
                on=tuple(row.get("on", ())),
                kwargs=tuple(row.get("kwargs", ())),
                response_format_types=tuple(row.get("response_format_types", ())),
                ga_lacking=frozenset(row.get("ga_lacking", ())),
                source=source("api_versions", row.get("source", "unknown")),
                evidence=row.get("evidence", ""),
            )
        )
    return tuple(f for f in out if f.minimum is not None and f.minimum.dated)


def feature(feature_id: str) -> Feature | None:
    for row in features():
        if row.id == feature_id:
            return row
    return None


def lacks(pinned: Version, row: Feature) -> bool:
    """A client pinned to ``pinned`` certainly cannot use ``row``'s feature."""
    if row.minimum is None or row.minimum.date is None or pinned.date is None:
        return False
    if pinned.date < row.minimum.date:
        return True
    return not pinned.preview and pinned.raw in row.ga_lacking
