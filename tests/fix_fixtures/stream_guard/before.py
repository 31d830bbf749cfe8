from azure.ai.inference import ChatCompletionsClient


def stream(client: ChatCompletionsClient) -> str:
    response = client.complete(stream=True, messages=[{"role": "user", "content": "Hi"}], model="gpt-4o-mini")
    parts = []
    for update in response:
        if update.choices:
            parts.append(update.choices[0].delta.content or "")
    return "".join(parts)
