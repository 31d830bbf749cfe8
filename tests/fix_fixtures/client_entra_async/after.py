from azure.identity.aio import DefaultAzureCredential
import azure.identity.aio
from openai import AsyncOpenAI


async def embed(texts: list[str]) -> list[list[float]]:
    async with DefaultAzureCredential() as credential:
        async with AsyncOpenAI(
            base_url="https://contoso.services.ai.azure.com/openai/v1/",
            api_key=azure.identity.aio.get_bearer_token_provider(credential, "https://cognitiveservices.azure.com/.default"),
        ) as client:
            response = await client.embeddings.create(model="text-embedding-3-small", input=texts)
            return [item.embedding for item in response.data]
