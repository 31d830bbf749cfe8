"""Rules of the `azure-openai-client` category."""

from __future__ import annotations
