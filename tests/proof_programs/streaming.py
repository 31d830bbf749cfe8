"""Streaming chat completions through the Azure AI Inference SDK: a guarded loop (the
migration guide's), an unguarded one (as the SDK's own tool-streaming sample writes it) and one
that reads the chunk outside its own `if update.choices:` (before it, in a function it calls)."""

import os

from azure.ai.inference import ChatCompletionsClient
from azure.ai.inference.models import SystemMessage, UserMessage
from azure.core.credentials import AzureKeyCredential

client = ChatCompletionsClient(
    endpoint="https://contoso.services.ai.azure.com/models",
    credential=AzureKeyCredential(os.environ["AZURE_INFERENCE_CREDENTIAL"]),
)


def stream_poem() -> None:
    response = client.complete(
        stream=True,
        messages=[
            SystemMessage(content="You are a helpful assistant."),
            UserMessage(content="Write a poem about Azure."),
        ],
        model="gpt-4o-mini",
    )
    for update in response:
        if update.choices:
            print(update.choices[0].delta.content or "", end="")
    print()


def stream_story() -> str:
    response = client.complete(
        stream=True,
        messages=[UserMessage(content="Tell me a short story about a cloud.")],
        model="gpt-4o-mini",
    )
    parts = []
    for update in response:
        content = update.choices[0].delta.content
        if content:
            parts.append(content)
    return "".join(parts)


def stream_colors() -> str:
    response = client.complete(
        stream=True,
        messages=[UserMessage(content="Name three colors.")],
        model="gpt-4o-mini",
    )
    parts = []
    stopped = False
    for update in response:
        def text() -> str:
            return update.choices[0].delta.content or ""

        stopped = stopped or update.choices[0].finish_reason == "stop"
        if update.choices:
            # the text of this chunk
            parts.append(text())
    return f"{''.join(parts)} (stopped: {stopped})"


if __name__ == "__main__":
    stream_poem()
    print(stream_story())
    print(stream_colors())
