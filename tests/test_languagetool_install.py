"""`artlint languagetool install` and `serve`: the one-line errors, and the
Maven project it writes. A real install, Maven and Java run in
tests/test_languagetool_real.py and .ci/languagetool.sh; here PATH holds
small stand-in `java`/`mvn` scripts that print what an old or missing tool
prints, so that each refusal is checked on every machine."""
from __future__ import annotations

import stat
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from linter.cli import main
from linter.languagetool.install import check_java, check_maven, pom_for

JAVA_17 = 'openjdk version "17.0.15" 2025-04-15\nOpenJDK Runtime Environment (build 17.0.15+6)'
JAVA_8 = 'java version "1.8.0_392"\nJava(TM) SE Runtime Environment (build 1.8.0_392-b08)'
JAVA_11 = 'openjdk version "11.0.21" 2023-10-17'
MAVEN_387 = "Apache Maven 3.8.7\nMaven home: /usr/share/maven"
MAVEN_305 = "Apache Maven 3.0.5 (r01de14724cdef164cd33c7c8c2fe155faf9602da)"


def tool(folder: Path, name: str, output: str) -> None:
    """A stand-in executable that prints `output` on stderr, as `java -version` does."""
    script = folder / name
    lines = " ".join(f"'{line}'" for line in output.splitlines())
    script.write_text(f"#!/bin/sh\nprintf '%s\\n' {lines} >&2\n")  # printf: a shell builtin, PATH is bare
    script.chmod(script.stat().st_mode | stat.S_IEXEC)


@pytest.fixture
def bare_path(tmp_path, monkeypatch):
    """PATH with only the stand-ins put in `bin`; the cache in tmp_path."""
    folder = tmp_path / "bin"
    folder.mkdir()
    monkeypatch.setenv("PATH", str(folder))
    monkeypatch.setenv("ARTLINT_CACHE", str(tmp_path / "cache"))
    return folder


def install(*args):
    return CliRunner().invoke(main, ["languagetool", "install", *args])


def one_line_error(result, text):
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("artlint: ") and text in lines[0], result.stderr
    assert "Traceback" not in result.output


def test_no_java_is_one_line_naming_what_to_install(bare_path):
    one_line_error(install(), "java not found on PATH: LanguageTool needs Java 17 or newer")


@pytest.mark.parametrize("banner, major", [(JAVA_8, 8), (JAVA_11, 11)])
def test_old_java_is_refused(bare_path, banner, major):
    tool(bare_path, "java", banner)
    one_line_error(install(), f"Java {major} is too old: LanguageTool needs Java 17 or newer")


def test_java_8_is_enough_for_an_old_languagetool():
    from linter.languagetool.install import java_needed

    assert (java_needed("6.6"), java_needed("6.7"), java_needed("6.5"), java_needed("5.9")) == (17, 17, 8, 8)


def test_no_maven_is_one_line_pointing_at_zip(bare_path):
    tool(bare_path, "java", JAVA_17)
    one_line_error(install(), "mvn not found on PATH: installing from Maven Central needs Maven 3.6.3 or newer")


def test_old_maven_is_refused(bare_path):
    tool(bare_path, "java", JAVA_17)
    tool(bare_path, "mvn", MAVEN_305)
    one_line_error(install(), "Maven 3.0.5 is too old")


def test_versions_are_read_from_real_banners(bare_path):
    tool(bare_path, "java", JAVA_17)
    tool(bare_path, "mvn", MAVEN_387)
    assert check_java(17) == "17" and check_maven() == "3.8.7"


def test_a_bad_version_is_refused_before_anything_runs(bare_path):
    one_line_error(install("--version", "latest; rm -rf /"), "is not a LanguageTool version")


def test_the_maven_project_is_english_only():
    pom = ET.fromstring(pom_for("6.6"))
    ns = {"m": "http://maven.apache.org/POM/4.0.0"}
    deps = {d.find("m:artifactId", ns).text: d for d in pom.iterfind(".//m:dependencies/m:dependency", ns)}
    assert set(deps) == {"languagetool-server", "language-en", "language-es", "language-ca", "language-pt"}
    assert {d.find("m:version", ns).text for d in deps.values()} == {"6.6"}
    excluded = [e.find("m:artifactId", ns).text for e in deps["languagetool-server"].iterfind(".//m:exclusion", ns)]
    assert excluded == ["language-all"]


def zip_with(path: Path, names: list[str]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name in names:
            zf.writestr(name, b"x")
    return path


def test_a_zip_that_is_not_languagetool_is_refused(bare_path, tmp_path):
    tool(bare_path, "java", JAVA_17)
    not_zip = tmp_path / "LanguageTool-6.6.zip"
    not_zip.write_text("hello")
    one_line_error(install("--from", str(not_zip)), "not a readable zip file")
    other = zip_with(tmp_path / "other.zip", ["LanguageTool-6.6/readme.txt"])
    one_line_error(install("--from", str(other)), "not a LanguageTool zip")
    one_line_error(install("--from", str(tmp_path / "missing.zip")), "no such file")


def test_a_zip_escaping_its_folder_is_refused_and_nothing_is_written(bare_path, tmp_path):
    tool(bare_path, "java", JAVA_17)
    evil = zip_with(tmp_path / "evil.zip", ["LanguageTool-6.6/languagetool-server.jar", "LanguageTool-6.6/../../x.sh"])
    one_line_error(install("--from", str(evil)), "refuses to unpack a member outside its folder")
    assert not (tmp_path / "x.sh").exists() and not (tmp_path / "cache").exists()


def test_serve_without_an_install_says_how_to_get_one(bare_path):
    result = CliRunner().invoke(main, ["languagetool", "serve", "--port", "0"])
    one_line_error(result, "LanguageTool is not installed (run `artlint languagetool install` first)")


def test_the_languagetool_commands_do_not_import_heavy_modules():
    import subprocess

    code = ("import sys; from linter.cli import main; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('wordfreq', 'language_tool_python', 'spacy')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "[]", out.stderr
