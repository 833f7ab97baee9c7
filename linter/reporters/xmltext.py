"""XML text for the XML reporters: characters XML 1.0 cannot hold (control
characters from a damaged file) are replaced, so the report always parses."""
from __future__ import annotations

import re
from xml.etree import ElementTree as ET

NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def clean(text: str) -> str:
    return NOT_XML.sub("\ufffd", text)


def to_xml(root: ET.Element) -> str:
    for element in root.iter():
        element.attrib = {key: clean(value) for key, value in element.attrib.items()}
        if element.text:
            element.text = clean(element.text)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
