"""Rules of the ``inference-sdk`` category: clients."""

from __future__ import annotations
