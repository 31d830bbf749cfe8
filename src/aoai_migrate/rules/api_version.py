"""Rules of the `api-version` category."""

from __future__ import annotations
