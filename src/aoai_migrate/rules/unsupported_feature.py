"""Rules of the `unsupported-feature` category."""

from __future__ import annotations
