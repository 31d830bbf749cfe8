def done(choice) -> bool:
    return choice.finish_reason in ("stop", "length")
