"""The pylint adapter: messages from the registry, positions, options, suppression, and astroid
inference finding clients built in other modules."""

from __future__ import annotations

import textwrap

import astroid
import pytest
from pylint.lint import Run
from pylint.reporters import CollectingReporter
from pylint.testutils import CheckerTestCase, MessageTest

from aoai_migrate import registry
from aoai_migrate.engine import analyze_source
from aoai_migrate.pylint_plugin import AoaiMigrateChecker
from aoai_migrate.sharing import share

RULES = registry.load()
IMPORT = RULES["AOM101"]


def _complete_rule():
    """The rule that flags ``ChatCompletionsClient.complete()`` (AOM103 when it exists)."""
    probe = (
        "from azure.ai.inference import ChatCompletionsClient\n"
        "client = ChatCompletionsClient(endpoint='https://x.services.ai.azure.com/models', credential=c)\n"
        "client.complete(messages=[], model='m')\n"
    )
    codes = [f.code for f in analyze_source(probe, "probe.py") if f.line == 3]
    for code in codes:
        if RULES[code].symbol.endswith("complete"):
            return RULES[code]
    return RULES[codes[0]] if codes else None


COMPLETE = _complete_rule()


class TestChecker(CheckerTestCase):
    CHECKER_CLASS = AoaiMigrateChecker

    def test_one_message_per_rule_with_its_symbol(self):
        msgs = AoaiMigrateChecker.msgs
        assert len(msgs) == len(RULES)
        for rule in RULES.values():
            template, symbol, description, options = msgs[rule.pylint_msgid()]
            assert (template, symbol) == ("%s", rule.symbol)
            assert description == rule.summary.strip()
            assert options["shared"]

    def test_import_is_reported_with_position_and_one_line_message(self):
        module = astroid.parse("import os\nfrom azure.ai.inference import ChatCompletionsClient\n")
        finding = analyze_source(module.file_bytes, "x.py")[0]
        with self.assertAddsMessages(
            MessageTest(
                IMPORT.symbol,
                line=2,
                args=finding.one_line(),
                col_offset=0,
                end_line=2,
                end_col_offset=len("from azure.ai.inference import ChatCompletionsClient"),
            )
        ):
            self.checker.visit_module(module)
        assert "\n" not in finding.one_line()

    def test_columns_are_zero_based(self):
        module = astroid.parse("def f():\n    import azure.ai.inference\n")
        self.checker.visit_module(module)
        (message,) = self.linter.release_messages()
        assert (message.line, message.col_offset) == (2, 4)

    def test_clean_module_adds_nothing(self):
        module = astroid.parse("import os\nprint(os.getcwd())\n")
        with self.assertNoMessages():
            self.checker.visit_module(module)

    def test_noqa_comments_are_honoured_like_flake8(self):
        module = astroid.parse(
            "from azure.ai.inference import ChatCompletionsClient  # noqa: AOM101\n"
            "import azure.ai.inference.models  # noqa\n"
        )
        with self.assertNoMessages():
            self.checker.visit_module(module)
        module = astroid.parse("# aoai-migrate: noqa\nimport azure.ai.inference\n")
        with self.assertNoMessages():
            self.checker.visit_module(module)

    @pytest.mark.parametrize(
        "code",
        [
            "def f(:\n    import azure.ai.inference\n",  # astroid would refuse too; never our crash
            "x = 1\n" + "(" * 3000 + ")" * 3000 + "\nimport azure\n",
            "import azure.ai.inference\n\x00\n",
        ],
        ids=["syntax-error", "deep-nesting", "null-byte"],
    )
    def test_bad_source_adds_nothing_and_does_not_raise(self, code):
        module = astroid.parse("import azure\n")
        module.file_bytes = code.encode()
        with self.assertNoMessages():
            self.checker.visit_module(module)

    def test_module_without_source_is_skipped(self):
        module = astroid.parse("import azure.ai.inference\n")
        module.file_bytes = None
        module.file = None
        with self.assertNoMessages():
            self.checker.visit_module(module)

    @pytest.mark.skipif(COMPLETE is None, reason="no rule flags complete() yet")
    def test_inference_call_is_reported(self):
        module = astroid.parse(
            textwrap.dedent(
                """
                from azure.ai.inference import ChatCompletionsClient
                client = ChatCompletionsClient(endpoint="https://x.services.ai.azure.com/models", credential=c)
                client.complete(messages=[], model="m")
                """
            )
        )
        self.checker.visit_module(module)
        symbols = {(m.msg_id, m.line) for m in self.linter.release_messages()}
        assert (COMPLETE.symbol, 4) in symbols


