from azure.ai.inference import ChatCompletionsClient


def ask(client: ChatCompletionsClient, question: str) -> str:
    response = client.complete(messages=[{"role": "user", "content": question}], model_extras={"seed": 1}  # fixed seed
    )
    return response.choices[0].message.content
