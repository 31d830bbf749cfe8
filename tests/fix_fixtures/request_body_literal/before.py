import asyncio
import os


async def ask():
    from azure.ai.inference.aio import ChatCompletionsClient
    from azure.core.credentials import AzureKeyCredential

    endpoint = os.environ["AZURE_AI_CHAT_ENDPOINT"]
    key = os.environ["AZURE_AI_CHAT_KEY"]

    async with ChatCompletionsClient(endpoint=endpoint, credential=AzureKeyCredential(key)) as client:

        request_body = {
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
        }

        response = await client.complete(request_body)

        print(response.choices[0].message.content)


if __name__ == "__main__":
    asyncio.run(ask())
