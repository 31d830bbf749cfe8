"""A stream loop whose branch for the usage chunk sits under `if chunk.usage`, and whose text is
read in a function it calls: the whole `if` moves above the guard (it does nothing for a chunk
with choices), so the usage chunk still reaches it."""

from azure.ai.inference import ChatCompletionsClient


def stream(client: ChatCompletionsClient) -> None:
    response = client.complete(stream=True, messages=[{"role": "user", "content": "Hi"}], model="gpt-4o-mini")
    for chunk in response:
        def text() -> str:
            return chunk.choices[0].delta.content or ""

        if chunk.usage is not None:
            # the usage chunk has no choices
            if not chunk.choices:
                print("usage", chunk.usage.total_tokens)
                continue
        print(text(), end="")
