from azure.identity import DefaultAzureCredential, get_bearer_token_provider
from openai import AsyncAzureOpenAI

token_provider = get_bearer_token_provider(DefaultAzureCredential(), "https://cognitiveservices.azure.com/.default")
client = AsyncAzureOpenAI(
    azure_endpoint="https://contoso.openai.azure.com/",
    azure_ad_token_provider=token_provider,
    api_version="2025-01-01-preview",
)
