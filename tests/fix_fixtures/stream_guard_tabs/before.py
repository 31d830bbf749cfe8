from azure.ai.inference import ChatCompletionsClient


def stream(client: ChatCompletionsClient) -> None:
	response = client.complete(stream=True, messages=[{"role": "user", "content": "Hi"}], model="gpt-4o-mini")
	for chunk in response:
		print(chunk.choices[0].index)
		if chunk.choices:
			print(chunk.choices[0].delta.content)


def last(client: ChatCompletionsClient) -> None:
	for chunk in client.complete(stream=True, messages=[{"role": "user", "content": "Hi"}], model="gpt-4o-mini"):
		print("chunk")
		if chunk.choices:
			print(chunk.choices[0].delta.content)
