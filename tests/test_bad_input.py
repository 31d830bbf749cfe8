"""Hostile input never produces a traceback: flake8 and pylint (as subprocesses, the way users
run them) and ``aoai-migrate check``, which reports what it could not check (one stderr line
each), checks everything else and exits 2."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from aoai_migrate import registry

IMPORT = b"from azure.ai.inference import ChatCompletionsClient\n"

#: name -> (content, whether the CLI can check it)
CASES: dict[str, tuple[bytes, bool]] = {
    "syntax_error.py": (IMPORT + b"def broken(:\n    pass\n", False),
    "non_utf8.py": (IMPORT + b"x = '\xff\xfe\xfa'\n", False),
    "bad_cookie.py": (b"# -*- coding: no-such-codec -*-\n" + IMPORT, False),
    "latin1_cookie.py": (b"# -*- coding: latin-1 -*-\n" + IMPORT + b"name = 'caf\xe9'\n", True),
    "null_bytes.py": (IMPORT + b"x = 1\x00\n", False),
    "deep_parens.py": (IMPORT + b"x = " + b"(" * 5000 + b"1" + b")" * 5000 + b"\n", False),
    "deep_lists.py": (IMPORT + b"x = " + b"[" * 5000 + b"]" * 5000 + b"\n", False),
    "deep_ifs.py": (IMPORT + b"".join(b"    " * i + b"if x:\n" for i in range(200)) + b"    " * 200 + b"pass\n", False),
    "deep_ifs_valid.py": (IMPORT + b"".join(b" " * i + b"if x:\n" for i in range(95)) + b" " * 95 + b"pass\n", True),
    "long_chain.py": (IMPORT + b"y = a" + b".b" * 900 + b".complete(messages=[])\n", True),
    "long_sum.py": (IMPORT + b"y = " + b" + ".join([b"1"] * 900) + b"\n", True),
    # deeper than CPython 3.11+ can build an ast for (RecursionError): unparsable for python too
    "longer_chain.py": (IMPORT + b"y = a" + b".b" * 3000 + b".complete(messages=[])\n", None),
    "longer_sum.py": (IMPORT + b"y = " + b" + ".join([b"1"] * 5000) + b"\n", None),
    "huge.py": (IMPORT + b"".join(b"value_%d = %d  # azure\n" % (i, i) for i in range(50_000)), True),
    "empty.py": (b"", True),
    "bom.py": (b"\xef\xbb\xbf" + IMPORT, True),
    "only_comment.py": (b"# azure openai inference\n", True),
    "tabs_and_crlf.py": (IMPORT.replace(b"\n", b"\r\n") + b"if x:\r\n\tclient = ChatCompletionsClient(e, c)\r\n", True),
}


def _parses(data: bytes) -> bool:
    try:
        ast.parse(data)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


#: ``None`` above: whether this interpreter's parser copes decides
CASES = {name: (data, _parses(data) if ok is None else ok) for name, (data, ok) in CASES.items()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("bad_input")
    for name, (data, _) in CASES.items():
        (root / name).write_bytes(data)
    return root


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=600)


def _import_line(name: str) -> int:
    return 2 if CASES[name][0].startswith(b"# -*-") else 1


def test_cli_reports_unreadable_files_and_checks_the_rest(corpus):
    done = run(["-m", "aoai_migrate.cli", "check", "--format", "json", "."], corpus)
    assert "Traceback" not in done.stderr
    assert done.returncode == 2
    errors = done.stderr.strip().splitlines()
    bad = sorted(name for name, (_, ok) in CASES.items() if not ok)
    assert sorted(Path(line.split(": error: ")[0]).name for line in errors) == bad
    assert all(": error: " in line for line in errors)
    found = {(Path(f["path"]).name, f["line"], f["code"]) for f in json.loads(done.stdout)}
    for name in ("latin1_cookie.py", "bom.py", "huge.py", "deep_ifs_valid.py", "long_chain.py", "long_sum.py",
                 "tabs_and_crlf.py"):
        assert (name, _import_line(name), "AOM101") in found, name
    assert not {f for f in found if f[0] in ("empty.py", "only_comment.py")}


#: deeper than CPython's own parser goes: flake8 itself dies building the tree (before any plugin runs)
PARSER_TOO_DEEP = {"longer_chain.py", "longer_sum.py"}
#: pyflakes (which flake8 runs beside this plugin) overflows on these, and flake8 then stops the run
FLAKE8_GIVES_UP = PARSER_TOO_DEEP | {"long_chain.py", "long_sum.py"}
if sys.version_info < (3, 11):  # flake8 lets ast.parse's ValueError for null bytes escape on 3.10
    FLAKE8_GIVES_UP |= {"null_bytes.py"}
#: deeper than astroid's recursive tree builder goes: pylint reports its own fatal error F0002
ASTROID_TOO_DEEP = PARSER_TOO_DEEP | {"long_chain.py", "long_sum.py"}


def test_flake8_never_crashes(corpus):
    files = sorted(set(CASES) - FLAKE8_GIVES_UP)
    done = run(["-m", "flake8", "--isolated", "--select", "AOM,E999,E902", *files], corpus)
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert not [line for line in lines if "AOM" not in line and "E999" not in line and "E902" not in line]
    flagged = {Path(line.split(":")[0]).name for line in lines if " AOM101 " in line}
    assert {"latin1_cookie.py", "bom.py", "huge.py", "tabs_and_crlf.py", "deep_ifs_valid.py"} <= flagged


@pytest.mark.parametrize("name", ["long_chain.py", "long_sum.py"])
def test_flake8_plugin_itself_handles_what_pyflakes_cannot(name):
    import ast

    from aoai_migrate.flake8_plugin import Plugin

    text = CASES[name][0].decode()
    results = list(Plugin(ast.parse(text), text.splitlines(keepends=True), name).run())
    assert [(line, code.split()[0]) for line, _, code, _ in results][:1] == [(1, "AOM101")]


@pytest.mark.parametrize("name", sorted(FLAKE8_GIVES_UP))
def test_flake8_failures_on_absurd_depth_are_not_the_plugins(corpus, name):
    done = run(["-m", "flake8", "--isolated", "-j1", "--select", "AOM", name], corpus)
    assert "aoai_migrate" not in done.stderr and '"aoai-migrate[AOM]" failed' not in done.stdout


def test_pylint_never_crashes(corpus):
    symbols = ",".join(rule.symbol for rule in registry.all_rules())
    files = [name for name in CASES if name != "huge.py"]  # 50k lines take pylint a minute on 2 cores
    done = run(
        ["-m", "pylint", "--load-plugins=aoai_migrate.pylint_plugin", "--disable=all", f"--enable={symbols}",
         "--persistent=n", "--score=n", *files],
        corpus,
    )
    output = done.stdout + done.stderr
    assert "aoai_migrate" not in output, output[-3000:]
    fatal = {line.split(":")[0] for line in done.stdout.splitlines() if ": F0002: " in line}
    assert fatal <= ASTROID_TOO_DEEP  # astroid's recursive builder, not the plugin
    flagged = {line.split(":")[0] for line in done.stdout.splitlines() if "inference-sdk-import" in line}
    assert {"latin1_cookie.py", "bom.py", "deep_ifs_valid.py", "tabs_and_crlf.py"} <= flagged


def test_cli_handles_an_unreadable_file(tmp_path, monkeypatch, capsys):
    from aoai_migrate import runner
    from aoai_migrate.cli import main

    locked, good = tmp_path / "locked.py", tmp_path / "good.py"
    locked.write_bytes(IMPORT)
    good.write_bytes(IMPORT)
    real_open = open

    def guarded_open(path, *args, **kwargs):
        if Path(path).name == "locked.py":
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(runner, "open", guarded_open, raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    assert main(["check", "--format", "concise", str(locked), str(good)]) == 2
    captured = capsys.readouterr()
    assert captured.err.strip() == f"{locked}: error: cannot read: Permission denied"
    assert f"{good}:1:1: AOM101" in captured.out
