"""Async chat completions whose sync Entra ID credential is built once for the whole module and
shared with sync code: it cannot become an azure.identity.aio credential."""

import asyncio

from azure.ai.inference import ChatCompletionsClient as SyncChatCompletionsClient
from azure.ai.inference.aio import ChatCompletionsClient
from azure.ai.inference.models import UserMessage
from azure.identity import DefaultAzureCredential

ENDPOINT = "https://contoso.services.ai.azure.com/models"
SCOPES = ["https://cognitiveservices.azure.com/.default"]

credential = DefaultAzureCredential()


def ask_sync() -> None:
    client = SyncChatCompletionsClient(endpoint=ENDPOINT, credential=credential, credential_scopes=SCOPES)
    response = client.complete(messages=[UserMessage(content="What is Azure AI?")], model="gpt-4o-mini")
    print(response.choices[0].message.content)


async def main() -> None:
    async with ChatCompletionsClient(endpoint=ENDPOINT, credential=credential, credential_scopes=SCOPES) as client:
        response = await client.complete(messages=[UserMessage(content="Write a haiku about Azure.")], model="gpt-4o-mini")
        print(response.choices[0].message.content)


if __name__ == "__main__":
    ask_sync()
    asyncio.run(main())
