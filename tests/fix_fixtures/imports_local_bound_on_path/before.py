"""AsyncOpenAI is local to the function and bound before the Azure branch: nothing to add."""


async def embedding_client(provider: str, endpoint: str, key: str):
    from openai import AsyncAzureOpenAI, AsyncOpenAI

    if provider == "azure_openai":
        return AsyncAzureOpenAI(api_key=key, api_version="2024-06-01", azure_endpoint=endpoint)
    return AsyncOpenAI(api_key=key)
