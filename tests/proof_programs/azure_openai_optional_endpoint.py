"""A version-pinned AzureOpenAI client whose endpoint comes from a settings dict that may hold
None: AzureOpenAI then read AZURE_OPENAI_ENDPOINT."""

import os

from openai import AzureOpenAI

SETTINGS = {
    "endpoint": os.environ.get("CHAT_ENDPOINT"),
    "deployment": "gpt-4o-mini",
}


def main() -> None:
    endpoint = SETTINGS["endpoint"]
    client = AzureOpenAI(
        azure_endpoint=endpoint,
        api_key=os.environ["AZURE_OPENAI_API_KEY"],
        api_version="2024-06-01",
    )
    completion = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": "What is Azure AI?"}],
    )
    print(completion.choices[0].message.content)


if __name__ == "__main__":
    main()
