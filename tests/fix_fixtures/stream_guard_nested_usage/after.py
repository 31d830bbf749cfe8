"""A stream loop whose branch for the usage chunk sits under `if chunk.usage`, and whose text is
read in a function it calls: the whole `if` moves above the guard (it does nothing for a chunk
with choices), so the usage chunk still reaches it."""

from openai import OpenAI


def stream(client: OpenAI) -> None:
    response = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": "Hi"}],
        stream=True, stream_options={"include_usage": True},
    )
    for chunk in response:
        if chunk.usage is not None:
            # the usage chunk has no choices
            if not chunk.choices:
                print("usage", chunk.usage.total_tokens)
                continue
        if not chunk.choices or chunk.choices[0].delta is None:
            continue  # Azure: prompt-filter chunk, usage chunk, async content-filter annotation
        def text() -> str:
            return chunk.choices[0].delta.content or ""

        print(text(), end="")
