#!/usr/bin/env python
# -*- coding: utf-8 -*-
"""Chat demo: the comments, blank lines and __future__ import around the SDK imports stay."""

from __future__ import annotations

# the SDK
from azure.ai.inference import ChatCompletionsClient
from azure.core.credentials import AzureKeyCredential  # key auth

client = ChatCompletionsClient(endpoint="https://x.services.ai.azure.com/models", credential=AzureKeyCredential("k"))
r = client.complete(messages=[{"role": "user", "content": "hi"}], model="gpt-4o")
print(r.choices[0].message.content)
