"""The text classifier shared by the bot's components and the danger recogniser."""

import csv
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from multilingual.classifier import TextClassifier, char_ngrams, word_ngrams

REPO = Path(__file__).resolve().parents[2]

TEXTS = ["food parcel", "rent money", "child benefit", "food for the kids", "pay the rent", "benefit for children"]


@pytest.mark.parametrize(
    "labels",
    [["food", "rent", "child", "food", "rent", "child"], ["food", "other", "other", "food", "other", "other"]],
)
def test_its_probabilities_are_those_of_the_logistic_regression_also_after_saving(labels: list[str]) -> None:
    classifier = TextClassifier(regularisation=5.0)
    classifier.fit(TEXTS, labels)
    asked = ["kids food", "rent", "nothing alike", ""]
    # The same model built from scikit-learn's own analyzers.
    vectorizers = [
        TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 5), sublinear_tf=True),
        TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True, token_pattern=r"(?u)\b\w+\b"),
    ]
    model = LogisticRegression(C=5.0, class_weight="balanced", solver="newton-cg", max_iter=3000, random_state=1)
    model.fit(hstack([vectorizer.fit_transform(TEXTS) for vectorizer in vectorizers]).tocsr(), labels)
    expected = model.predict_proba(hstack([vectorizer.transform(asked) for vectorizer in vectorizers]).tocsr())
    assert np.allclose(classifier.probability_rows(asked), expected)
    assert classifier.probabilities("kids food") == pytest.approx(
        dict(zip(classifier.classes, expected[0], strict=True))
    )
    reloaded = TextClassifier.from_dict(classifier.to_dict())
    assert np.allclose(reloaded.probability_rows(asked), expected)
    from_arrays = TextClassifier.from_arrays(classifier.to_arrays())
    assert np.allclose(from_arrays.probability_rows(asked), expected, atol=1e-6)


def test_a_text_in_a_script_it_never_saw_is_known_to_be_unknown() -> None:
    # Found when Ukrainian was added: every Cyrillic message had no feature at all, so the intercepts alone decided,
    # and the bot read each one as "yes" with 0.74 confidence (booking what the person had asked to change).
    classifier = TextClassifier(regularisation=5.0)
    classifier.fit(TEXTS, ["food", "rent", "child", "food", "rent", "child"])
    assert classifier.knows_any_of("food for us")
    assert not classifier.knows_any_of("ваш їжа")
    assert not classifier.knows_any_of("")


def test_it_reads_a_text_into_the_very_n_grams_scikit_learn_reads() -> None:
    # The classifier reads texts without scikit-learn (see the next test); a model trained before reads the same.
    analyzers = [
        (TfidfVectorizer(analyzer="char_wb", ngram_range=(shortest, 5)).build_analyzer(), shortest)
        for shortest in (1, 2)
    ]
    words = TfidfVectorizer(analyzer="word", ngram_range=(1, 2), token_pattern=r"(?u)\b\w+\b").build_analyzer()
    texts = ["", " ", "a", "Ab  c\td\n", "ΚΑΛΗΜΕΡΑ σας!!", "ana 3ayez mosa3da", "ولادي جوعانين", "x" * 12]
    for name in ("nlu_untouched.csv", "nlu_tuning.csv"):
        with (REPO / "tests" / "data" / name).open(encoding="utf-8") as rows:
            texts += [row[0] for row in csv.reader(line for line in rows if not line.startswith("#"))]
    assert len(texts) > 900
    for text in texts:
        for analyzer, shortest in analyzers:
            assert char_ngrams(text, shortest) == analyzer(text), text
        assert word_ngrams(text) == words(text), text


def test_the_hub_starts_without_importing_scikit_learn() -> None:
    # It took 1.8 of the 4.7 seconds a hub process needed to start (every test that starts a hub paid it).
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, kiosk_api.main; print(sorted({m.split('.')[0] for m in sys.modules}))"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "'sklearn'" not in loaded and "'scipy'" not in loaded


@pytest.mark.parametrize("labels", [["el", "rom", "en"], ["el", "rom"]])
def test_a_prior_offset_moves_a_close_call_towards_a_label_and_leaves_a_clear_one(labels: list[str]) -> None:
    """The language identifier gives Romani and Arabic a head start (bot/config.yml): Romani in Greek letters and
    Arabizi are the minority within their own label, so the classifier leans towards Greek and English."""
    classifier = TextClassifier(regularisation=5.0)
    texts = {
        "el": ["thelo xartia", "pou einai to grafeio"],
        "rom": ["mangav lil", "kaj si o grafeio"],
        "en": ["i want papers", "where is the office"],
    }
    classifier.fit([t for label in labels for t in texts[label]], [label for label in labels for _ in texts[label]])
    close = classifier.probabilities("grafeio")
    shifted = classifier.probabilities("grafeio", prior_offsets={"rom": 2.0})
    # Each label's score is its log-odds: the offset is added to Romani's and the rest keep their ratios.
    assert shifted["rom"] / shifted["el"] == pytest.approx(close["rom"] / close["el"] * np.exp(2.0))
    assert sum(shifted.values()) == pytest.approx(1.0)
    if "en" in labels:
        assert shifted["el"] / shifted["en"] == pytest.approx(close["el"] / close["en"])
    clear = classifier.probabilities("thelo xartia", prior_offsets={"rom": 0.75})
    assert max(clear, key=clear.__getitem__) == "el"
    assert classifier.probabilities("grafeio", prior_offsets={}) == pytest.approx(close)
