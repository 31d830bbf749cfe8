"""A module that imports the client class for annotations only."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imports for the type checker
    # the SDK client, for annotations
    from azure.ai.inference import ChatCompletionsClient  # noqa: TC004


# helpers

def ask(client: ChatCompletionsClient, question: str) -> str:
    response = client.complete(messages=[{"role": "user", "content": question}], model="gpt-4o-mini")
    return response.choices[0].message.content