class TestEveryRuleExample(CheckerTestCase):
    """Each rule's documented example gives the same messages through pylint as the engine's
    findings: same symbol, position (0-based columns) and one-line text."""

    CHECKER_CLASS = AoaiMigrateChecker

    @pytest.mark.parametrize("rule", [r for r in RULES.values() if r.artefact is None],
                             ids=[code for code, r in RULES.items() if r.artefact is None])
    def test_example(self, rule):  # artefact rules read configuration files, which pylint never sees
        source = textwrap.dedent(rule.example)
        expected = [
            MessageTest(f.symbol, line=f.line, args=f.one_line(), col_offset=f.col - 1, end_line=f.end_line,
                        end_col_offset=f.end_col - 1)
            for f in share(analyze_source(source, "example.py"))
        ]
        assert any(m.msg_id == rule.symbol for m in expected)
        with self.assertAddsMessages(*expected):
            self.checker.visit_module(astroid.parse(source))


class TestEntraScopeOption(CheckerTestCase):
    CHECKER_CLASS = AoaiMigrateChecker
    CONFIG = {"aoai_entra_scope": "api://custom/.default"}

    def test_option_reaches_the_engine(self):
        assert self.checker._settings.entra_scope == "api://custom/.default"


def run_pylint(args: list[str]) -> list:
    reporter = CollectingReporter()
    symbols = ",".join(rule.symbol for rule in RULES.values())
    Run(
        ["--load-plugins=aoai_migrate.pylint_plugin", "--disable=all", f"--enable={symbols}",
         "--persistent=n", "--score=n", *args],
        reporter=reporter,
        exit=False,
    )
    return reporter.messages


def test_plugin_loads_and_disables_by_symbol(tmp_path):
    path = tmp_path / "mod.py"
    path.write_text("from azure.ai.inference import ChatCompletionsClient\nimport azure.ai.inference.models\n")
    assert {(m.symbol, m.line) for m in run_pylint([str(path)])} >= {(IMPORT.symbol, 1), (IMPORT.symbol, 2)}
    path.write_text(
        "from azure.ai.inference import ChatCompletionsClient  # pylint: disable=" + IMPORT.symbol + "\n"
        "import azure.ai.inference.models\n"
    )
    assert [(m.symbol, m.line) for m in run_pylint([str(path)]) if m.symbol == IMPORT.symbol] == [(IMPORT.symbol, 2)]
    assert not [m for m in run_pylint([f"--disable={IMPORT.symbol}", str(path)]) if m.symbol == IMPORT.symbol]
    remaining = run_pylint(["--disable=aoai-migrate", "--enable=unused-import", str(path)])
    assert remaining and {m.symbol for m in remaining} == {"unused-import"}


@pytest.mark.skipif(COMPLETE is None, reason="no rule flags complete() yet")
def test_client_from_another_module_is_found_through_astroid(tmp_path, monkeypatch):
    pytest.importorskip("azure.ai.inference")
    (tmp_path / "clients.py").write_text(
        textwrap.dedent(
            """
            from azure.ai.inference import ChatCompletionsClient
            from azure.core.credentials import AzureKeyCredential

            shared = ChatCompletionsClient(endpoint="https://x.services.ai.azure.com/models", credential=AzureKeyCredential("k"))


            def make_client():
                return ChatCompletionsClient(
                    endpoint="https://x.services.ai.azure.com/models", credential=AzureKeyCredential("k")
                )
            """
        )
    )
    (tmp_path / "app.py").write_text(
        textwrap.dedent(
            """
            from clients import make_client, shared


            def ask(question):
                make_client().complete(messages=[{"role": "user", "content": question}], model="m")
                return shared.complete(messages=[], model="m")


            def unrelated(thing):
                return thing.complete(messages=[])


            class Service:
                def __init__(self):
                    self.client = make_client()

                def run(self):
                    return self.client.complete(messages=[], model="m")
            """
        )
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    messages = [m for m in run_pylint(["app.py"]) if m.path.endswith("app.py")]
    assert {(m.symbol, m.line) for m in messages if m.symbol == COMPLETE.symbol} == {
        (COMPLETE.symbol, 6),
        (COMPLETE.symbol, 7),
        (COMPLETE.symbol, 19),
    }
    # the engine alone (flake8, CLI) cannot see through the import
    assert not [f for f in analyze_source((tmp_path / "app.py").read_text(), "app.py") if f.code == COMPLETE.code]
