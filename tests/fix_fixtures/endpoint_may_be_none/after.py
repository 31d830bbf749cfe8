"""AzureOpenAI clients whose endpoint may be None: AzureOpenAI then read AZURE_OPENAI_ENDPOINT."""

import os
from typing import Optional

from azure.identity import DefaultAzureCredential, get_bearer_token_provider
from openai import OpenAI


def from_settings() -> OpenAI:
    settings = {
        "azure_endpoint": os.environ.get("AZURE_OPENAI_ENDPOINT"),
        "api_version": os.environ.get("AZURE_API_VERSION"),
    }
    endpoint = settings["azure_endpoint"]
    provider = get_bearer_token_provider(DefaultAzureCredential(), "https://cognitiveservices.azure.com/.default")
    return OpenAI(
        base_url=f'{(endpoint or os.environ["AZURE_OPENAI_ENDPOINT"]).rstrip("/")}/openai/v1/',
        api_key=provider,
    )


def from_parameter(endpoint: Optional[str], key: str) -> OpenAI:
    return OpenAI(
        base_url=f'{(endpoint or os.environ["AZURE_OPENAI_ENDPOINT"]).rstrip("/")}/openai/v1/',
        api_key=key,
    )


def from_environment(key: str) -> OpenAI:
    return OpenAI(
        base_url=f'{os.environ["AZURE_OPENAI_ENDPOINT"].rstrip("/")}/openai/v1/',
        api_key=key,
    )


def from_string(endpoint: str, key: str) -> OpenAI:
    return OpenAI(base_url=f"{endpoint.rstrip('/')}/openai/v1/", api_key=key)
