#!/usr/bin/env python
# -*- coding: utf-8 -*-
"""Chat demo: the comments, blank lines and __future__ import around the SDK imports stay."""

from __future__ import annotations

# the SDK
# key auth
from openai import OpenAI

client = OpenAI(base_url="https://x.services.ai.azure.com/openai/v1/", api_key="k")
r = client.chat.completions.create(
    model="gpt-4o",
    messages=[{"role": "user", "content": "hi"}],
)
print(r.choices[0].message.content)
