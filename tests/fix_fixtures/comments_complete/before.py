from azure.ai.inference import ChatCompletionsClient
from azure.ai.inference.models import SystemMessage, UserMessage


def summarize(client: ChatCompletionsClient, text: str) -> str:
    response = client.complete(
        # the conversation
        messages=[
            SystemMessage(content="Summarize."),  # the instructions
            UserMessage(content=text),  # the user's text
        ],
        model="gpt-4o-mini",  # the deployment
        model_extras={"seed": 42},  # reproducible
        headers={"x-ms-client-request-id": "summary"},  # for tracing
        params={"trace": "1"},  # type: ignore[arg-type]
        # before the closing parenthesis
    )
    return response.choices[0].message.content
