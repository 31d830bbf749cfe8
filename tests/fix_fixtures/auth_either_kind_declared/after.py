"""An async client whose key or token provider is chosen at run time; the provider factory is
declared with openai's either-kind type (AsyncAzureADTokenProvider), though it returns an async
function."""

from typing import Optional

from azure.core.credentials import AccessToken
from azure.identity.aio import DefaultAzureCredential
from openai import AsyncOpenAI, AsyncAzureOpenAI
from openai.lib.azure import AsyncAzureADTokenProvider


def token_provider(credential: DefaultAzureCredential) -> AsyncAzureADTokenProvider:
    async def provide() -> str:
        token: AccessToken = await credential.get_token("https://cognitiveservices.azure.com/.default")
        return token.token

    return provide


def judge_client(endpoint: str, api_key: Optional[str]) -> AsyncOpenAI:
    return AsyncAzureOpenAI(
        azure_endpoint=endpoint,
        api_key=api_key,
        api_version="2024-10-21",
        azure_ad_token_provider=token_provider(DefaultAzureCredential()) if not api_key else None,
    )


def key_client(endpoint: str, api_key: str) -> AsyncOpenAI:
    return AsyncOpenAI(base_url=f"{endpoint.rstrip('/')}/openai/v1/", api_key=api_key)
