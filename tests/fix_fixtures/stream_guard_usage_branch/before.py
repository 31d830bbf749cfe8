"""A stream loop that reads the chunk before its own branch for chunks without choices (Azure's
final usage chunk): the branch moves above the guard, so it still runs."""

from azure.ai.inference import ChatCompletionsClient


def stream(client: ChatCompletionsClient) -> None:
    response = client.complete(stream=True, messages=[{"role": "user", "content": "Hi"}], model="gpt-4o-mini")
    for chunk in response:
        text = chunk.choices[0].delta.content or ""
        # the final chunk carries the usage
        if not chunk.choices:
            if chunk.usage:  # the prompt-filter chunk has none
                print("usage", chunk.usage.total_tokens)
            continue
        print(text, end="")
