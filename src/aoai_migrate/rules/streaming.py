"""Rules of the `streaming` category."""

from __future__ import annotations
