"""Rules of the `auth` category."""

from __future__ import annotations
