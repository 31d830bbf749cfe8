"""The HTML audit report as a person sees it: rendered by headless Chromium (Debian package
``chromium``, installed by ``.ci/run``), the DOM after rendering holds the chart and the tables,
and a screenshot is taken. Skipped only where no Chromium is installed."""

from __future__ import annotations

import json
import shutil
import subprocess
from html.parser import HTMLParser

import pytest

from aoai_migrate.cli import main

CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)), None)
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
         "--disable-extensions", "--allow-file-access-from-files"]

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (Debian: apt-get install chromium; .ci/run installs it)"
)

SOURCE = (
    "import os\n"
    "from azure.ai.inference import ChatCompletionsClient\n"
    "from azure.core.credentials import AzureKeyCredential\n"
    "from openai import AzureOpenAI\n"
    "\n"
    'client = ChatCompletionsClient(endpoint=os.environ["ENDPOINT"], credential=AzureKeyCredential(os.environ["KEY"]))\n'
    'response = client.complete(messages=[{"role": "user", "content": "<b>hi</b>"}], model="gpt-4o-mini")\n'
    'legacy = AzureOpenAI(azure_endpoint=os.environ["AOAI"], api_key="k", api_version="2024-06-01")\n'
)


class Dom(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict, list[str]]] = []
        self.stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs), list(self.stack)))
        if tag not in ("br", "col", "meta", "rect", "input", "img", "link"):
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass


def chromium(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([CHROMIUM, *FLAGS, *args], capture_output=True, text=True, timeout=120)


@pytest.fixture
def html_report(tmp_path, monkeypatch, capsys):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "demo"\n')
    (tmp_path / "app.py").write_text(SOURCE)
    (tmp_path / "clean.py").write_text("print('ok')\n")
    monkeypatch.chdir(tmp_path)
    assert main(["audit", "--format", "html", "-o", "audit.html", "."]) == 0
    assert main(["audit", "--format", "json", "."]) == 0
    data = json.loads(capsys.readouterr().out)
    return tmp_path / "audit.html", data


def test_rendered_dom_has_the_chart_and_the_table(html_report):
    path, data = html_report
    proc = chromium("--dump-dom", path.as_uri())
    assert proc.returncode == 0, proc.stderr
    dom = Dom()
    dom.feed(proc.stdout)
    elements = dom.elements
    svg = [a for t, a, _ in elements if t == "svg"]
    assert svg and svg[0]["id"] == "chart"
    bars = [a for t, a, parents in elements if t == "g" and a.get("class") == "bar" and "svg" in parents]
    assert {b["data-category"]: int(b["data-count"]) for b in bars} == data["summary"]["by_category"]
    rects = [a for t, a, parents in elements if t == "rect" and "svg" in parents]
    assert any(float(r["width"]) > 0 for r in rects)
    rows = [a for t, a, parents in elements if t == "tr" and a.get("class") == "finding" and "table" in parents]
    assert len(rows) == len(data["findings"]) > 0
    links = {a["href"] for t, a, _ in elements if t == "a"}
    ids = {a["id"] for _, a, _ in elements if "id" in a}
    assert {"#aom102-inference-sdk-client", "#aom301-azure-openai-client"} <= links
    assert all(link[1:] in ids for link in links if link.startswith("#"))
    # user text is escaped, never rendered as markup
    assert "&lt;b&gt;hi&lt;/b&gt;" in proc.stdout and "<b>hi</b>" not in proc.stdout
    assert not [t for t, _, _ in elements if t == "script"]


def test_screenshot(html_report, tmp_path):
    path, _ = html_report
    shot = tmp_path / "audit.png"
    proc = chromium("--window-size=1200,1600", f"--screenshot={shot}", path.as_uri())
    assert proc.returncode == 0, proc.stderr
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1200, 1600)
    assert len(data) > 20_000  # a rendered page, not a blank one
