"""`if not chunk.choices:` for the usage chunk with an `else` holding every read: the guard
skips what the Inference SDK never passed on (chunks with neither choices nor usage) and the
choices without a delta, so the usage chunk still reaches its branch."""

from openai import OpenAI


def stream(client: OpenAI) -> None:
    response = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": "Hi"}],
        stream=True, stream_options={"include_usage": True},
    )
    for chunk in response:
        if (not chunk.choices and not chunk.usage) or (chunk.choices and chunk.choices[0].delta is None):
            continue  # Azure: prompt-filter chunk, async content-filter annotation
        if not chunk.choices:
            # the usage chunk
            print("usage", chunk.usage.total_tokens)
        else:
            print(chunk.choices[0].delta.content or "", end="")
