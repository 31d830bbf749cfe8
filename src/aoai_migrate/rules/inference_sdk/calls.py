"""Rules of the ``inference-sdk`` category: calls."""

from __future__ import annotations
