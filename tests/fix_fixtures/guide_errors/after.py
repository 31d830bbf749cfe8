import os
import openai
from openai import OpenAI

client = OpenAI(
    base_url="https://<resource>.services.ai.azure.com/openai/v1/",
    api_key=os.environ["AZURE_INFERENCE_CREDENTIAL"],
)

try:
    response = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": "Hello"}],
    )
except openai.APIStatusError as error:
    print(f"Request failed: {error.status_code}")
    print(f"Error message: {error.message}")
