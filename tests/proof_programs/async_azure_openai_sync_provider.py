"""Version-pinned AsyncAzureOpenAI clients with the sync azure.identity token provider, whose
credential also serves a sync client, or which a helper builds from a credential of its own:
AsyncAzureOpenAI called the sync provider inline."""

import asyncio

from azure.identity import DefaultAzureCredential, get_bearer_token_provider
from openai import AsyncAzureOpenAI, AzureOpenAI

credential = DefaultAzureCredential()
token_provider = get_bearer_token_provider(credential, "https://cognitiveservices.azure.com/.default")


def make_token_provider():
    own_credential = DefaultAzureCredential()
    return get_bearer_token_provider(own_credential, "https://cognitiveservices.azure.com/.default")


sync_client = AzureOpenAI(
    azure_endpoint="https://contoso.openai.azure.com",
    azure_ad_token_provider=token_provider,
    api_version="2024-06-01",
)


async def main() -> None:
    client = AsyncAzureOpenAI(
        azure_endpoint="https://contoso.openai.azure.com",
        azure_ad_token_provider=get_bearer_token_provider(credential, "https://cognitiveservices.azure.com/.default"),
        api_version="2024-06-01",
    )
    completion = await client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": "What is Azure AI?"}],
    )
    print(completion.choices[0].message.content)
    provided = AsyncAzureOpenAI(
        azure_endpoint="https://contoso.openai.azure.com",
        azure_ad_token_provider=token_provider,
        api_version="2024-06-01",
    )
    vectors = await provided.embeddings.create(model="text-embedding-3-small", input="hello")
    print(len(vectors.data[0].embedding))
    built = AsyncAzureOpenAI(
        azure_endpoint="https://contoso.openai.azure.com",
        azure_ad_token_provider=make_token_provider(),
        api_version="2024-06-01",
    )
    completion = await built.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": "Write a haiku about Azure."}],
    )
    print(completion.choices[0].message.content)


if __name__ == "__main__":
    completion = sync_client.chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "Hello"}]
    )
    print(completion.choices[0].message.content)
    asyncio.run(main())
