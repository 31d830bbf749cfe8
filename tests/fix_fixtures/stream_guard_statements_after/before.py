from azure.ai.inference import ChatCompletionsClient


def stream(client: ChatCompletionsClient) -> int:
    response = client.complete(stream=True, messages=[{"role": "user", "content": "Hi"}], model="gpt-4o-mini")
    chunks = 0
    for update in response:
        if update.choices:
            # the text of this chunk
            print(update.choices[0].delta.content or "", end="")
        chunks += 1  # every chunk, with or without choices
        print(f"[{chunks}]")
    return chunks


def stream_by_length(client: ChatCompletionsClient) -> int:
    response = client.complete(stream=True, messages=[{"role": "user", "content": "Hi"}], model="gpt-4o-mini")
    chunks = 0
    for chunk in response:
        if len(chunk.choices) > 0:
            print(chunk.choices[0].delta.content or "", end="")
        chunks += 1
    return chunks


def stream_text_only(client: ChatCompletionsClient) -> int:
    response = client.complete(stream=True, messages=[{"role": "user", "content": "Hi"}], model="gpt-4o-mini")
    chunks = 0
    for chunk in response:
        if chunk.choices and chunk.choices[0].delta.content:  # text only
            print(chunk.choices[0].delta.content, end="")
        chunks += 1
    return chunks
