from azure.ai.inference import ChatCompletionsClient


def stream(client: ChatCompletionsClient) -> None:
    response = client.complete(stream=True, messages=[{"role": "user", "content": "Hi"}], model="gpt-4o-mini")
    for chunk in response:
        if not chunk.choices:
            continue
        print(chunk.choices[0].delta.content or "", end="")


def stream_with_usage(client: ChatCompletionsClient) -> None:
    response = client.complete(stream=True, messages=[{"role": "user", "content": "Hi"}], model="gpt-4o-mini")
    for chunk in response:
        print("chunk")
        if len(chunk.choices) == 0:
            # the usage chunk
            print("usage", chunk.usage)
            continue
        print(chunk.choices[0].delta.content or "", end="")
