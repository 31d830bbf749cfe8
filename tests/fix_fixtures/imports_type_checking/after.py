"""A module that imports the client class for annotations only."""

from __future__ import annotations

from typing import TYPE_CHECKING
from openai import OpenAI

if TYPE_CHECKING:  # imports for the type checker
    # the SDK client, for annotations
    pass


# helpers

def ask(client: OpenAI, question: str) -> str:
    response = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": question}],
    )
    return response.choices[0].message.content
