import os

from openai import OpenAI

client = OpenAI(
    base_url="https://contoso.services.ai.azure.com/openai/v1/",
    api_key=os.environ["AZURE_INFERENCE_CREDENTIAL"],
)
