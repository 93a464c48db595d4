"""The text classifier shared by the bot's components and the danger recogniser."""

import numpy as np
import pytest

from multilingual.classifier import TextClassifier

TEXTS = ["food parcel", "rent money", "child benefit", "food for the kids", "pay the rent", "benefit for children"]


@pytest.mark.parametrize(
    "labels",
    [["food", "rent", "child", "food", "rent", "child"], ["food", "other", "other", "food", "other", "other"]],
)
def test_its_probabilities_are_those_of_the_logistic_regression_also_after_saving(labels: list[str]) -> None:
    classifier = TextClassifier(regularisation=5.0)
    classifier.fit(TEXTS, labels)
    asked = ["kids food", "rent", "nothing alike", ""]
    expected = classifier._model.predict_proba(classifier._features(asked))
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
