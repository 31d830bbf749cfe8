import openai
from openai import OpenAI


def ask(client: OpenAI, deployment: str) -> str | None:
    try:
        response = client.chat.completions.create(
            model=deployment,
            messages=[{"role": "user", "content": "Hi"}],
        )
    except openai.NotFoundError:
        return None
    except openai.APIStatusError as error:
        if isinstance(error, openai.RateLimitError):
            return "busy"
        raise
    return response.choices[0].message.content
