# -*- coding: utf-8 -*-
"""Windows line endings and a byte-order mark: both stay, and every line the fix does not edit."""

# SDK imports
from azure.ai.inference import ChatCompletionsClient  # the client
from azure.core.credentials import AzureKeyCredential

# configuration


client = ChatCompletionsClient(endpoint="https://contoso.services.ai.azure.com/models", credential=AzureKeyCredential("k"))
response = client.complete(messages=[{"role": "user", "content": "hi"}], model="gpt-4o-mini")
print(response.choices[0].message.content)  # done
