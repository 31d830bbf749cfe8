from azure.ai.inference import ChatCompletionsClient


def stream(client: ChatCompletionsClient) -> None:
    response = client.complete(stream=True, messages=[{"role": "user", "content": "Hi"}], model="gpt-4o-mini")
    for update in response:
        # the Inference SDK dropped chunks without choices
        print(update.choices[0].delta.content or "", end="")
