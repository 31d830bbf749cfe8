from azure.ai.inference import ChatCompletionsClient
from azure.ai.inference.models import JsonSchemaFormat, SystemMessage, UserMessage


def summarize(client: ChatCompletionsClient, text: str) -> str:
    response = client.complete(
        messages=[SystemMessage(content="Summarize."), UserMessage(content=text)],
        model="gpt-4o-mini",
        response_format=JsonSchemaFormat(name="summary", schema={"type": "object"}, strict=True),
        model_extras={"seed": 42, "safe_prompt": True},
        headers={"x-ms-client-request-id": "summary"},
        params={"trace": "1"},
    )
    return response.choices[0].message.content
