"""azure-core exception handlers around Azure AI Inference calls, and look-alikes around other
Azure SDKs (Blob storage, Key Vault) that must stay as they are."""

import logging
import os
import time
from http import HTTPStatus

import azure.core.exceptions
from azure.ai.inference import ChatCompletionsClient, EmbeddingsClient, load_client  # expect: AOM101
from azure.ai.inference.aio import ChatCompletionsClient as AsyncChatCompletionsClient  # expect: AOM101
from azure.core import exceptions as exc
from azure.core.credentials import AzureKeyCredential
from azure.core.exceptions import (
    AzureError,
    ClientAuthenticationError,
    HttpResponseError,
    ResourceNotFoundError,
    ServiceRequestError,
    ServiceResponseError,
)
from azure.identity import DefaultAzureCredential
from azure.keyvault.secrets import SecretClient
from azure.storage.blob import BlobServiceClient

log = logging.getLogger(__name__)
ENDPOINT = os.environ["AZURE_INFERENCE_ENDPOINT"]
DEPLOYMENT = "gpt-4o-mini"

credential = DefaultAzureCredential()
chat = ChatCompletionsClient(endpoint=ENDPOINT, credential=credential)  # expect: AOM102 AOM202
key = AzureKeyCredential(os.environ["AZURE_INFERENCE_CREDENTIAL"])
embedder = EmbeddingsClient(endpoint=ENDPOINT, credential=key)  # expect: AOM102 AOM201
blobs = BlobServiceClient(account_url="https://contoso.blob.core.windows.net", credential=credential)
secrets = SecretClient(vault_url="https://contoso.vault.azure.net", credential=credential)


def guide_block():
    try:
        response = chat.complete(  # expect: AOM103
            messages=[{"role": "user", "content": "Hello"}],
            model="gpt-4o-mini",
        )
    except HttpResponseError as error:  # expect: AOM701
        print(f"Request failed: {error.status_code}")
        print(f"Error message: {error.message}")
        return None
    return response


def ask(question):
    try:
        result = chat.complete(messages=[{"role": "user", "content": question}], model=DEPLOYMENT)  # expect: AOM103
    except ClientAuthenticationError:  # expect: AOM701
        log.error("not signed in")
        raise
    except ResourceNotFoundError as missing:  # expect: AOM701
        log.error("no deployment %s: %s", DEPLOYMENT, missing.reason)  # expect: AOM702
        return None
    except HttpResponseError as error:  # expect: AOM701
        if error.status_code == 429:  # expect: AOM703
            time.sleep(5)
        log.error("%s %s", error.error.code, error.response.text())  # expect: AOM702 AOM702
        return None
    except (ServiceRequestError, ServiceResponseError):  # expect: AOM701
        return None
    return result.choices[0].message.content


def embed(texts):
    try:
        return embedder.embed(input=texts, model="text-embedding-3-small").data  # expect: AOM104
    except exc.HttpResponseError as err:  # expect: AOM701
        if err.response.status_code != HTTPStatus.TOO_MANY_REQUESTS:  # expect: AOM703
            raise
    except azure.core.exceptions.AzureError as err:  # expect: AOM701
        raise RuntimeError(err.exc_msg) from err.inner_exception  # expect: AOM702 AOM702
    return []


def _complete(messages):
    return chat.complete(messages=messages, model=DEPLOYMENT)  # expect: AOM103


def ask_through_helper(messages):
    try:
        return _complete(messages)
    except AzureError:  # expect: AOM701
        return None


async def ask_async(messages):
    async with AsyncChatCompletionsClient(endpoint=ENDPOINT, credential=key) as aclient:  # expect: AOM102 AOM201
        try:
            return await aclient.complete(messages=messages, model=DEPLOYMENT)  # expect: AOM103
        except HttpResponseError as error:  # expect: AOM701
            log.warning("failed: %s (%s)", error.message, error.reason)  # expect: AOM702
            return None


def discover():
    try:
        return load_client(endpoint=ENDPOINT, credential=key)  # expect: AOM604 AOM201
    except ResourceNotFoundError:  # no finding: load_client() has no OpenAI equivalent (AOM604)
        return None


def upload_and_summarise(data, messages):
    # both SDKs raise azure-core errors here: the handler stays for Blob storage
    try:
        blobs.get_blob_client("reports", "latest.txt").upload_blob(data, overwrite=True)
        return chat.complete(messages=messages, model=DEPLOYMENT)  # expect: AOM103
    except HttpResponseError as error:  # expect: AOM701
        log.error("%s", error.reason)  # expect: AOM702
        return None


# -- look-alikes: no finding --------------------------------------------------------------


def read_blob():
    try:
        return blobs.get_blob_client("reports", "latest.txt").download_blob().readall()
    except ResourceNotFoundError:
        return b""
    except HttpResponseError as error:
        log.error("%s %s", error.reason, error.error.code)
        return b""


def read_secret():
    client = chat  # an Inference client is around, but not called in the try
    try:
        return secrets.get_secret("api-key").value
    except HttpResponseError as error:
        if error.status_code == 429:
            time.sleep(1)
        return client and None


def retry_outside(messages):
    try:
        prepare = [m for m in messages if m]
    except HttpResponseError:
        prepare = []
    return chat.complete(messages=prepare, model=DEPLOYMENT)  # expect: AOM103


def broad_handler(question: str):
    try:
        return chat.complete(messages=[{"role": "user", "content": question}], model=DEPLOYMENT)  # expect: AOM103
    except Exception as error:
        if isinstance(error, HttpResponseError):  # expect: AOM704
            if error.status_code == 429:
                time.sleep(5)
            log.warning("chat failed: %s", error.reason)
        elif isinstance(error, (exc.ServiceRequestError, ValueError)):  # expect: AOM704
            log.warning("connection")
        raise


def broad_handler_around_storage(container: str):
    service = BlobServiceClient.from_connection_string(os.environ["CONN"])
    try:
        return service.get_container_client(container).list_blobs()
    except Exception as error:
        if isinstance(error, HttpResponseError) and error.status_code == 404:
            return []
        raise
