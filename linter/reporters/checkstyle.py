"""Checkstyle XML (read by Jenkins' Warnings plugin, reviewdog and many CI
tools): `<checkstyle><file name=…><error line= column= severity= message=
source=/></file></checkstyle>`; a file that could not be read carries one
error with source `artlint.unreadable-file`."""
from __future__ import annotations

from xml.etree import ElementTree as ET

from .. import __version__
from . import relative_posix
from .xmltext import to_xml

SEVERITIES = {"error": "error", "warning": "warning", "info": "info"}


def render(report, *, color: bool = False, source_lines=None, **_) -> str:
    root = ET.Element("checkstyle", version=f"artlint-{__version__}")
    files: dict[str, ET.Element] = {}

    def file_element(path: str) -> ET.Element:
        if path not in files:
            files[path] = ET.SubElement(root, "file", name=relative_posix(path))
        return files[path]

    for entry in report.files:
        element = file_element(entry.path)
        if entry.error:
            ET.SubElement(element, "error", line="1", severity="error", message=entry.error,
                          source="artlint.unreadable-file")
    for finding in report.findings:
        ET.SubElement(file_element(finding.path), "error", line=str(finding.line), column=str(finding.column),
                      severity=SEVERITIES[finding.severity], message=message(finding), source=finding.rule)
    return to_xml(root)


def message(finding) -> str:
    if finding.suggestions:
        return f"{finding.message} (suggestions: {', '.join(finding.suggestions[:5])})"
    return finding.message
