"""Clients whose credential is chosen by the caller: a key, a token or a token provider."""
from azure.core.credentials import AzureKeyCredential
from azure.identity import get_bearer_token_provider
from openai import AsyncOpenAI, OpenAI

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
    return AsyncOpenAI(
        base_url=f"{endpoint.rstrip('/')}/openai/v1/",
        api_key=api_key or ad_token or ad_token_provider,
    )


def grader_client(endpoint, credential, api_key=None):
    return OpenAI(
        base_url=f"{endpoint.rstrip('/')}/openai/v1/",
        api_key=api_key or get_bearer_token_provider(credential, SCOPE),
    )
