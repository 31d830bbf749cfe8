"""`if not chunk.choices:` for the usage chunk with an `else` holding every read: the guard
skips what the Inference SDK never passed on (chunks with neither choices nor usage) and the
choices without a delta, so the usage chunk still reaches its branch."""

from azure.ai.inference import ChatCompletionsClient


def stream(client: ChatCompletionsClient) -> None:
    response = client.complete(stream=True, messages=[{"role": "user", "content": "Hi"}], model="gpt-4o-mini")
    for chunk in response:
        if not chunk.choices:
            # the usage chunk
            print("usage", chunk.usage.total_tokens)
        else:
            print(chunk.choices[0].delta.content or "", end="")
