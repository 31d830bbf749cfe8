"""Pre-1.0 module-level Azure settings under a docstring and a __future__ import: the added
import goes after the leading imports, nothing else moves."""
from __future__ import annotations
# the SDK
import openai
from openai import OpenAI

# no blank line before the settings
client = OpenAI(base_url="https://contoso.openai.azure.com/openai/v1/", api_key="k")
answer = client.chat.completions.create(
    model="gpt-35-turbo",
    messages=[{"role": "user", "content": "hi"}],
)
