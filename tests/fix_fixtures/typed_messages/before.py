import os
from typing import List, Union

from azure.ai.inference import ChatCompletionsClient
from azure.ai.inference.models import (
    AssistantMessage,
    ChatCompletionsToolDefinition,
    ChatRequestMessage,
    ContentItem,
    FunctionDefinition,
    SystemMessage,
    TextContentItem,
    ToolMessage,
    UserMessage,
)
from azure.core.credentials import AzureKeyCredential

Message = Union[SystemMessage, UserMessage]

lookup = ChatCompletionsToolDefinition(
    function=FunctionDefinition(
        name="lookup",
        parameters={"type": "object", "properties": {"city": {"type": "string"}}},
    )
)


def system_prompt(text: str) -> SystemMessage:
    return SystemMessage(content=text)


def question(text: str) -> UserMessage:
    parts: List[ContentItem] = []
    parts.append(TextContentItem(text=text))
    return UserMessage(content=parts)


def ask(client: ChatCompletionsClient, text: str) -> str:
    history: List[ChatRequestMessage] = [system_prompt("Answer briefly."), question(text)]
    response = client.complete(messages=history, tools=[lookup], model="gpt-4o-mini")
    history.append(AssistantMessage(tool_calls=response.choices[0].message.tool_calls))
    history.append(ToolMessage(content="Sunny", tool_call_id="call_1"))
    response = client.complete(messages=history, tools=[lookup], model="gpt-4o-mini")
    return response.choices[0].message.content or ""


def chat(client: ChatCompletionsClient) -> None:
    turns = [SystemMessage("You are a helpful assistant.")]
    turns.append(UserMessage("Hello"))
    answer = client.complete(messages=turns, model="gpt-4o-mini")
    turns.append(AssistantMessage(content=answer.choices[0].message.content))
    log = []
    log.append(UserMessage("Bye"))
    client.complete(messages=log, model="gpt-4o-mini")


client = ChatCompletionsClient(
    endpoint="https://example.openai.azure.com/openai/v1",
    credential=AzureKeyCredential(os.environ["AZURE_OPENAI_API_KEY"]),
)
print(ask(client, "Weather in Paris?"))
chat(client)
