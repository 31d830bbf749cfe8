"""Clients whose credential is chosen by the caller: a key, a token or a token provider."""

from azure.core.credentials import AzureKeyCredential
from azure.identity import get_bearer_token_provider
from openai import OpenAI, AsyncAzureOpenAI

SCOPE = "https://cognitiveservices.azure.com/.default"


class Assistant:
    """Takes a key string, an AzureKeyCredential or any TokenCredential."""

    def __init__(self, endpoint, credential):
        self.credential = AzureKeyCredential(credential) if isinstance(credential, str) else credential
        self.client = OpenAI(
            base_url=f"{endpoint.rstrip('/')}/openai/v1/",
            api_key=self.credential.key if isinstance(self.credential, AzureKeyCredential) else get_bearer_token_provider(self.credential, "https://cognitiveservices.azure.com/.default"),
        )


def connector(endpoint, api_key=None, ad_token=None, ad_token_provider=None):
    return AsyncAzureOpenAI(
        azure_endpoint=endpoint,
        api_key=api_key,
        azure_ad_token=ad_token,
        azure_ad_token_provider=ad_token_provider,
        api_version="2024-10-21",
    )


def grader_client(endpoint, credential, api_key=None):
    return OpenAI(
        base_url=f"{endpoint.rstrip('/')}/openai/v1/",
        api_key=api_key or get_bearer_token_provider(credential, SCOPE),
    )
