"""JUnit XML: one test case per file checked (``classname`` and ``name`` are the path); a file
with findings fails with one line per finding, a file that could not be checked is an error.
CI systems (GitLab, Azure Pipelines, Jenkins) show it as a test report."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import IO

from ..runner import Report


def junit_tree(report: Report) -> ET.ElementTree:
    by_file: dict[str, list] = {}
    for finding in report.findings:
        by_file.setdefault(finding.path, []).append(finding)
    errors = {e.path: e.message for e in report.errors}
    paths = list(dict.fromkeys([*report.paths, *by_file, *errors]))
    suites = ET.Element("testsuites", name="aoai-migrate")
    suite = ET.SubElement(
        suites, "testsuite", name="aoai-migrate", tests=str(len(paths)),
        failures=str(len(by_file)), errors=str(len(errors)), skipped="0",
    )
    for path in paths:
        case = ET.SubElement(suite, "testcase", classname=path, name=path)
        if path in errors:
            ET.SubElement(case, "error", message=errors[path], type="error").text = errors[path]
        found = by_file.get(path)
        if found:
            n = len(found)
            failure = ET.SubElement(case, "failure", type="aoai-migrate",
                                    message=f"{n} finding{'s' if n != 1 else ''}")
            failure.text = "\n".join(f"{f.location}: {f.code} {f.one_line()}" for f in found)
    suites.set("tests", suite.get("tests", "0"))
    suites.set("failures", suite.get("failures", "0"))
    suites.set("errors", suite.get("errors", "0"))
    ET.indent(suites)
    return ET.ElementTree(suites)


def write_junit(report: Report, stream: IO[str]) -> None:
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    junit_tree(report).write(stream, encoding="unicode")
    stream.write("\n")
