import logging

from openai import OpenAI

log = logging.getLogger(__name__)


def stream(client: OpenAI) -> str:
    response = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": "Hi"}],
        stream=True,
    )
    parts = []
    for update in response:
        log.debug("chunk %s", update.id)
        # count every chunk the service sends
        parts.append("")
        if not update.choices or update.choices[0].delta is None:
            continue  # Azure: prompt-filter chunk, usage chunk, async content-filter annotation
        # the text of this chunk
        print(update.choices[0].delta.content or "", end="")
        parts.append(update.choices[0].delta.content or "")
    return "".join(parts)
