#!/usr/bin/env python3
# Imports that share their line with other code: only the SDK import goes, with its semicolon.
from openai import OpenAI

import os
import sys  # key auth, then sys

# build the client


client = OpenAI(
    base_url="https://contoso.services.ai.azure.com/openai/v1/",
    api_key=os.environ["KEY"],
)
response = client.chat.completions.create(
    model="gpt-4o-mini",
    messages=[{"role": "user", "content": "hi"}],
)
sys.stdout.write(response.choices[0].message.content)
