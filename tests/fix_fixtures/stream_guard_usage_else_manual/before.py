"""A stream loop that reads the chunk before its branch for the usage chunk, a branch with an
`else`: it cannot move above a guard as it is, and a guard on top would skip the usage chunk,
so the finding stays for a person (its message says why)."""

from azure.ai.inference import ChatCompletionsClient


def stream(client: ChatCompletionsClient) -> None:
    response = client.complete(stream=True, messages=[{"role": "user", "content": "Hi"}], model="gpt-4o-mini")
    for chunk in response:
        text = chunk.choices[0].delta.content or ""
        if not chunk.choices:
            print("usage", chunk.usage.total_tokens)
        else:
            print(text, end="")
