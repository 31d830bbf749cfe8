"""AOM108: `instrument(enable_content_recording=...)` on an instrumentor that may already be
instrumented. `AIInferenceInstrumentor.instrument()` changed the setting of a live
instrumentation (azure/ai/inference/tracing.py); `OpenAIInstrumentor` reads
OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT only when `instrument()` wraps the client
(opentelemetry-instrumentation-openai-v2, `_instrument`: `is_content_enabled()`), and
`BaseInstrumentor.instrument()` returns at once while instrumented
(opentelemetry-instrumentation, instrumentor.py). The migrated code undoes a live
instrumentation first, where there may be one.

opentelemetry is no dependency of the project: the fixed programs run against a stand-in module
with those two behaviours (singleton, no-op `instrument()` while instrumented, the variable read
when wrapping), the parts of the real package the migration depends on."""

from __future__ import annotations

import os
import pathlib
import sys
import textwrap
import types

import pytest

from conftest import run
from fixing import fix_file

ENV = "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT"
GUARD = (
    "if {r}.is_instrumented_by_opentelemetry:  # the variable is read when instrument() wraps\n"
    "    {r}.uninstrument()\n"
)


class _StandIn:
    """`OpenAIInstrumentor` as far as the migration relies on it."""

    _instance = None
    capture_content: bool | None = None  # what the wrapped client records (None: not wrapped)

    def __new__(cls):  # BaseInstrumentor is a singleton
        if cls._instance is None:
            cls._instance = object.__new__(cls)
            cls._instance.is_instrumented_by_opentelemetry = False
        return cls._instance

    def instrument(self, **kwargs):
        if self.is_instrumented_by_opentelemetry:  # "Attempting to instrument while already instrumented"
            return None
        type(self).capture_content = os.environ.get(ENV, "false").lower() == "true"
        self.is_instrumented_by_opentelemetry = True
        return None

    def uninstrument(self, **kwargs):
        if self.is_instrumented_by_opentelemetry:
            type(self).capture_content = None
            self.is_instrumented_by_opentelemetry = False


@pytest.fixture
def instrumentor(monkeypatch):
    module = types.ModuleType("opentelemetry.instrumentation.openai_v2")

    class OpenAIInstrumentor(_StandIn):
        _instance = None
        capture_content = None

    module.OpenAIInstrumentor = OpenAIInstrumentor
    for name in ("opentelemetry", "opentelemetry.instrumentation"):
        monkeypatch.setitem(sys.modules, name, sys.modules.get(name) or types.ModuleType(name))
    monkeypatch.setitem(sys.modules, "opentelemetry.instrumentation.openai_v2", module)
    monkeypatch.delenv(ENV, raising=False)
    return OpenAIInstrumentor


def _fixed(tmp_path: pathlib.Path, source: str) -> str:
    path = tmp_path / "tracing_setup.py"
    path.write_text(textwrap.dedent(source))
    fix_file(path, unsafe=True)
    return path.read_text()


TWICE = """\
import os

from azure.ai.inference.tracing import AIInferenceInstrumentor

AIInferenceInstrumentor().instrument(enable_content_recording=True)
# ... calls traced with their content ...
AIInferenceInstrumentor().instrument(enable_content_recording=False)  # no content from here on
"""


def test_turning_content_off_on_a_live_instrumentation_takes_effect(tmp_path, instrumentor):
    fixed = _fixed(tmp_path, TWICE)
    assert "AIInferenceInstrumentor" not in fixed
    assert fixed.count("uninstrument()") == 1  # only the second call can find an instrumentation
    exec(compile(fixed, "tracing_setup.py", "exec"), {})
    assert instrumentor.capture_content is False
    assert os.environ[ENV] == "false"


def test_a_setup_function_called_twice_applies_each_setting(tmp_path, instrumentor):
    fixed = _fixed(tmp_path, """\
        import os

        from azure.ai.inference.tracing import AIInferenceInstrumentor


        def configure(record: bool):
            instrumentor = AIInferenceInstrumentor()
            instrumentor.instrument(enable_content_recording=record)
            return instrumentor
        """)
    assert GUARD.format(r="instrumentor").replace("\n", "\n    ") in fixed
    namespace: dict = {}
    exec(compile(fixed, "tracing_setup.py", "exec"), namespace)
    for record in (False, True, False):
        namespace["configure"](record)
        assert instrumentor.capture_content is record


def test_the_message_says_why_the_instrumentation_is_undone():
    (first, second) = [f for f in run(TWICE) if f.code == "AOM108"]
    assert "uninstrument" not in first.snippet and "already in place" not in first.message
    assert GUARD.format(r="OpenAIInstrumentor()") in second.snippet
    assert "reads only when `instrument()` wraps the client" in second.message


@pytest.mark.parametrize("source", [
    # the usual start-up line: nothing can be instrumented before it
    "from azure.ai.inference.tracing import AIInferenceInstrumentor\n"
    "AIInferenceInstrumentor().instrument(enable_content_recording=True)\n",
    # another library's instrumentor instrumented before it
    "from opentelemetry.instrumentation.requests import RequestsInstrumentor\n"
    "from azure.ai.inference.tracing import AIInferenceInstrumentor\n"
    "RequestsInstrumentor().instrument()\n"
    "AIInferenceInstrumentor().instrument(enable_content_recording=True)\n",
    # a function that instruments is defined first but never runs before it
    "from azure.ai.inference.tracing import AIInferenceInstrumentor\n"
    "def later(i):\n"
    "    i.instrument()\n"
    "AIInferenceInstrumentor().instrument(enable_content_recording=False)\n",
])
def test_a_first_module_level_instrument_keeps_the_short_form(source):
    (finding,) = [f for f in run(source) if f.code == "AOM108" and "instrument(" in f.snippet]
    assert "uninstrument" not in finding.snippet
    assert finding.snippet.rstrip().endswith("OpenAIInstrumentor().instrument()")


def test_an_instrument_in_a_loop_is_guarded():
    source = (
        "from azure.ai.inference.tracing import AIInferenceInstrumentor\n"
        "for record in (True, False):\n"
        "    AIInferenceInstrumentor().instrument(enable_content_recording=record)\n"
    )
    (finding,) = [f for f in run(source) if f.code == "AOM108"]
    assert GUARD.format(r="OpenAIInstrumentor()") in finding.snippet
