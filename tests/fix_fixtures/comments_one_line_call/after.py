from openai import OpenAI


def ask(client: OpenAI, question: str) -> str:
    response = client.chat.completions.create(
        model="<deployment-name>",
        messages=[{"role": "user", "content": question}],
        seed=1,  # fixed seed
    )
    return response.choices[0].message.content
