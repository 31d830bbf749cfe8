"""Annotations of a call's result follow that call's fix. The service's client is handed in (in a
real code base, a field of a base class in another module), so nothing here migrates its calls:
the annotations of their results keep their Inference types (also a parameter the result is
passed to), and so does the annotation of a client whose call needs a review. The module's own
client, call and result are migrated."""

from azure.ai.inference import ChatCompletionsClient
from azure.ai.inference.models import ChatCompletions, EmbeddingsResult
from openai import OpenAI
from openai.types.chat import ChatCompletion

local = OpenAI(base_url="https://res.services.ai.azure.com/openai/v1/", api_key="key")


class ChatService:
    def __init__(self, client):
        self.client = client

    def answer(self, messages: list) -> str:
        assert isinstance(self.client, ChatCompletionsClient)
        response: ChatCompletions = self.client.complete(messages=messages, model="gpt-4o-mini")
        return self._text(response)

    def _text(self, response: ChatCompletions) -> str:
        return response.choices[0].message.content or ""

    def vectors(self, texts: list[str]) -> list:
        result: EmbeddingsResult
        result = self.client.embed(input=texts, model="text-embedding-3-small")
        return [item.embedding for item in result.data]


def ask_with(client: ChatCompletionsClient, messages: list, options: dict) -> str:
    # `**options` may hold Inference-only keywords: the call's fix needs a review
    return client.complete(messages=messages, model="gpt-4o-mini", **options).choices[0].message.content or ""


def ask_here(messages: list) -> ChatCompletion:
    return local.chat.completions.create(model="gpt-4o-mini", messages=messages)
