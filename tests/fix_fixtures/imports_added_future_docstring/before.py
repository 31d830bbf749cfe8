"""Pre-1.0 module-level Azure settings under a docstring and a __future__ import: the added
import goes after the leading imports, nothing else moves."""
from __future__ import annotations
# the SDK
import openai
# no blank line before the settings
openai.api_type = "azure"
openai.api_base = "https://contoso.openai.azure.com/"
openai.api_version = "2023-05-15"
openai.api_key = "k"
answer = openai.ChatCompletion.create(engine="gpt-35-turbo", messages=[{"role": "user", "content": "hi"}])
