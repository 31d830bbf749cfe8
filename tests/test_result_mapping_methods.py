"""AOM120: the mapping methods of Inference results (``get``, ``keys``, ``items``, ``values``)
become methods of openai's ``to_dict()``. Proof by execution: the same code runs on an Inference
``ChatCompletions`` built from the local stub's JSON and, once fixed, on the openai result of the
same request, and returns the same values (present keys, keys sent as null, missing keys with a
default)."""

from __future__ import annotations

import pathlib

from fixing import fix_file
from http_stub import AzureV1Stub

from aoai_migrate.engine import analyze_source

USER_CODE = '''\
from azure.ai.inference.models import ChatCompletions


def summarise(response: ChatCompletions):
    usage = response.get("usage", {})
    rows = []
    for choice in response.choices:
        message = choice.message
        rows.append((
            choice.get("finish_reason"),
            message.get("refusal", "absent"),
            message.get("audio", "absent"),
            message.get("content"),
            sorted(message.keys()),
        ))
    return usage.get("total_tokens", 0), response.get("model"), sorted(response.keys()), rows
'''


def _codes(source: str) -> list[tuple[int, str]]:
    return [(f.line, f.code) for f in analyze_source(source, "m.py") if f.code == "AOM120"]


def test_every_mapping_call_on_the_result_is_reported_once():
    assert _codes(USER_CODE) == [(5, "AOM120"), (10, "AOM120"), (11, "AOM120"), (12, "AOM120"),
                                 (13, "AOM120"), (14, "AOM120"), (16, "AOM120"), (16, "AOM120")]


def test_the_fixed_code_returns_what_the_inference_result_returned(tmp_path: pathlib.Path):
    from azure.ai.inference.models import ChatCompletions
    from openai import OpenAI

    work = tmp_path / "summary.py"
    work.write_text(USER_CODE, encoding="utf-8")
    original: dict = {}
    exec(compile(USER_CODE, "before.py", "exec"), original)
    fix_file(work)
    fixed_source = work.read_text(encoding="utf-8")
    assert ".get(" not in fixed_source.replace(".to_dict().get(", "").replace("usage.get(", "")
    fixed: dict = {}
    exec(compile(fixed_source, str(work), "exec"), fixed)
    with AzureV1Stub() as stub:
        client = OpenAI(base_url=stub.base_url, api_key="test-api-key", max_retries=0)
        raw = client.chat.completions.with_raw_response.create(
            model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}]
        )
        wire = raw.http_response.json()
        completion = raw.parse()
    before = original["summarise"](ChatCompletions(wire))
    after = fixed["summarise"](completion)
    assert after == before
    assert before[3][0][1] is None and before[3][0][2] == "absent"  # null key vs missing key


def test_stream_updates_and_loops_over_item_access():
    source = (
        "from azure.ai.inference import ChatCompletionsClient\n"
        "client = ChatCompletionsClient(endpoint=e, credential=c)\n"
        "response = client.complete(messages=m, model='x')\n"
        "for res in response['choices']:\n"
        "    print(res.get('finish_reason'))\n"
        "for update in client.complete(messages=m, model='x', stream=True):\n"
        "    print(update.get('usage'))\n"
    )
    assert _codes(source) == [(5, "AOM120"), (7, "AOM120")]


def test_plain_dicts_openai_results_and_request_models_are_not_findings():
    source = (
        "from openai import OpenAI\n"
        "from azure.ai.inference.models import UserMessage, ChatCompletions\n"
        "client = OpenAI()\n"
        "chunk = client.chat.completions.create(model='m', messages=[])\n"
        "chunk.model_dump().get('usage')\n"
        "config = {'choices': [1]}\n"
        "config.get('choices')\n"
        "m = UserMessage('hi')\n"
        "m.get('content')\n"
        "def f(r: ChatCompletions, other: dict):\n"
        "    item = other['x']\n"
        "    return item.get('y'), r.choices[0:1]\n"
    )
    assert _codes(source) == []


def test_item_reads_in_the_receiver_become_attributes_in_the_same_edit(tmp_path: pathlib.Path):
    work = tmp_path / "m.py"
    work.write_text(
        "from azure.ai.inference.models import ChatCompletions\n"
        "def reason(response: ChatCompletions):\n"
        "    return response['choices'][0].get('finish_reason')\n",
        encoding="utf-8",
    )
    fix_file(work)
    assert "return response.choices[0].to_dict().get('finish_reason')" in work.read_text(encoding="utf-8")
