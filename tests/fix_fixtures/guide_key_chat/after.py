import os
from openai import OpenAI

client = OpenAI(
    base_url="https://<resource>.services.ai.azure.com/openai/v1/",
    api_key=os.environ["AZURE_INFERENCE_CREDENTIAL"],
)

response = client.chat.completions.create(
    model="gpt-4o-mini",  # Optional for single-model endpoints
    messages=[
        {"role": "system", "content": "You are a helpful assistant."},
        {"role": "user", "content": "What is Azure AI?"},
    ],
)

print(response.choices[0].message.content)
