from openai import OpenAI


def stream(client: OpenAI) -> None:
    response = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": "Hi"}],
        stream=True,
    )
    for chunk in response:
        print("chunk")
        if chunk.choices and chunk.choices[0].delta is not None:
            print(chunk.choices[0].delta.content or "", end="")
        else:
            # no choices: the usage chunk
            print("usage", chunk.usage)
