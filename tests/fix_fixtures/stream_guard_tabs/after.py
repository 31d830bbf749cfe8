from openai import OpenAI


def stream(client: OpenAI) -> None:
	response = client.chat.completions.create(
	    model="gpt-4o-mini",
	    messages=[{"role": "user", "content": "Hi"}],
	    stream=True,
	)
	for chunk in response:
		if not chunk.choices or chunk.choices[0].delta is None:
			continue  # Azure: prompt-filter chunk, usage chunk, async content-filter annotation
		print(chunk.choices[0].index)
		print(chunk.choices[0].delta.content)


def last(client: OpenAI) -> None:
	for chunk in client.chat.completions.create(
	    model="gpt-4o-mini",
	    messages=[{"role": "user", "content": "Hi"}],
	    stream=True,
	):
		print("chunk")
		if not chunk.choices or chunk.choices[0].delta is None:
			continue  # Azure: prompt-filter chunk, usage chunk, async content-filter annotation
		print(chunk.choices[0].delta.content)
