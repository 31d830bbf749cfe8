"""Rules of the ``inference-sdk`` category: tracing."""

from __future__ import annotations
