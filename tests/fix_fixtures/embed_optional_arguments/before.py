from azure.ai.inference import EmbeddingsClient
from azure.core.credentials import AzureKeyCredential


class VectorStore:
    def __init__(self, endpoint: str, key: str) -> None:
        self.client = EmbeddingsClient(endpoint=endpoint, credential=AzureKeyCredential(key))

    def vectors(self, chunks, options=None):
        return self.client.embed(
            input=chunks,
            model="text-embedding-3-small",
            dimensions=options.width if options else None,
            encoding_format=None,
            input_type=options.purpose if options else None,
        )
