"""`artlint languagetool install|serve|where`."""
from __future__ import annotations

import signal
import sys
import time
from pathlib import Path

import click

from ..model import LintError


@click.group("languagetool")
def languagetool():
    """A local LanguageTool for the grammar rules (installed only when asked)."""


@languagetool.command("install")
@click.option("--version", "version", default=None, help="LanguageTool version [default: 6.6].")
@click.option("--dir", "folder", type=click.Path(file_okay=False, path_type=Path),
              help="Install folder [default: $ARTLINT_CACHE/languagetool or ~/.cache/artlint/languagetool].")
@click.option("--from", "zip_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Unpack this official LanguageTool zip instead of resolving from Maven Central.")
def install(version, folder, zip_path):
    """Fetch LanguageTool's server and English module from Maven Central (needs Java and Maven)."""
    from .install import DEFAULT_VERSION, install_from_maven, install_from_zip

    if zip_path is not None:
        if version:
            raise click.UsageError("--version and --from ZIP: the zip says its own version")
        if not zip_path.is_file():
            raise LintError(f"{zip_path}: no such file")
        done = install_from_zip(zip_path, folder)
    else:
        done = install_from_maven(version or DEFAULT_VERSION, folder)
    how = "already installed" if done.cached else f"installed from {done.source} in {done.seconds:.1f} s"
    click.echo(f"LanguageTool {done.version} {how}: {done.path}")


@languagetool.command("serve")
@click.option("--port", type=click.IntRange(0, 65535), default=8081, show_default=True,
              help="Port on 127.0.0.1 (0: any free port).")
@click.option("--version", "version", default=None, help="Which installed version [default: the newest].")
@click.option("--dir", "folder", type=click.Path(file_okay=False, path_type=Path), help="Install folder, as for install.")
@click.option("--memory", default=None, help="Java heap limit, e.g. 512m or 2g [default: 1g].")
@click.option("--log", type=click.Path(dir_okay=False, path_type=Path),
              help="Append the server's own log here [default: server-PORT.log in the install].")
def serve(port, version, folder, memory, log):
    """Run the installed LanguageTool on 127.0.0.1 until interrupted (Ctrl-C or SIGTERM)."""
    from .client import ServerFault
    from .local import DEFAULT_MEMORY, LocalServer, free_port, local_install

    install = local_install(folder, version)
    if install is None:
        wanted = f"LanguageTool {version}" if version else "LanguageTool"
        raise LintError(f"{wanted} is not installed (run `artlint languagetool install` first)")
    port = port or free_port()
    log = log or install / f"server-{port}.log"
    try:
        server = LocalServer(install, port, memory=memory or DEFAULT_MEMORY, log=log)
    except ServerFault as exc:
        raise LintError(f"LanguageTool in {install}: {exc} (its log: {log})") from None
    stop = lambda *_: server.close()  # noqa: E731
    signal.signal(signal.SIGTERM, stop)
    click.echo(f"LanguageTool ({install.name}) listening on {server.url} "
               f"(ready in {server.startup_seconds:.1f} s, pid {server.process.pid})")
    sys.stdout.flush()
    try:
        while server.process.poll() is None:
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        server.close()


@languagetool.command("where")
@click.option("--dir", "folder", type=click.Path(file_okay=False, path_type=Path), help="Install folder.")
def where(folder):
    """Print the folder of the LanguageTool that `serve` and `server: auto` start."""
    from .local import local_install

    install = local_install(folder)
    if install is None:
        raise LintError("LanguageTool is not installed (run `artlint languagetool install` first)")
    click.echo(str(install))
