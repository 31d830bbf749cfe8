"""AzureOpenAI clients whose endpoint may be None: AzureOpenAI then read AZURE_OPENAI_ENDPOINT."""

import os
from typing import Optional

from azure.identity import DefaultAzureCredential, get_bearer_token_provider
from openai import AzureOpenAI


def from_settings() -> AzureOpenAI:
    settings = {
        "azure_endpoint": os.environ.get("AZURE_OPENAI_ENDPOINT"),
        "api_version": os.environ.get("AZURE_API_VERSION"),
    }
    endpoint = settings["azure_endpoint"]
    provider = get_bearer_token_provider(DefaultAzureCredential(), "https://cognitiveservices.azure.com/.default")
    return AzureOpenAI(azure_endpoint=endpoint, api_version="2024-10-21", azure_ad_token_provider=provider)


def from_parameter(endpoint: Optional[str], key: str) -> AzureOpenAI:
    return AzureOpenAI(azure_endpoint=endpoint, api_key=key, api_version="2024-10-21")


def from_environment(key: str) -> AzureOpenAI:
    return AzureOpenAI(azure_endpoint=os.getenv("AZURE_OPENAI_ENDPOINT"), api_key=key, api_version="2024-10-21")


def from_string(endpoint: str, key: str) -> AzureOpenAI:
    return AzureOpenAI(azure_endpoint=endpoint, api_key=key, api_version="2024-10-21")
