#!/usr/bin/env python
# -*- coding: utf-8 -*-
"""Pre-1.0 module-level Azure settings: the fix adds an import and removes none; the head's
comments and blank lines (CRLF, with a byte-order mark) stay as they are."""

# standard library
import os  # environment

# the SDK
import openai


# settings
openai.api_type = "azure"
openai.api_base = "https://contoso.openai.azure.com/"
openai.api_version = "2023-05-15"
openai.api_key = os.getenv("AZURE_OPENAI_KEY")


def ask(question):
    response = openai.ChatCompletion.create(engine="gpt-35-turbo", messages=[{"role": "user", "content": question}])
    return response.choices[0].message.content
