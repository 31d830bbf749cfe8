from openai import OpenAI


def stream(client: OpenAI) -> None:
    response = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": "Hi"}],
        stream=True,
    )
    for update in response:
        # the Inference SDK dropped chunks without choices
        if not update.choices or update.choices[0].delta is None:
            continue  # Azure: prompt-filter chunk, usage chunk, async content-filter annotation
        print(update.choices[0].delta.content or "", end="")
