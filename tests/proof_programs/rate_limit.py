"""Error handling: a 429 from the service (Azure AI Inference SDK, azure-core exceptions)."""

import os

from azure.ai.inference import ChatCompletionsClient
from azure.ai.inference.models import UserMessage
from azure.core.credentials import AzureKeyCredential
from azure.core.exceptions import HttpResponseError

client = ChatCompletionsClient(
    endpoint="https://contoso.services.ai.azure.com/models",
    credential=AzureKeyCredential(os.environ["AZURE_INFERENCE_CREDENTIAL"]),
)


def ask(question: str) -> str | None:
    try:
        response = client.complete(messages=[UserMessage(content=question)], model="gpt-4o-mini")
    except HttpResponseError as error:
        if error.status_code == 429:
            print("rate limited: try again later")
            return None
        raise
    return response.choices[0].message.content


if __name__ == "__main__":
    print(ask("Hello?"))
