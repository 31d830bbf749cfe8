"""Tool calls replayed to the model: FunctionCall's `arguments` is the JSON text of the
arguments and converts; a dict is not one (the Inference class sent it as a JSON object,
json.dumps() would send a string): that one, and the call that holds it, is left for a person."""

import json
import os

from azure.ai.inference.models import (
    AssistantMessage,
    ChatCompletionsToolCall,
    FunctionCall,
    ToolMessage,
    UserMessage,
)
from openai import OpenAI

client = OpenAI(
    base_url="https://contoso.services.ai.azure.com/openai/v1/",
    api_key=os.environ["AZURE_INFERENCE_CREDENTIAL"],
)


def replay_json() -> str | None:
    response = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[
            {"role": "user", "content": "Weather in Paris?"},
            {
                "role": "assistant",
                "tool_calls": [
                    {
                        "type": "function",
                        "id": "call-1",
                        "function": {"name": "weather", "arguments": json.dumps({"city": "Paris"})},
                    }
                ],
            },
            {"role": "tool", "content": "Sunny", "tool_call_id": "call-1"},
        ],
    )
    return response.choices[0].message.content


def replay_dict() -> str | None:
    response = client.complete(
        model="gpt-4o-mini",
        messages=[
            UserMessage("Weather in Paris?"),
            AssistantMessage(
                tool_calls=[
                    ChatCompletionsToolCall(id="call-1", function=FunctionCall(name="weather", arguments={"city": "Paris"}))
                ]
            ),
            ToolMessage("Sunny", tool_call_id="call-1"),
        ],
    )
    return response.choices[0].message.content


call = FunctionCall(name="weather", arguments={"city": "Paris"})
