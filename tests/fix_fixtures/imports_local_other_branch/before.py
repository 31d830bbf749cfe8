"""An embedding client chosen by provider: each branch imports its own class."""


async def embedding_client(provider: str, endpoint: str, key: str | None):
    if provider == "azure_openai":
        from openai import AsyncAzureOpenAI

        if key:
            return AsyncAzureOpenAI(api_key=key, api_version="2024-06-01", azure_endpoint=endpoint)

        def get_token() -> str:
            return "token"

        return AsyncAzureOpenAI(azure_ad_token_provider=get_token, api_version="2024-06-01", azure_endpoint=endpoint)
    elif provider == "openai":
        from openai import AsyncOpenAI  # binds AsyncOpenAI in the whole function

        return AsyncOpenAI(api_key=key)
    raise ValueError(provider)
