"""Streaming with token usage through the Azure AI Inference SDK (``stream_options`` passed
through ``model_extras``): the SDK handed the loop the final usage chunk (no choices, usage set)
and dropped the chunks with neither. Three loops handle the usage chunk in a branch of their
own: an ``else`` of the ``choices`` check (the text read in a function it calls), the
``else`` of ``if not update.choices``, and a branch nested under ``if update.usage``."""

import os

from azure.ai.inference import ChatCompletionsClient
from azure.ai.inference.models import UserMessage
from azure.core.credentials import AzureKeyCredential

client = ChatCompletionsClient(
    endpoint="https://contoso.services.ai.azure.com/models",
    credential=AzureKeyCredential(os.environ["AZURE_INFERENCE_CREDENTIAL"]),
)
USAGE = {"stream_options": {"include_usage": True}}


def stream_with_else() -> None:
    response = client.complete(
        stream=True, messages=[UserMessage(content="Write a poem.")], model="gpt-4o-mini", model_extras=USAGE,
    )
    for update in response:
        def piece() -> str:
            return update.choices[0].delta.content or ""

        if update.choices:
            print(piece(), end="|")
        else:
            # the usage chunk
            print(f"\nusage: {update.usage.total_tokens}")


def stream_with_negative_else() -> None:
    response = client.complete(
        stream=True, messages=[UserMessage(content="Tell me a story.")], model="gpt-4o-mini", model_extras=USAGE,
    )
    for update in response:
        if not update.choices:
            print(f"\nusage: {update.usage.prompt_tokens} in")
        else:
            print(update.choices[0].delta.content or "", end="/")


def stream_with_nested_usage() -> None:
    response = client.complete(
        stream=True, messages=[UserMessage(content="Name three colors.")], model="gpt-4o-mini", model_extras=USAGE,
    )
    parts = []
    for update in response:
        def piece() -> str:
            return update.choices[0].delta.content or ""

        if update.usage is not None:
            # the usage chunk has no choices
            if not update.choices:
                print(f"usage: {update.usage.completion_tokens} out")
                continue
        parts.append(piece())
    print("".join(parts))


if __name__ == "__main__":
    stream_with_else()
    stream_with_negative_else()
    stream_with_nested_usage()
