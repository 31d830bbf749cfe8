from openai import OpenAI


def summarize(client: OpenAI, text: str) -> str:
    response = client.chat.completions.create(
        model="gpt-4o-mini",  # the deployment
        # the conversation
        messages=[
            {"role": "system", "content": "Summarize."},  # the instructions
            {"role": "user", "content": text},  # the user's text
        ],
        seed=42,  # reproducible
        extra_headers={"x-ms-client-request-id": "summary"},  # for tracing
        extra_query={"trace": "1"},  # type: ignore[arg-type]
        # before the closing parenthesis
    )
    return response.choices[0].message.content
