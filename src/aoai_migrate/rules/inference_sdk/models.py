"""Rules of the ``inference-sdk`` category: models."""

from __future__ import annotations
