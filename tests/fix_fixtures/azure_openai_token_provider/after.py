from azure.identity import DefaultAzureCredential, get_bearer_token_provider
from openai import AsyncOpenAI
import azure.identity.aio

token_provider = get_bearer_token_provider(DefaultAzureCredential(), "https://cognitiveservices.azure.com/.default")
client = AsyncOpenAI(
    base_url="https://contoso.openai.azure.com/openai/v1/",
    api_key=azure.identity.aio.get_bearer_token_provider(
        azure.identity.aio.DefaultAzureCredential(),
        "https://cognitiveservices.azure.com/.default",
    ),
)
