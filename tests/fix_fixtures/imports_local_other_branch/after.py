"""An embedding client chosen by provider: each branch imports its own class."""
import asyncio


async def embedding_client(provider: str, endpoint: str, key: str | None):
    if provider == "azure_openai":
        from openai import AsyncOpenAI

        if key:
            return AsyncOpenAI(base_url=f"{endpoint.rstrip('/')}/openai/v1/", api_key=key)

        def get_token() -> str:
            return "token"

        return AsyncOpenAI(
            base_url=f"{endpoint.rstrip('/')}/openai/v1/",
            api_key=lambda: asyncio.to_thread(get_token),
        )
    elif provider == "openai":
        from openai import AsyncOpenAI  # binds AsyncOpenAI in the whole function

        return AsyncOpenAI(api_key=key)
    raise ValueError(provider)
