"""A helper that accepts Inference message objects or dicts, and a chat call."""

import os

from azure.ai.inference.models import ChatRequestMessage
from openai import OpenAI
from openai.types.chat import ChatCompletionMessageParam


def normalize(history: list) -> list:
    if history and isinstance(history[0], ChatRequestMessage):
        return [item.as_dict() for item in history]
    return history


def reply(question: str) -> str:
    client = OpenAI(
        base_url=f'{os.environ["CHAT_ENDPOINT"].rstrip("/")}/openai/v1/',
        api_key=os.environ["CHAT_KEY"],
    )
    history: list[ChatCompletionMessageParam] = [{"role": "system", "content": "Answer in one line."}, {"role": "user", "content": question}]
    result = client.chat.completions.create(model="gpt-4o-mini", messages=normalize(history))
    return result.choices[0].message.content or ""
