from openai import AsyncOpenAI


async def embed(client: AsyncOpenAI, texts: list[str]) -> list[list[float]]:
    response = await client.embeddings.create(
        model="text-embedding-3-small",  # the deployment
        input=texts,  # at most 2048 of them
        dimensions=256,  # smaller vectors
    )  # noqa: AOM999
    return [item.embedding for item in response.data]
