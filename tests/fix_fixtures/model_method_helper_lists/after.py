"""Messages built by helpers annotated with Inference types, flattened, then logged."""
import json
from typing import List, Sequence, Union

from openai.types.chat import ChatCompletionSystemMessageParam, ChatCompletionToolMessageParam, ChatCompletionUserMessageParam

AzureMessage = Union[ChatCompletionSystemMessageParam, ChatCompletionUserMessageParam, ChatCompletionToolMessageParam]


def _system(text: str) -> ChatCompletionSystemMessageParam:
    return {"role": "system", "content": text}


def _tool_results(results: List[tuple]) -> Sequence[ChatCompletionToolMessageParam]:
    return [{"role": "tool", "content": content, "tool_call_id": call_id} for call_id, content in results]


def to_azure(kind: str, payload) -> Sequence[AzureMessage]:
    if kind == "system":
        return [_system(payload)]
    if kind == "user":
        return [{"role": "user", "content": payload}]
    return _tool_results(payload)


def log_request(history: List[tuple]) -> str:
    nested = [to_azure(kind, payload) for kind, payload in history]
    azure_messages = [item for sublist in nested for item in sublist]
    for message in azure_messages:
        print(message["role"])
    return json.dumps([m for m in azure_messages])


print(log_request([("system", "Be brief."), ("user", "Hi"), ("tool", [("call_1", "42")])]))
