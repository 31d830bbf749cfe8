"""Rules of the `error-handling` category."""

from __future__ import annotations
