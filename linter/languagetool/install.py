"""`artlint languagetool install`: LanguageTool's server and English module
from Maven Central, or an official LanguageTool zip, into a cache folder.

This is the only place artlint fetches anything, and only when asked. Maven
resolves the small project in `pom.xml` (shipped beside this module) with
`dependency:copy-dependencies`; its local repository (~/.m2) keeps the jars,
so a second install on the same machine downloads nothing. An install is
built in a temporary folder and renamed into place only when complete;
`artlint-install.json`, written last, marks it complete."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
import time
import zipfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..model import LintError
from .local import MAIN_CLASS, MARKER, cache_dir

DEFAULT_VERSION = "6.6"
MIN_MAVEN = (3, 6, 3)
MAVEN_SECONDS = 1800


class InstallError(LintError):
    """A one-line reason the install could not be done."""


@dataclass(frozen=True)
class Installed:
    path: Path
    version: str
    source: str
    seconds: float
    cached: bool  # it was there already: nothing was fetched


def java_needed(version: str) -> int:
    """LanguageTool 6.6 and later need Java 17; older 6.x and 5.x Java 8."""
    return 17 if version_tuple(version) >= (6, 6) else 8


def version_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", text)[:3])


def run_tool(command: list[str], what: str, hint: str) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    except FileNotFoundError:
        raise InstallError(f"{what} not found on PATH: {hint}") from None
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise InstallError(f"`{' '.join(command)}` failed: {exc}") from None
    return done.stdout + done.stderr


def check_java(need: int) -> str:
    """The Java version, or InstallError when Java is missing or older than `need`."""
    hint = f"LanguageTool needs Java {need} or newer (e.g. apt-get install openjdk-17-jre-headless)"
    out = run_tool(["java", "-version"], "java", hint)
    found = re.search(r'version "(\d+)(?:\.(\d+))?', out)
    if not found:
        raise InstallError(f"cannot tell the Java version from `java -version`: {out.strip()[:80]!r}")
    major = int(found.group(1)) if found.group(1) != "1" else int(found.group(2) or 0)  # "1.8.0" is Java 8
    if major < need:
        raise InstallError(f"Java {major} is too old: {hint}")
    return str(major)


def check_maven() -> str:
    hint = "installing from Maven Central needs Maven 3.6.3 or newer (e.g. apt-get install maven), or use --from ZIP"
    out = run_tool(["mvn", "-v"], "mvn", hint)
    found = re.search(r"Apache Maven (\d+\.\d+(?:\.\d+)?)", out)
    if not found:
        raise InstallError(f"cannot tell the Maven version from `mvn -v`: {out.strip()[:80]!r}")
    if version_tuple(found.group(1)) < MIN_MAVEN:
        raise InstallError(f"Maven {found.group(1)} is too old: {hint}")
    return found.group(1)


def pom_for(version: str) -> str:
    if not re.fullmatch(r"\d+\.\d+(\.\d+)?(-[\w.]+)?", version):
        raise InstallError(f"{version!r} is not a LanguageTool version such as {DEFAULT_VERSION}")
    template = resources.files(__package__).joinpath("pom.xml").read_text(encoding="utf-8")
    return template.replace("@VERSION@", version)


def install_from_maven(version: str = DEFAULT_VERSION, folder: Path | None = None) -> Installed:
    folder = Path(folder) if folder else cache_dir()
    target = folder / f"LanguageTool-{version}"
    if (target / MARKER).is_file():
        return Installed(target, version, "maven", 0.0, cached=True)
    pom = pom_for(version)
    check_java(java_needed(version))
    check_maven()
    started = time.monotonic()
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".install-", dir=folder) as tmp:
        build = Path(tmp)
        (build / "pom.xml").write_text(pom, encoding="utf-8")
        libs = build / "install" / "libs"
        command = ["mvn", "-B", "-q", "-f", str(build / "pom.xml"),
                   "org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy-dependencies",
                   f"-DoutputDirectory={libs}", "-DincludeScope=runtime"]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=MAVEN_SECONDS)
        except subprocess.TimeoutExpired:
            raise InstallError(f"Maven did not finish within {MAVEN_SECONDS} s") from None
        if done.returncode != 0:
            raise InstallError(f"Maven could not resolve LanguageTool {version}: {maven_reason(done.stdout + done.stderr)}")
        if not (libs / f"languagetool-server-{version}.jar").is_file():
            raise InstallError(f"Maven finished but languagetool-server-{version}.jar is not among the jars")
        write_marker(build / "install", version, "maven", ["libs/*"])
        replace_folder(build / "install", target)
    return Installed(target, version, "maven", time.monotonic() - started, cached=False)


def maven_reason(output: str) -> str:
    """The first error line of Maven's output, shortened."""
    errors = [line.removeprefix("[ERROR]").strip() for line in output.splitlines() if line.startswith("[ERROR]")]
    text = errors[0] if errors else (output.strip().splitlines() or ["no output"])[-1]
    return text[:300]


def install_from_zip(zip_path: Path, folder: Path | None = None) -> Installed:
    """Unpacks an official LanguageTool zip (LanguageTool-X.Y/ with
    languagetool-server.jar and libs/)."""
    folder = Path(folder) if folder else cache_dir()
    started = time.monotonic()
    try:
        archive = zipfile.ZipFile(zip_path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise InstallError(f"{zip_path}: not a readable zip file ({exc})") from None
    with archive:
        top, version = zip_layout(archive, zip_path)
        check_java(java_needed(version))
        target = folder / f"LanguageTool-{version}"
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=".install-", dir=folder) as tmp:
            for member in archive.infolist():
                if member.filename.startswith(top + "/"):
                    archive.extract(member, tmp)
            unpacked = Path(tmp) / top
            write_marker(unpacked, version, f"zip {Path(zip_path).name}", ["languagetool-server.jar", ".", "libs/*"])
            replace_folder(unpacked, target)
    return Installed(target, version, f"zip {Path(zip_path).name}", time.monotonic() - started, cached=False)


def zip_layout(archive: zipfile.ZipFile, zip_path: Path) -> tuple[str, str]:
    """The zip's top folder and LanguageTool version, after checking that no
    member would land outside it."""
    names = archive.namelist()
    servers = [n for n in names if re.fullmatch(r"[^/]+/languagetool-server\.jar", n)]
    if not servers:
        raise InstallError(f"{zip_path}: not a LanguageTool zip (no LanguageTool-X.Y/languagetool-server.jar in it)")
    top = servers[0].split("/")[0]
    unsafe = [n for n in names if n.startswith("/") or ".." in Path(n).parts]
    if unsafe:
        raise InstallError(f"{zip_path}: refuses to unpack a member outside its folder: {unsafe[0]!r}")
    found = re.search(r"\d+\.\d+(\.\d+)?", top)
    if not found:
        raise InstallError(f"{zip_path}: cannot tell the LanguageTool version from its folder {top!r}")
    return top, found.group()


def write_marker(folder: Path, version: str, source: str, classpath: list[str]) -> None:
    marker = {"version": version, "source": source, "classpath": classpath, "main": MAIN_CLASS}
    (folder / MARKER).write_text(json.dumps(marker, indent=2) + "\n", encoding="utf-8")


def replace_folder(new: Path, target: Path) -> None:
    """Moves a complete install into place, replacing an incomplete one."""
    if target.exists():
        shutil.rmtree(target)
    new.rename(target)
