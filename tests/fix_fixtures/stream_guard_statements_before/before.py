import logging

from azure.ai.inference import ChatCompletionsClient

log = logging.getLogger(__name__)


def stream(client: ChatCompletionsClient) -> str:
    response = client.complete(stream=True, messages=[{"role": "user", "content": "Hi"}], model="gpt-4o-mini")
    parts = []
    for update in response:
        log.debug("chunk %s", update.id)
        # count every chunk the service sends
        parts.append("")
        if update.choices:
            # the text of this chunk
            print(update.choices[0].delta.content or "", end="")
            parts.append(update.choices[0].delta.content or "")
    return "".join(parts)
