"""Client-level defaults: the model and sampling settings given once, on the client
(Azure AI Inference SDK)."""

import os

from azure.ai.inference import ChatCompletionsClient
from azure.ai.inference.models import UserMessage
from azure.core.credentials import AzureKeyCredential

client = ChatCompletionsClient(
    endpoint="https://contoso.services.ai.azure.com/models",
    credential=AzureKeyCredential(os.environ["AZURE_INFERENCE_CREDENTIAL"]),
    model="gpt-4o-mini",
    temperature=0.1,
    max_tokens=100,
)


def main() -> None:
    first = client.complete(messages=[UserMessage(content="Hello!")])
    print(first.choices[0].message.content)
    second = client.complete(messages=[UserMessage(content="And again.")], temperature=0.9)
    print(second.choices[0].message.content)


if __name__ == "__main__":
    main()
