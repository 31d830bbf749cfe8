"""A stream loop that reads the chunk before its own branch for chunks without choices (Azure's
final usage chunk): the branch moves above the guard, so it still runs."""

from openai import OpenAI


def stream(client: OpenAI) -> None:
    response = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": "Hi"}],
        stream=True, stream_options={"include_usage": True},
    )
    for chunk in response:
        if not chunk.choices:
            if chunk.usage:  # the prompt-filter chunk has none
                print("usage", chunk.usage.total_tokens)
            continue
        if not chunk.choices or chunk.choices[0].delta is None:
            continue  # Azure: prompt-filter chunk, usage chunk, async content-filter annotation
        text = chunk.choices[0].delta.content or ""
        # the final chunk carries the usage
        print(text, end="")
