from azure.ai.inference.models import CompletionsFinishReason


def done(choice) -> bool:
    return choice.finish_reason in (CompletionsFinishReason.STOPPED, CompletionsFinishReason.TOKEN_LIMIT_REACHED)
