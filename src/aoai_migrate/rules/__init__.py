"""Rule modules, one per category. Importing this package registers every rule."""

from . import (  # noqa: F401
    api_version,
    auth,
    auth_key_rotation,
    azure_openai_annotations,
    azure_openai_classes,
    azure_openai_client,
    azure_openai_environment,
    dependency,
    error_handling,
    inference_sdk,
    missing_model,
    streaming,
    unsupported_feature,
)
