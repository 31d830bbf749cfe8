"""Chat completion with an API key through the Azure AI Inference SDK."""

import os

from azure.ai.inference import ChatCompletionsClient
from azure.ai.inference.models import CompletionsFinishReason, SystemMessage, UserMessage
from azure.core.credentials import AzureKeyCredential

client = ChatCompletionsClient(
    endpoint="https://contoso.services.ai.azure.com/models",
    credential=AzureKeyCredential(os.environ["AZURE_INFERENCE_CREDENTIAL"]),
)


def main() -> None:
    response = client.complete(
        messages=[
            SystemMessage(content="You are a helpful assistant."),
            UserMessage(content="What is Azure AI?"),
        ],
        model="gpt-4o-mini",
        temperature=0.2,
        max_tokens=64,
    )
    choice = response.choices[0]
    print(choice.message.content)
    if choice.finish_reason == CompletionsFinishReason.STOPPED:
        print("finished normally")
    print(f"{response.usage.total_tokens} tokens")


if __name__ == "__main__":
    main()
