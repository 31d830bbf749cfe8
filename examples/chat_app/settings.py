"""Where the service connects: endpoints from the environment, the deployment and the API
version as constants."""

import os

INFERENCE_ENDPOINT = os.environ["AZURE_INFERENCE_ENDPOINT"]
OPENAI_ENDPOINT = os.environ["AZURE_OPENAI_ENDPOINT"]
DEPLOYMENT = "gpt-4o-mini"
API_VERSION = "2024-10-21"
