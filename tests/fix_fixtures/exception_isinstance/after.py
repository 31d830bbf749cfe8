import os

import openai
from openai import OpenAI

client = OpenAI(
    base_url="https://contoso.openai.azure.com/openai/v1/",
    api_key=os.environ["AZURE_OPENAI_KEY"],
)


def ask(messages):
    try:
        return client.chat.completions.create(model="gpt-4o-mini", messages=messages)
    except Exception as error:  # one broad handler, branches by class
        if isinstance(error, openai.APIStatusError) and isinstance(error, openai.RateLimitError):
            print("throttled, retry later:", error.response.reason_phrase)
            return None
        if isinstance(error, (openai.APIConnectionError, KeyError)):
            print("could not reach the service")
            return None
        raise
