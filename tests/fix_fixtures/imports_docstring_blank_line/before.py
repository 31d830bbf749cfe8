"""Chat demo."""

from azure.ai.inference import ChatCompletionsClient
from azure.core.credentials import AzureKeyCredential

client = ChatCompletionsClient(endpoint="https://x.services.ai.azure.com/models", credential=AzureKeyCredential("k"))
r = client.complete(messages=[{"role": "user", "content": "hi"}], model="gpt-4o")
print(r.choices[0].message.content)
