import os

import openai
from openai import OpenAI

client = OpenAI(
    base_url="https://contoso.openai.azure.com/openai/v1/",
    api_key=os.getenv("AZURE_OPENAI_KEY"),
)


def ask(question):
    response = client.chat.completions.create(
        model="gpt-35-turbo",
        messages=[{"role": "user", "content": question}],
    )
    return response.choices[0].message.content
