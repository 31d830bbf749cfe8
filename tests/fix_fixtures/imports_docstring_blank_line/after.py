"""Chat demo."""

from openai import OpenAI

client = OpenAI(base_url="https://x.services.ai.azure.com/openai/v1/", api_key="k")
r = client.chat.completions.create(
    model="gpt-4o",
    messages=[{"role": "user", "content": "hi"}],
)
print(r.choices[0].message.content)
