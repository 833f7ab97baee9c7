"""JUnit XML (Jenkins, GitLab's test reports, Azure, CircleCI): one test
suite, one test case a file checked, and in it one `<failure>` per finding
at or above that file's failure level (the findings below it pass). A file
that could not be read is an `<error>`."""
from __future__ import annotations

from xml.etree import ElementTree as ET

from ..model import at_least
from . import relative_posix
from .xmltext import to_xml


def render(report, *, color: bool = False, source_lines=None, **_) -> str:
    by_path: dict[str, list] = {}
    for finding in report.findings:
        by_path.setdefault(finding.path, []).append(finding)
    paths = [entry.path for entry in report.files] + [p for p in by_path if p not in {e.path for e in report.files}]
    errors = {entry.path: entry.error for entry in report.files if entry.error}
    suite = ET.Element("testsuite", name="artlint")
    failures = 0
    for path in paths:
        case = ET.SubElement(suite, "testcase", classname="artlint", name=relative_posix(path), file=relative_posix(path))
        if path in errors:
            ET.SubElement(case, "error", message=errors[path], type="unreadable-file").text = errors[path]
            continue
        level = report.fail_level_of(path)
        for finding in by_path.get(path, []):
            if at_least(finding.severity, level):
                failures += 1
                failure(case, finding)
    suite.set("tests", str(len(paths)))
    suite.set("failures", str(failures))
    suite.set("errors", str(len(errors)))
    suites = ET.Element("testsuites", name="artlint", tests=str(len(paths)), failures=str(failures),
                        errors=str(len(errors)))
    suites.append(suite)
    return to_xml(suites)


def failure(case: ET.Element, finding) -> None:
    where = f"{relative_posix(finding.path)}:{finding.line}:{finding.column}"
    element = ET.SubElement(case, "failure", message=f"{where}: {finding.message}", type=finding.rule)
    lines = [f"{where}: {finding.severity} [{finding.rule}] {finding.message}", f"match: {finding.match}"]
    if finding.suggestions:
        lines.append("suggestions: " + ", ".join(finding.suggestions[:5]))
    element.text = "\n".join(lines)
