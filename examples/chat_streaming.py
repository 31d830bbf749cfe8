"""Streaming chat completions through the Azure AI Inference SDK.

``stream_poem`` is the migration guide's streaming block. ``stream_story`` indexes
``update.choices[0]`` without a guard, as the official sample
``sample_chat_completions_streaming_with_tools.py`` does: that is safe with the Inference SDK,
which drops updates without choices, but not with the OpenAI SDK on Azure.
"""

import os

from azure.ai.inference import ChatCompletionsClient
from azure.ai.inference.models import SystemMessage, UserMessage
from azure.core.credentials import AzureKeyCredential

client = ChatCompletionsClient(
    endpoint="https://<resource>.services.ai.azure.com/models",
    credential=AzureKeyCredential(os.environ["AZURE_INFERENCE_CREDENTIAL"]),
)


def stream_poem() -> None:
    response = client.complete(
        stream=True,
        messages=[
            SystemMessage(content="You are a helpful assistant."),
            UserMessage(content="Write a poem about Azure."),
        ],
        model="gpt-4o-mini"
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
    response.close()
    return "".join(parts)


if __name__ == "__main__":
    stream_poem()
    print(stream_story())
