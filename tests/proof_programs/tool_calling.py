"""A tool-calling round trip: the model asks for a function, the program runs it and sends
the result back (Azure AI Inference SDK)."""

import json
import os

from azure.ai.inference import ChatCompletionsClient
from azure.ai.inference.models import (
    AssistantMessage,
    ChatCompletionsToolDefinition,
    CompletionsFinishReason,
    FunctionDefinition,
    SystemMessage,
    ToolMessage,
    UserMessage,
)
from azure.core.credentials import AzureKeyCredential


def get_weather(city: str) -> str:
    return f"Sunny and 22 degrees in {city}"


weather_tool = ChatCompletionsToolDefinition(
    function=FunctionDefinition(
        name="get_weather",
        description="Current weather of a city",
        parameters={
            "type": "object",
            "properties": {"city": {"type": "string"}},
            "required": ["city"],
        },
    )
)

client = ChatCompletionsClient(
    endpoint="https://contoso.services.ai.azure.com/models",
    credential=AzureKeyCredential(os.environ["AZURE_INFERENCE_CREDENTIAL"]),
)


def main() -> None:
    messages = [
        SystemMessage(content="You answer questions about the weather."),
        UserMessage(content="What is the weather in Paris?"),
    ]
    response = client.complete(messages=messages, tools=[weather_tool], model="gpt-4o-mini")
    choice = response.choices[0]
    if choice.finish_reason == CompletionsFinishReason.TOOL_CALLS:
        messages.append(AssistantMessage(tool_calls=choice.message.tool_calls))
        for call in choice.message.tool_calls:
            arguments = json.loads(call.function.arguments)
            result = get_weather(**arguments)
            print(f"{call.function.name}({arguments}) -> {result}")
            messages.append(ToolMessage(content=result, tool_call_id=call.id))
        response = client.complete(messages=messages, tools=[weather_tool], model="gpt-4o-mini")
    print(response.choices[0].message.content)


if __name__ == "__main__":
    main()
