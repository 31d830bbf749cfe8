from azure.identity import get_bearer_token_provider, DefaultAzureCredential
from openai import OpenAI

client = OpenAI(
    base_url="https://contoso.openai.azure.com/openai/v1/",
    api_key=get_bearer_token_provider(DefaultAzureCredential(), "https://cognitiveservices.azure.com/.default"),
)
