"""Chat with key auth: the comments on the SDK import lines outlive them; pure line pragmas
(noqa, type: ignore, pylint) go with the import they were about."""

from __future__ import annotations

import os  # environment

from azure.ai.inference import ChatCompletionsClient  # noqa: F401 keep for the plugin registry
from azure.ai.inference.models import UserMessage  # type: ignore[import-untyped]
from azure.core.credentials import AzureKeyCredential  # pylint: disable=unused-import  # key auth for now
from azure.core.exceptions import HttpResponseError  # noqa

# the client
client = ChatCompletionsClient(
    endpoint="https://contoso.services.ai.azure.com/models",
    credential=AzureKeyCredential(os.environ["AZURE_INFERENCE_CREDENTIAL"]),
)
response = client.complete(messages=[UserMessage(content="hi")], model="gpt-4o-mini")
print(response.choices[0].message.content)
