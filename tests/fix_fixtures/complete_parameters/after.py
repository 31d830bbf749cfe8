from openai import OpenAI


def summarize(client: OpenAI, text: str) -> str:
    response = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "system", "content": "Summarize."}, {"role": "user", "content": text}],
        response_format={"type": "json_schema", "json_schema": {"name": "summary", "schema": {"type": "object"}, "strict": True}},
        seed=42,
        extra_body={"safe_prompt": True},
        extra_headers={"x-ms-client-request-id": "summary"},
        extra_query={"trace": "1"},
    )
    return response.choices[0].message.content
