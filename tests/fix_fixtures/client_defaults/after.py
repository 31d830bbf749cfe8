from openai import OpenAI

client = OpenAI(base_url="https://contoso.services.ai.azure.com/openai/v1/", api_key=KEY)


def ask(question: str) -> str:
    response = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": question}],
        temperature=0.1,
    )
    return response.choices[0].message.content
