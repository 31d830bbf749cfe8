"""Chat through the Azure AI Inference SDK (deprecated)."""

import os

from azure.ai.inference import ChatCompletionsClient
from azure.ai.inference.models import SystemMessage, UserMessage
from azure.core.credentials import AzureKeyCredential

client = ChatCompletionsClient(
    endpoint=os.environ["AZURE_INFERENCE_ENDPOINT"],
    credential=AzureKeyCredential(os.environ["AZURE_INFERENCE_CREDENTIAL"]),
)


def ask(question: str) -> str:
    response = client.complete(
        messages=[SystemMessage("You are terse."), UserMessage(question)],
        model="gpt-4o-mini",
    )
    return response.choices[0].message.content
