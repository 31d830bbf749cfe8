import os

from openai import OpenAI

client = OpenAI(  # the chat client
    # the resource's endpoint
    base_url="https://contoso.services.ai.azure.com/openai/v1/",  # from the portal
    api_key=os.environ["AZURE_AI_KEY"],  # rotated monthly
    # default deployment
    # nothing after this
)  # type: ignore[call-arg]


def ask(question: str) -> str:
    response = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": question}],
    )
    return response.choices[0].message.content
