# -*- coding: utf-8 -*-
"""Windows line endings and a byte-order mark: both stay, and every line the fix does not edit."""

# SDK imports
# the client
from openai import OpenAI

# configuration


client = OpenAI(base_url="https://contoso.services.ai.azure.com/openai/v1/", api_key="k")
response = client.chat.completions.create(
    model="gpt-4o-mini",
    messages=[{"role": "user", "content": "hi"}],
)
print(response.choices[0].message.content)  # done
