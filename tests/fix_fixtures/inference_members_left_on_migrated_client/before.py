"""Calls a fix cannot migrate stay findings once their client is migrated (AOM606): the raw
request, and `as_dict()` on a part of the migrated call's result."""
from azure.ai.inference import ChatCompletionsClient
from azure.core.credentials import AzureKeyCredential
from azure.core.rest import HttpRequest

client = ChatCompletionsClient(
    endpoint="https://my-res.openai.azure.com/", credential=AzureKeyCredential("key"), model="gpt-4o",
)


def ask(question):
    response = client.complete(messages=[{"role": "user", "content": question}])
    return response.choices[0].message.as_dict()


def raw():
    return client.send_request(HttpRequest("GET", "/info")).json()
