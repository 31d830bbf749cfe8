from azure.identity import DefaultAzureCredential
from azure.identity import get_bearer_token_provider
from openai import OpenAI

client = OpenAI(
    base_url="https://contoso.openai.azure.com/openai/v1/",
    api_key=get_bearer_token_provider(DefaultAzureCredential(), "https://cognitiveservices.azure.com/.default"),
)
