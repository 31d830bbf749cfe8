"""A stream loop that reads the chunk before its branch for the usage chunk, a branch with an
`else`: it cannot move above a guard as it is, and a guard on top would skip the usage chunk,
so the finding stays for a person (its message says why)."""

from openai import OpenAI


def stream(client: OpenAI) -> None:
    response = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": "Hi"}],
        stream=True,
    )
    for chunk in response:
        text = chunk.choices[0].delta.content or ""
        if not chunk.choices:
            print("usage", chunk.usage.total_tokens)
        else:
            print(text, end="")
