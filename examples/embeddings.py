"""Text embeddings through the Azure AI Inference SDK (the migration guide's embeddings block)."""

import os

from azure.ai.inference import EmbeddingsClient
from azure.core.credentials import AzureKeyCredential

client = EmbeddingsClient(
    endpoint="https://<resource>.services.ai.azure.com/models",
    credential=AzureKeyCredential(os.environ["AZURE_INFERENCE_CREDENTIAL"]),
)


def main() -> None:
    response = client.embed(
        input=["Your text string goes here"],
        model="text-embedding-3-small"
    )

    embedding = response.data[0].embedding
    print(f"{len(embedding)} dimensions, first values: {embedding[:3]}")


if __name__ == "__main__":
    main()
