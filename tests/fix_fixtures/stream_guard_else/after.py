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
        print("chunk")
        if chunk.choices:
            print(chunk.choices[0].delta.content or "", end="")
        else:
            # no choices: the usage chunk
            print("usage", chunk.usage)
