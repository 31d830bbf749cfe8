"""Async chat completions with an Entra ID credential; the endpoint comes from the
environment (AZURE_INFERENCE_ENDPOINT=https://<resource>.services.ai.azure.com/models)."""

import asyncio
import os

from azure.ai.inference.aio import ChatCompletionsClient
from azure.ai.inference.models import SystemMessage, UserMessage
from azure.identity.aio import DefaultAzureCredential


async def main() -> None:
    async with DefaultAzureCredential() as credential:
        async with ChatCompletionsClient(
            endpoint=os.environ["AZURE_INFERENCE_ENDPOINT"],
            credential=credential,
            credential_scopes=["https://cognitiveservices.azure.com/.default"],
        ) as client:
            response = await client.complete(
                messages=[
                    SystemMessage(content="You are a helpful assistant."),
                    UserMessage(content="What is Azure AI?"),
                ],
                model="gpt-4o-mini",
            )
            print(response.choices[0].message.content)

            stream = await client.complete(
                stream=True,
                messages=[UserMessage(content="Write a haiku about Azure.")],
                model="gpt-4o-mini",
            )
            async for update in stream:
                if update.choices:
                    print(update.choices[0].delta.content or "", end="")
            print()


if __name__ == "__main__":
    asyncio.run(main())
