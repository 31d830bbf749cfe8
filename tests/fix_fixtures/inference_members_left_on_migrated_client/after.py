"""Calls a fix cannot migrate stay findings once their client is migrated (AOM606): the raw
request, and `as_dict()` on a part of the migrated call's result."""
from azure.core.rest import HttpRequest
from openai import OpenAI

client = OpenAI(base_url="https://my-res.openai.azure.com/openai/v1/", api_key="key")


def ask(question):
    response = client.chat.completions.create(
        model="gpt-4o",
        messages=[{"role": "user", "content": question}],
    )
    return response.choices[0].message.as_dict()


def raw():
    return client.send_request(HttpRequest("GET", "/info")).json()
