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
    _each_setting_applies(fixed, "configure", instrumentor)


def _each_setting_applies(fixed: str, function: str, instrumentor) -> None:
    """Calling ``function`` of the fixed program with on/off/on leaves that content setting."""
    namespace: dict = {}
    exec(compile(fixed, "tracing_setup.py", "exec"), namespace)
    for record in (False, True, False, True):
        namespace[function](record)
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


# -- a bare instrument() after the module changed the variable -----------------------------------
# AIInferenceInstrumentor.instrument() without an argument re-applied
# AZURE_TRACING_GEN_AI_CONTENT_RECORDING_ENABLED on a live instrumentation (azure-ai-inference
# tests/test_client_tracing.py:162-173); OpenAIInstrumentor's bare instrument() does nothing there.

TOGGLE = """\
import os

from azure.ai.inference.tracing import AIInferenceInstrumentor


def content_recording_after(first: str, then: str) -> bool:
    os.environ["AZURE_TRACING_GEN_AI_CONTENT_RECORDING_ENABLED"] = first
    AIInferenceInstrumentor().instrument()
    os.environ["AZURE_TRACING_GEN_AI_CONTENT_RECORDING_ENABLED"] = then
    AIInferenceInstrumentor().instrument()  # re-applies the variable
    return AIInferenceInstrumentor().is_content_recording_enabled()
"""


def test_a_bare_instrument_after_the_variable_changed_applies_it(tmp_path, instrumentor):
    fixed = _fixed(tmp_path, TOGGLE)
    assert "AIInferenceInstrumentor" not in fixed and "AZURE_TRACING" not in fixed
    assert fixed.count(GUARD.format(r="OpenAIInstrumentor()").replace("\n", "\n    ")) == 2
    namespace: dict = {}
    exec(compile(fixed, "tracing_setup.py", "exec"), namespace)
    for first, then in (("false", "true"), ("true", "false"), ("false", "true")):
        # what the program says and what the instrumentation records agree, as on Inference
        assert namespace["content_recording_after"](first, then) is (then == "true")
        assert instrumentor.capture_content is (then == "true")


def test_without_the_guard_the_bare_instrument_keeps_the_old_setting(tmp_path, instrumentor):
    """The stand-in tells the two apart: the short form leaves capture off (review #17)."""
    fixed = _fixed(tmp_path, TOGGLE)
    short = fixed.replace(GUARD.format(r="OpenAIInstrumentor()").replace("\n", "\n    "), "")
    assert "uninstrument" not in short
    namespace: dict = {}
    exec(compile(short, "tracing_setup.py", "exec"), namespace)
    assert namespace["content_recording_after"]("false", "true") is True
    assert instrumentor.capture_content is False


def test_the_bare_guard_message_says_why():
    (first, second) = [f for f in run(TOGGLE) if f.code == "AOM108" and f.line in (8, 10)]
    for finding in (first, second):
        assert GUARD.format(r="OpenAIInstrumentor()") in finding.snippet
        assert "this module changes the content-recording variable" in finding.message
        assert "\n" not in finding.message


def test_a_named_instrumentor_gets_the_guard_in_place(tmp_path, instrumentor):
    fixed = _fixed(tmp_path, """\
        import os

        from azure.ai.inference.tracing import AIInferenceInstrumentor

        tracer = AIInferenceInstrumentor()
        CONTENT = "AZURE_TRACING_GEN_AI_CONTENT_RECORDING_ENABLED"


        def record(on: bool):
            os.environ[CONTENT] = str(on).lower()
            tracer.instrument()
        """)
    assert GUARD.format(r="tracer").replace("\n", "\n    ") in fixed
    _each_setting_applies(fixed, "record", instrumentor)


