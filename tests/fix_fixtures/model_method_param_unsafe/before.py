"""as_dict() on a parameter that other modules may fill with Inference objects."""
import json
from typing import List, Union

from azure.ai.inference.models import SystemMessage, UserMessage

Msg = Union[SystemMessage, UserMessage]


def dump(messages: List[Msg]) -> str:
    return json.dumps([m.as_dict() for m in messages])


print(dump([SystemMessage(content="Be brief."), UserMessage(content="Hi")]))
