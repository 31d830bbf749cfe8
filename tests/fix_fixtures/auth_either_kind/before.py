"""Clients whose credential is chosen by the caller: a key, a token or a token provider."""

from azure.ai.inference import ChatCompletionsClient
from azure.core.credentials import AzureKeyCredential
from azure.identity import get_bearer_token_provider
from openai import AsyncAzureOpenAI, AzureOpenAI

SCOPE = "https://cognitiveservices.azure.com/.default"


class Assistant:
    """Takes a key string, an AzureKeyCredential or any TokenCredential."""

    def __init__(self, endpoint, credential):
        self.credential = AzureKeyCredential(credential) if isinstance(credential, str) else credential
        self.client = ChatCompletionsClient(endpoint, self.credential)


def connector(endpoint, api_key=None, ad_token=None, ad_token_provider=None):
    return AsyncAzureOpenAI(
        azure_endpoint=endpoint,
        api_key=api_key,
        azure_ad_token=ad_token,
        azure_ad_token_provider=ad_token_provider,
        api_version="2024-10-21",
    )


def grader_client(endpoint, credential, api_key=None):
    return AzureOpenAI(
        azure_endpoint=endpoint,
        api_key=api_key,
        azure_ad_token_provider=get_bearer_token_provider(credential, SCOPE) if not api_key else None,
        api_version="2024-10-21",
    )
