"""Rules of the `missing-model` category."""

from __future__ import annotations
