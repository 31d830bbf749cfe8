from azure.ai.inference.models import (
    ChatCompletionsToolDefinition,
    FunctionDefinition,
    SystemMessage,
    ToolMessage,
    UserMessage,
)

weather = ChatCompletionsToolDefinition(
    function=FunctionDefinition(
        name="get_weather",
        description="Current weather of a city",
        parameters={"type": "object", "properties": {"city": {"type": "string"}}},
    )
)

history = [SystemMessage(content="You answer questions about the weather.")]
history.append(UserMessage(content="Weather in Paris?"))
history.append(ToolMessage(content="Sunny", tool_call_id="call_1"))
