"""A version-pinned AzureOpenAI client (openai>=1.0, dated api-version)."""

import os

from openai import AzureOpenAI

client = AzureOpenAI(
    azure_endpoint="https://contoso.openai.azure.com",
    api_key=os.environ["AZURE_OPENAI_API_KEY"],
    api_version="2024-06-01",
)


def main() -> None:
    completion = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": "What is Azure AI?"}],
    )
    print(completion.choices[0].message.content)
    vectors = client.embeddings.create(model="text-embedding-3-small", input="hello")
    print(len(vectors.data[0].embedding))


if __name__ == "__main__":
    main()
