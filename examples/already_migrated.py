"""Code already on the OpenAI v1 SDK and Azure's ``/openai/v1/`` endpoint: no findings.

The OpenAI v1 blocks of the migration guide, with the streaming loop guarded against Azure's
chunks without choices (the first, prompt-filter chunk and the usage chunk) and against
content-filter annotations without a delta.
"""

import asyncio
import os

from azure.identity import DefaultAzureCredential, get_bearer_token_provider
from openai import APIError, AsyncOpenAI, OpenAI, OpenAIError, RateLimitError

BASE_URL = "https://<resource>.openai.azure.com/openai/v1/"

client = OpenAI(
    api_key=os.getenv("AZURE_OPENAI_API_KEY"),
    base_url=BASE_URL,
)

token_provider = get_bearer_token_provider(
    DefaultAzureCredential(),
    "https://cognitiveservices.azure.com/.default"
)

keyless_client = OpenAI(
    base_url=BASE_URL,
    api_key=token_provider,
)


def responses_api() -> None:
    response = client.responses.create(
        model="gpt-4o-mini",  # Your deployment name
        input="This is a test.",
    )

    print(response.model_dump_json(indent=2))


def chat() -> None:
    completion = keyless_client.chat.completions.create(
        model="gpt-4o-mini",  # Required: your deployment name
        messages=[
            {"role": "system", "content": "You are a helpful assistant."},
            {"role": "user", "content": "What is Azure AI?"}
        ]
    )

    print(completion.choices[0].message.content)


def stream() -> None:
    stream = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[
            {"role": "system", "content": "You are a helpful assistant."},
            {"role": "user", "content": "Write a poem about Azure."}
        ],
        stream=True
    )

    for chunk in stream:
        if not chunk.choices:
            continue  # Azure's prompt-filter chunk, or the usage chunk
        delta = chunk.choices[0].delta
        if delta and delta.content:
            print(delta.content, end="")
    print()


def embeddings() -> None:
    response = client.embeddings.create(
        input="Your text string goes here",
        model="text-embedding-3-small"  # Your deployment name
    )

    embedding = response.data[0].embedding
    print(len(embedding))


def image() -> None:
    response = client.images.generate(
        model="dall-e-3",  # Your deployment name
        prompt="a happy monkey eating a banana, in watercolor",
        size="1024x1024",
        quality="standard",
        n=1
    )

    image_url = response.data[0].url
    print(f"Generated image available at: {image_url}")


def errors() -> None:
    try:
        completion = client.chat.completions.create(
            model="gpt-4o-mini",
            messages=[{"role": "user", "content": "Hello"}]
        )
        print(completion.choices[0].message.content)
    except RateLimitError as e:
        print(f"Rate limit exceeded: {e}")
    except APIError as e:
        print(f"API error: {e}")
    except OpenAIError as e:
        print(f"OpenAI error: {e}")


async def async_chat() -> None:
    from azure.identity.aio import DefaultAzureCredential as AsyncDefaultAzureCredential
    from azure.identity.aio import get_bearer_token_provider as get_async_bearer_token_provider

    async with AsyncDefaultAzureCredential() as credential:
        async_client = AsyncOpenAI(
            base_url=BASE_URL,
            api_key=get_async_bearer_token_provider(
                credential, "https://cognitiveservices.azure.com/.default"
            ),
        )
        completion = await async_client.chat.completions.create(
            model="gpt-4o-mini",
            messages=[{"role": "user", "content": "What is Azure AI?"}],
        )
        print(completion.choices[0].message.content)
        await async_client.close()


if __name__ == "__main__":
    responses_api()
    chat()
    stream()
    embeddings()
    image()
    errors()
    asyncio.run(async_chat())
