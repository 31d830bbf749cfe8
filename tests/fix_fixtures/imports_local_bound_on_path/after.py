"""AsyncOpenAI is local to the function and bound before the Azure branch: nothing to add."""


async def embedding_client(provider: str, endpoint: str, key: str):
    from openai import AsyncOpenAI

    if provider == "azure_openai":
        return AsyncOpenAI(base_url=f"{endpoint.rstrip('/')}/openai/v1/", api_key=key)
    return AsyncOpenAI(api_key=key)
