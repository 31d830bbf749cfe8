from azure.ai.inference.aio import EmbeddingsClient


async def embed(client: EmbeddingsClient, texts: list[str]) -> list[list[float]]:
    response = await client.embed(
        input=texts,  # at most 2048 of them
        model="text-embedding-3-small",  # the deployment
        dimensions=256,  # smaller vectors
    )  # noqa: AOM999
    return [item.embedding for item in response.data]
