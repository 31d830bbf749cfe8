from openai import OpenAI


def vectors(client: OpenAI, texts: list[str]) -> list[list[float]]:
    response = client.embeddings.create(
        model="text-embedding-3-small",
        input=texts,
        dimensions=256,
    )
    return [item.embedding for item in response.data]
