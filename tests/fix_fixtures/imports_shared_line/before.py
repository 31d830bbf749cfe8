#!/usr/bin/env python3
# Imports that share their line with other code: only the SDK import goes, with its semicolon.
import os; from azure.ai.inference import ChatCompletionsClient
from azure.core.credentials import AzureKeyCredential; import sys  # key auth, then sys

# build the client


client = ChatCompletionsClient(endpoint="https://contoso.services.ai.azure.com/models", credential=AzureKeyCredential(os.environ["KEY"]))
response = client.complete(messages=[{"role": "user", "content": "hi"}], model="gpt-4o-mini")
sys.stdout.write(response.choices[0].message.content)
