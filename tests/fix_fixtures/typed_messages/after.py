import os
from typing import List, Union

from openai import OpenAI
from openai.types.chat import ChatCompletionContentPartParam, ChatCompletionMessageParam, ChatCompletionSystemMessageParam, ChatCompletionToolParam, ChatCompletionUserMessageParam

Message = Union[ChatCompletionSystemMessageParam, ChatCompletionUserMessageParam]

lookup: ChatCompletionToolParam = {
    "type": "function",
    "function": {
        "name": "lookup",
        "parameters": {"type": "object", "properties": {"city": {"type": "string"}}},
    },
}


def system_prompt(text: str) -> ChatCompletionSystemMessageParam:
    return {"role": "system", "content": text}


def question(text: str) -> ChatCompletionUserMessageParam:
    parts: List[ChatCompletionContentPartParam] = []
    parts.append({"type": "text", "text": text})
    return {"role": "user", "content": parts}


def ask(client: OpenAI, text: str) -> str:
    history: List[ChatCompletionMessageParam] = [system_prompt("Answer briefly."), question(text)]
    response = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=history,
        tools=[lookup],
    )
    history.append({"role": "assistant", "tool_calls": [{"id": tool_call.id, "type": "function", "function": {"name": tool_call.function.name, "arguments": tool_call.function.arguments}} for tool_call in response.choices[0].message.tool_calls or [] if tool_call.type == "function"]})
    history.append({"role": "tool", "content": "Sunny", "tool_call_id": "call_1"})
    response = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=history,
        tools=[lookup],
    )
    return response.choices[0].message.content or ""


def chat(client: OpenAI) -> None:
    turns: list[ChatCompletionMessageParam] = [{"role": "system", "content": "You are a helpful assistant."}]
    turns.append({"role": "user", "content": "Hello"})
    answer = client.chat.completions.create(model="gpt-4o-mini", messages=turns)
    turns.append({"role": "assistant", "content": answer.choices[0].message.content})
    log: list[ChatCompletionMessageParam] = []
    log.append({"role": "user", "content": "Bye"})
    client.chat.completions.create(model="gpt-4o-mini", messages=log)


client = OpenAI(
    base_url="https://example.openai.azure.com/openai/v1/",
    api_key=os.environ["AZURE_OPENAI_API_KEY"],
)
print(ask(client, "Weather in Paris?"))
chat(client)
