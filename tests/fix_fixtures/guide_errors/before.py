import os
from azure.ai.inference import ChatCompletionsClient
from azure.core.credentials import AzureKeyCredential

client = ChatCompletionsClient(
    endpoint="https://<resource>.services.ai.azure.com/models",
    credential=AzureKeyCredential(os.environ["AZURE_INFERENCE_CREDENTIAL"]),
)

from azure.core.exceptions import HttpResponseError

try:
    response = client.complete(
        messages=[{"role": "user", "content": "Hello"}],
        model="gpt-4o-mini"
    )
except HttpResponseError as error:
    print(f"Request failed: {error.status_code}")
    print(f"Error message: {error.message}")
