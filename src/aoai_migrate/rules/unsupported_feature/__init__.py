"""Rules of the ``unsupported-feature`` category: what Azure AI Inference cannot do, what a
version-pinned ``AzureOpenAI`` client cannot reach, and Inference features with no OpenAI v1
equivalent."""

from . import leftovers, no_equivalent, openai_only, pinned  # noqa: F401
