"""as_dict() on a parameter that other modules may fill with Inference objects."""
import json
from typing import List, Union

from openai.types.chat import ChatCompletionSystemMessageParam, ChatCompletionUserMessageParam

Msg = Union[ChatCompletionSystemMessageParam, ChatCompletionUserMessageParam]


def dump(messages: List[Msg]) -> str:
    return json.dumps([m for m in messages])


print(dump([{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi"}]))
