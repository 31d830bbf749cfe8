"""Rule modules, one per category. Importing this package registers every rule."""

from . import (  # noqa: F401
    api_version,
    auth,
    azure_openai_client,
    dependency,
    error_handling,
    inference_sdk,
    missing_model,
    streaming,
    unsupported_feature,
)
