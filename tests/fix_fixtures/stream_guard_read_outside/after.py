"""Stream loops that read the chunk outside their own check of `choices`: before it, after it,
in a function or lambda the loop calls. The guard goes on top of the loop, and the loop's own checks it
makes redundant are taken out (their bodies and comments kept)."""

from openai import AsyncOpenAI, OpenAI


def read_before(client: OpenAI) -> str:
    response = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": "Hi"}],
        stream=True,
    )
    parts = []
    for update in response:
        if not update.choices or update.choices[0].delta is None:
            continue  # Azure: prompt-filter chunk, usage chunk, async content-filter annotation
        finish = update.choices[0].finish_reason
        # the text of this chunk
        parts.append(update.choices[0].delta.content or "")

        print(len(parts))  # progress
        if finish:
            break
    return "".join(parts)


def read_after(client: OpenAI) -> int:
    response = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": "Hi"}],
        stream=True,
    )
    count = 0
    for chunk in response:
        if not chunk.choices or chunk.choices[0].delta is None:
            continue  # Azure: prompt-filter chunk, usage chunk, async content-filter annotation
        count += len(chunk.choices[0].delta.content or "")
        print(chunk.choices[0].finish_reason)
    return count


def read_in_a_function(client: OpenAI) -> str:
    response = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": "Hi"}],
        stream=True,
    )
    parts = []
    for chunk in response:
        if not chunk.choices or chunk.choices[0].delta is None:
            continue  # Azure: prompt-filter chunk, usage chunk, async content-filter annotation
        def text() -> str:
            return chunk.choices[0].delta.content or ""

        parts.append(text())
    return "".join(parts)


def continue_after_a_read(client: OpenAI) -> str:
    response = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": "Hi"}],
        stream=True,
    )
    parts = []
    for chunk in response:
        if not chunk.choices or chunk.choices[0].delta is None:
            continue  # Azure: prompt-filter chunk, usage chunk, async content-filter annotation
        print(chunk.choices[0].index)
        # nothing to show
        # prompt filter results
        parts.append(chunk.choices[0].delta.content or "")
    return "".join(parts)


def and_more_after_a_read(client: OpenAI, verbose: bool) -> str:
    response = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": "Hi"}],
        stream=True,
    )
    parts = []
    for chunk in response:
        if not chunk.choices or chunk.choices[0].delta is None:
            continue  # Azure: prompt-filter chunk, usage chunk, async content-filter annotation
        print(chunk.choices[0].index)
        if chunk.choices[0].delta.content:  # text only
            parts.append(chunk.choices[0].delta.content)
        if verbose:
            print(chunk.choices[0].delta.role)
    return "".join(parts)


def with_an_else(client: OpenAI) -> str:
    response = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": "Hi"}],
        stream=True,
    )
    parts = []
    for chunk in response:
        if not chunk.choices or chunk.choices[0].delta is None:
            continue  # Azure: prompt-filter chunk, usage chunk, async content-filter annotation
        print(chunk.choices[0].index)
        if chunk.choices:
            parts.append(chunk.choices[0].delta.content or "")
        else:
            parts.append("")
    return "".join(parts)


async def read_first_async(client: AsyncOpenAI) -> str:
    response = await client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": "Hi"}],
        stream=True,
    )
    parts = []
    async for chunk in response:
        if not chunk.choices or chunk.choices[0].delta is None:
            continue  # Azure: prompt-filter chunk, usage chunk, async content-filter annotation
        parts.append(chunk.choices[0].delta.content or "")
        parts.append(chunk.choices[0].finish_reason or "")
    return "".join(parts)


def header_comment(client: OpenAI) -> None:
    for chunk in client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": "Hi"}],
        stream=True,
    ):
        if not chunk.choices or chunk.choices[0].delta is None:
            continue  # Azure: prompt-filter chunk, usage chunk, async content-filter annotation
        print(chunk.choices[0].index)
        # text chunks
        print(chunk.choices[0].delta.content)


def read_in_a_lambda(client: OpenAI) -> None:
    for chunk in client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": "Hi"}],
        stream=True,
    ):
        if not chunk.choices or chunk.choices[0].delta is None:
            continue  # Azure: prompt-filter chunk, usage chunk, async content-filter annotation
        text = lambda: chunk.choices[0].delta.content or ""  # noqa: E731
        print(text())
