"""Text embeddings through the Azure AI Inference SDK."""

import os

from azure.ai.inference import EmbeddingsClient
from azure.core.credentials import AzureKeyCredential

client = EmbeddingsClient(
    endpoint="https://contoso.services.ai.azure.com/models",
    credential=AzureKeyCredential(os.environ["AZURE_INFERENCE_CREDENTIAL"]),
)


def main() -> None:
    response = client.embed(
        input=["first phrase", "second phrase"],
        model="text-embedding-3-small",
    )
    for item in response.data:
        print(f"{item.index}: {len(item.embedding)} dimensions, starts {item.embedding[:2]}")
    print(f"{response.usage.prompt_tokens} prompt tokens")


if __name__ == "__main__":
    main()
