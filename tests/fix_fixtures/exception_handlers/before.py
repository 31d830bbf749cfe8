from azure.ai.inference import ChatCompletionsClient
from azure.core.exceptions import HttpResponseError, ResourceNotFoundError


def ask(client: ChatCompletionsClient, deployment: str) -> str | None:
    try:
        response = client.complete(messages=[{"role": "user", "content": "Hi"}], model=deployment)
    except ResourceNotFoundError:
        return None
    except HttpResponseError as error:
        if error.status_code == 429:
            return "busy"
        raise
    return response.choices[0].message.content
