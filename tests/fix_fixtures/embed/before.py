from azure.ai.inference import EmbeddingsClient


def vectors(client: EmbeddingsClient, texts: list[str]) -> list[list[float]]:
    response = client.embed(input=texts, model="text-embedding-3-small", dimensions=256)
    return [item.embedding for item in response.data]
