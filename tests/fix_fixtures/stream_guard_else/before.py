from azure.ai.inference import ChatCompletionsClient


def stream(client: ChatCompletionsClient) -> None:
    response = client.complete(stream=True, messages=[{"role": "user", "content": "Hi"}], model="gpt-4o-mini")
    for chunk in response:
        print("chunk")
        if chunk.choices:
            print(chunk.choices[0].delta.content or "", end="")
        else:
            # no choices: the usage chunk
            print("usage", chunk.usage)
