from openai import OpenAI


def stream(client: OpenAI) -> int:
    response = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": "Hi"}],
        stream=True,
    )
    chunks = 0
    for update in response:
        if update.choices and update.choices[0].delta is not None:
            # the text of this chunk
            print(update.choices[0].delta.content or "", end="")
        chunks += 1  # every chunk, with or without choices
        print(f"[{chunks}]")
    return chunks


def stream_by_length(client: OpenAI) -> int:
    response = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": "Hi"}],
        stream=True,
    )
    chunks = 0
    for chunk in response:
        if len(chunk.choices) > 0 and chunk.choices[0].delta is not None:
            print(chunk.choices[0].delta.content or "", end="")
        chunks += 1
    return chunks


def stream_text_only(client: OpenAI) -> int:
    response = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": "Hi"}],
        stream=True,
    )
    chunks = 0
    for chunk in response:
        if chunk.choices and chunk.choices[0].delta is not None and chunk.choices[0].delta.content:  # text only
            print(chunk.choices[0].delta.content, end="")
        chunks += 1
    return chunks
