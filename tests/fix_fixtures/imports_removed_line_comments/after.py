"""Chat with key auth: the comments on the SDK import lines outlive them; pure line pragmas
(noqa, type: ignore, pylint) go with the import they were about."""

from __future__ import annotations

import os  # environment

# noqa: F401 keep for the plugin registry
# key auth for now
from azure.core.exceptions import HttpResponseError  # noqa
from openai import OpenAI

# the client
client = OpenAI(
    base_url="https://contoso.services.ai.azure.com/openai/v1/",
    api_key=os.environ["AZURE_INFERENCE_CREDENTIAL"],
)
response = client.chat.completions.create(
    model="gpt-4o-mini",
    messages=[{"role": "user", "content": "hi"}],
)
print(response.choices[0].message.content)
