"""get_model_info() has no mechanical fix: the client is migrated around it, and `check` on the
result still reports the call (AOM606). The project's own get_model_info() is no finding."""
from azure.ai.inference import EmbeddingsClient
from azure.core.credentials import AzureKeyCredential
from azure.core.exceptions import HttpResponseError


class Registry:
    def get_model_info(self):
        return {"model_name": "local"}


def make(endpoint: str, key: str, model_name=None):
    client = EmbeddingsClient(endpoint=endpoint, credential=AzureKeyCredential(key))
    if not model_name:
        try:
            model_name = client.get_model_info().model_name
        except HttpResponseError:
            model_name = Registry().get_model_info()["model_name"]
    return client, model_name
