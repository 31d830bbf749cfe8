from openai.types.chat import ChatCompletionMessageParam, ChatCompletionToolParam

weather: ChatCompletionToolParam = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Current weather of a city",
        "parameters": {"type": "object", "properties": {"city": {"type": "string"}}},
    },
}

history: list[ChatCompletionMessageParam] = [{"role": "system", "content": "You answer questions about the weather."}]
history.append({"role": "user", "content": "Weather in Paris?"})
history.append({"role": "tool", "content": "Sunny", "tool_call_id": "call_1"})
