import os
from typing import Any, Dict, List

from azure.ai.inference.models import ChatRequestMessage
from openai import OpenAI
from openai.types.chat import ChatCompletionMessageParam


def developer_note(text: str) -> ChatCompletionMessageParam:
    # the base class built from the message dict itself
    return {"role": "developer", "content": text}


def from_keywords(text: str) -> ChatCompletionMessageParam:
    return {"role": "user", "content": text}


def from_record(record: Dict[str, Any]) -> ChatRequestMessage:
    # keys only known at run time: left for a person
    return ChatRequestMessage(record)


def ask(client: OpenAI, text: str) -> str:
    history: List[ChatCompletionMessageParam] = [developer_note("Use metric units."), from_keywords(text)]
    history.append({"role": "user", "content": "And tomorrow?"})
    response = client.chat.completions.create(model="gpt-4o-mini", messages=history)
    return response.choices[0].message.content or ""


client = OpenAI(
    base_url="https://example.openai.azure.com/openai/v1/",
    api_key=os.environ["AZURE_OPENAI_API_KEY"],
)
print(ask(client, "Weather in Paris?"))
print(from_record({"role": "user", "content": "hi"}))
