from openai import OpenAI


def stream(client: OpenAI) -> str:
    response = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": "Hi"}],
        stream=True,
    )
    parts = []
    for update in response:
        if not update.choices or update.choices[0].delta is None:
            continue  # Azure: prompt-filter chunk, usage chunk, async content-filter annotation
        parts.append(update.choices[0].delta.content or "")
    return "".join(parts)
