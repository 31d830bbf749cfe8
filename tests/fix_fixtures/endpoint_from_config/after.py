import os

from openai import OpenAI

client = OpenAI(
    base_url=f'{os.environ["AZURE_INFERENCE_ENDPOINT"].rstrip("/")}/openai/v1/',
    api_key=os.environ["AZURE_INFERENCE_CREDENTIAL"],
)