@pytest.mark.parametrize("setting", [
    'os.environ.setdefault("AZURE_TRACING_GEN_AI_CONTENT_RECORDING_ENABLED", "true")',
    'os.putenv("AZURE_TRACING_GEN_AI_CONTENT_RECORDING_ENABLED", "true")',
    'del os.environ["AZURE_TRACING_GEN_AI_CONTENT_RECORDING_ENABLED"]',
    'os.environ.update({"OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT": "true"})',
    'monkeypatch.setenv("AZURE_TRACING_GEN_AI_CONTENT_RECORDING_ENABLED", "true")',
    # the module's own helper (azure-ai-inference tests/test_client_tracing.py: modify_env_var)
    'set_env("AZURE_TRACING_GEN_AI_CONTENT_RECORDING_ENABLED", "true")',
])
def test_every_way_of_changing_the_variable_counts(setting):
    source = (
        "import os\nfrom azure.ai.inference.tracing import AIInferenceInstrumentor\n"
        "def set_env(name, value):\n    os.environ[name] = value\n"
        f"def test_it(monkeypatch):\n    {setting}\n    AIInferenceInstrumentor().instrument()\n"
    )
    (finding,) = [f for f in run(source) if f.code == "AOM108"]
    assert GUARD.format(r="OpenAIInstrumentor()") in finding.snippet


@pytest.mark.parametrize("source", [
    # the first module-level call, after the variable is set: nothing can be instrumented yet
    "import os\nfrom azure.ai.inference.tracing import AIInferenceInstrumentor\n"
    "os.environ['AZURE_TRACING_GEN_AI_CONTENT_RECORDING_ENABLED'] = 'true'\n"
    "AIInferenceInstrumentor().instrument()\n",
    # in a function, but the module only reads the variable: a second call re-applies the same value
    "import os\nfrom azure.ai.inference.tracing import AIInferenceInstrumentor\n"
    "def setup():\n"
    "    print(os.environ.get('AZURE_TRACING_GEN_AI_CONTENT_RECORDING_ENABLED'))\n"
    "    AIInferenceInstrumentor().instrument()\n",
    # the variable changes, but the call runs only while nothing is instrumented
    "import os\nfrom azure.ai.inference.tracing import AIInferenceInstrumentor\n"
    "def setup(on):\n"
    "    os.environ['AZURE_TRACING_GEN_AI_CONTENT_RECORDING_ENABLED'] = on\n"
    "    if not AIInferenceInstrumentor().is_instrumented():\n"
    "        AIInferenceInstrumentor().instrument()\n",
    # the module's helper sets variables, but is never given the content-recording one
    "import os\nfrom azure.ai.inference.tracing import AIInferenceInstrumentor\n"
    "def set_env(name, value):\n"
    "    os.environ[name] = value\n"
    "def setup():\n"
    "    set_env('OTEL_SERVICE_NAME', 'chat')\n"
    "    AIInferenceInstrumentor().instrument()\n",
    # the variable is set in a dict that is not the environment's update
    "import os, subprocess\nfrom azure.ai.inference.tracing import AIInferenceInstrumentor\n"
    "def setup():\n"
    "    subprocess.run(['x'], env={'AZURE_TRACING_GEN_AI_CONTENT_RECORDING_ENABLED': 'true'})\n"
    "    AIInferenceInstrumentor().instrument()\n",
])
def test_a_bare_instrument_keeps_the_short_form(source):
    (finding,) = [f for f in run(source) if f.code == "AOM108" and f.snippet.endswith("instrument()")]
    assert "uninstrument" not in finding.snippet
    assert finding.snippet == "OpenAIInstrumentor().instrument()"
    assert "content-recording variable" not in finding.message


def test_a_named_instrumentor_in_a_module_that_leaves_the_variable_alone_has_no_finding():
    source = (
        "from azure.ai.inference.tracing import AIInferenceInstrumentor\n"
        "tracer = AIInferenceInstrumentor()\n"
        "def setup():\n"
        "    tracer.instrument()\n"
    )
    assert [f.line for f in run(source) if f.code == "AOM108"] == [2]


def test_a_setting_under_not_is_instrumented_keeps_the_short_form():
    source = (
        "from azure.ai.inference.tracing import AIInferenceInstrumentor\n"
        "def setup(record, instrumentor: AIInferenceInstrumentor):\n"
        "    if not instrumentor.is_instrumented():\n"
        "        instrumentor.instrument(enable_content_recording=record)\n"
        "    for again in (1, 2):\n"
        "        if not instrumentor.is_instrumented():\n"
        "            instrumentor.instrument(enable_content_recording=record)\n"
        "            instrumentor.instrument(enable_content_recording=not record)\n"
    )
    guarded = ["uninstrument" in f.snippet for f in run(source) if f.code == "AOM108" and "environ" in f.snippet]
    assert guarded == [False, False, True]  # the second call of the `if` finds the first's instrumentation
