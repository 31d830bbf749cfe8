import os
from typing import Any, Dict, List

from azure.ai.inference import ChatCompletionsClient
from azure.ai.inference.models import ChatRequestMessage, UserMessage
from azure.core.credentials import AzureKeyCredential


def developer_note(text: str) -> ChatRequestMessage:
    # the base class built from the message dict itself
    return ChatRequestMessage({"role": "developer", "content": text})


def from_keywords(text: str) -> ChatRequestMessage:
    return ChatRequestMessage(role="user", content=text)


def from_record(record: Dict[str, Any]) -> ChatRequestMessage:
    # keys only known at run time: left for a person
    return ChatRequestMessage(record)


def ask(client: ChatCompletionsClient, text: str) -> str:
    history: List[ChatRequestMessage] = [developer_note("Use metric units."), from_keywords(text)]
    history.append(UserMessage("And tomorrow?"))
    response = client.complete(messages=history, model="gpt-4o-mini")
    return response.choices[0].message.content or ""


client = ChatCompletionsClient(
    endpoint="https://example.openai.azure.com/openai/v1",
    credential=AzureKeyCredential(os.environ["AZURE_OPENAI_API_KEY"]),
)
print(ask(client, "Weather in Paris?"))
print(from_record({"role": "user", "content": "hi"}))
