from azure.ai.inference.aio import EmbeddingsClient
from azure.identity.aio import DefaultAzureCredential


async def embed(texts: list[str]) -> list[list[float]]:
    async with DefaultAzureCredential() as credential:
        async with EmbeddingsClient(
            endpoint="https://contoso.services.ai.azure.com/models",
            credential=credential,
            credential_scopes=["https://cognitiveservices.azure.com/.default"],
        ) as client:
            response = await client.embed(input=texts, model="text-embedding-3-small")
            return [item.embedding for item in response.data]
