"""Stream loops that read the chunk outside their own check of `choices`: before it, after it,
in a function or lambda the loop calls. The guard goes on top of the loop, and the loop's own checks it
makes redundant are taken out (their bodies and comments kept)."""

from azure.ai.inference import ChatCompletionsClient
from azure.ai.inference.aio import ChatCompletionsClient as AsyncChatCompletionsClient


def read_before(client: ChatCompletionsClient) -> str:
    response = client.complete(stream=True, messages=[{"role": "user", "content": "Hi"}], model="gpt-4o-mini")
    parts = []
    for update in response:
        finish = update.choices[0].finish_reason
        if update.choices:
            # the text of this chunk
            parts.append(update.choices[0].delta.content or "")

            print(len(parts))  # progress
        if finish:
            break
    return "".join(parts)


def read_after(client: ChatCompletionsClient) -> int:
    response = client.complete(stream=True, messages=[{"role": "user", "content": "Hi"}], model="gpt-4o-mini")
    count = 0
    for chunk in response:
        if len(chunk.choices) > 0:
            count += len(chunk.choices[0].delta.content or "")
        print(chunk.choices[0].finish_reason)
    return count


def read_in_a_function(client: ChatCompletionsClient) -> str:
    response = client.complete(stream=True, messages=[{"role": "user", "content": "Hi"}], model="gpt-4o-mini")
    parts = []
    for chunk in response:
        def text() -> str:
            return chunk.choices[0].delta.content or ""

        if chunk.choices:
            parts.append(text())
    return "".join(parts)


def continue_after_a_read(client: ChatCompletionsClient) -> str:
    response = client.complete(stream=True, messages=[{"role": "user", "content": "Hi"}], model="gpt-4o-mini")
    parts = []
    for chunk in response:
        print(chunk.choices[0].index)
        if not chunk.choices:
            # nothing to show
            continue  # prompt filter results
        parts.append(chunk.choices[0].delta.content or "")
    return "".join(parts)


def and_more_after_a_read(client: ChatCompletionsClient, verbose: bool) -> str:
    response = client.complete(stream=True, messages=[{"role": "user", "content": "Hi"}], model="gpt-4o-mini")
    parts = []
    for chunk in response:
        print(chunk.choices[0].index)
        if chunk.choices and chunk.choices[0].delta.content:  # text only
            parts.append(chunk.choices[0].delta.content)
        if verbose:
            if chunk.choices:
                print(chunk.choices[0].delta.role)
    return "".join(parts)


def with_an_else(client: ChatCompletionsClient) -> str:
    response = client.complete(stream=True, messages=[{"role": "user", "content": "Hi"}], model="gpt-4o-mini")
    parts = []
    for chunk in response:
        print(chunk.choices[0].index)
        if chunk.choices:
            parts.append(chunk.choices[0].delta.content or "")
        else:
            parts.append("")
    return "".join(parts)


async def read_first_async(client: AsyncChatCompletionsClient) -> str:
    response = await client.complete(stream=True, messages=[{"role": "user", "content": "Hi"}], model="gpt-4o-mini")
    parts = []
    async for chunk in response:
        if chunk.choices:
            parts.append(chunk.choices[0].delta.content or "")
        parts.append(chunk.choices[0].finish_reason or "")
    return "".join(parts)


def header_comment(client: ChatCompletionsClient) -> None:
    for chunk in client.complete(stream=True, messages=[{"role": "user", "content": "Hi"}], model="gpt-4o-mini"):
        print(chunk.choices[0].index)
        if chunk.choices:  # text chunks
            print(chunk.choices[0].delta.content)


def read_in_a_lambda(client: ChatCompletionsClient) -> None:
    for chunk in client.complete(stream=True, messages=[{"role": "user", "content": "Hi"}], model="gpt-4o-mini"):
        text = lambda: chunk.choices[0].delta.content or ""  # noqa: E731
        if chunk.choices:
            print(text())
