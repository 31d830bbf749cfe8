"""Messages built by helpers annotated with Inference types, flattened, then logged."""
import json
from typing import List, Sequence, Union

from azure.ai.inference.models import SystemMessage as AzureSystemMessage
from azure.ai.inference.models import ToolMessage as AzureToolMessage
from azure.ai.inference.models import UserMessage as AzureUserMessage

AzureMessage = Union[AzureSystemMessage, AzureUserMessage, AzureToolMessage]


def _system(text: str) -> AzureSystemMessage:
    return AzureSystemMessage(content=text)


def _tool_results(results: List[tuple]) -> Sequence[AzureToolMessage]:
    return [AzureToolMessage(content=content, tool_call_id=call_id) for call_id, content in results]


def to_azure(kind: str, payload) -> Sequence[AzureMessage]:
    if kind == "system":
        return [_system(payload)]
    if kind == "user":
        return [AzureUserMessage(content=payload)]
    return _tool_results(payload)


def log_request(history: List[tuple]) -> str:
    nested = [to_azure(kind, payload) for kind, payload in history]
    azure_messages = [item for sublist in nested for item in sublist]
    for message in azure_messages:
        print(message.as_dict()["role"])
    return json.dumps([m.as_dict() for m in azure_messages])


print(log_request([("system", "Be brief."), ("user", "Hi"), ("tool", [("call_1", "42")])]))
