"""A helper that accepts Inference message objects or dicts, and a chat call."""

import os

from azure.ai.inference import ChatCompletionsClient
from azure.ai.inference.models import ChatRequestMessage, SystemMessage, UserMessage
from azure.core.credentials import AzureKeyCredential


def normalize(history: list) -> list:
    if history and isinstance(history[0], ChatRequestMessage):
        return [item.as_dict() for item in history]
    return history


def reply(question: str) -> str:
    client = ChatCompletionsClient(
        endpoint=os.environ["CHAT_ENDPOINT"],
        credential=AzureKeyCredential(os.environ["CHAT_KEY"]),
    )
    history = [SystemMessage(content="Answer in one line."), UserMessage(content=question)]
    result = client.complete(messages=normalize(history), model="gpt-4o-mini")
    return result.choices[0].message.content or ""
