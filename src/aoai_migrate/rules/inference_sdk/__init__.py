"""Rules of the ``inference-sdk`` category: imports, clients, calls and model classes of
``azure.ai.inference``. One module per part of the SDK surface."""

from . import (  # noqa: F401
    annotations, calls, class_checks, clients, imports, model_checks, model_methods, models, prompts, result_fields,
    result_methods,
    tracing,
)
