from openai import OpenAI


def stream(client: OpenAI) -> None:
    response = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": "Hi"}],
        stream=True,
    )
    for chunk in response:
        if not chunk.choices or chunk.choices[0].delta is None:
            continue
        print(chunk.choices[0].delta.content or "", end="")


def stream_with_usage(client: OpenAI) -> None:
    response = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": "Hi"}],
        stream=True, stream_options={"include_usage": True},
    )
    for chunk in response:
        print("chunk")
        if len(chunk.choices) == 0:
            # the usage chunk
            print("usage", chunk.usage)
            continue
        if chunk.choices[0].delta is None:
            continue  # Azure: async content-filter annotation
        print(chunk.choices[0].delta.content or "", end="")
