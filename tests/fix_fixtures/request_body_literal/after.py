import asyncio
import os
from openai import AsyncOpenAI
from typing import Any


async def ask():

    endpoint = os.environ["AZURE_AI_CHAT_ENDPOINT"]
    key = os.environ["AZURE_AI_CHAT_KEY"]

    async with AsyncOpenAI(base_url=f"{endpoint.rstrip('/')}/openai/v1/", api_key=key) as client:

        request_body: dict[str, Any] = {
            "messages": [
                {
                    "role": "system",
                    "content": "You are an AI assistant. Your replies are short.",
                },
                {"role": "user", "content": "When was the ISS built?"},
                {"role": "assistant", "content": "Between 1998 and 2011."},
                {"role": "user", "content": "And what did it cost?"},
            ],
            "temperature": 0.5,
            "model": "<deployment-name>",
        }

        response = await client.chat.completions.create(**request_body)

        print(response.choices[0].message.content)


if __name__ == "__main__":
    asyncio.run(ask())
