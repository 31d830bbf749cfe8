import os
from openai import OpenAI

client = OpenAI(
    base_url="https://<resource>.services.ai.azure.com/openai/v1/",
    api_key=os.environ["AZURE_INFERENCE_CREDENTIAL"],
)

response = client.chat.completions.create(
    model="gpt-4o-mini",
    messages=[
        {"role": "system", "content": "You are a helpful assistant."},
        {"role": "user", "content": "Write a poem about Azure."},
    ],
    stream=True,
)

for update in response:
    if not update.choices or update.choices[0].delta is None:
        continue  # Azure: prompt-filter chunk, usage chunk, async content-filter annotation
    print(update.choices[0].delta.content or "", end="")
