import pytest

from index.lexical import english_stem, singular


@pytest.mark.parametrize(
    ("plural", "single"),
    [
        ("victims", "victim"),
        ("parties", "party"),
        ("businesses", "business"),
        ("business", "business"),
        ("witnesses", "witness"),
        ("searches", "search"),
        ("measures", "measure"),
        ("boxes", "box"),
        ("bus", "bus"),
        ("nhiều", "nhiều"),
    ],
)
def test_english_plurals_read_as_their_singular(plural: str, single: str) -> None:
    assert singular(plural) == single


@pytest.mark.parametrize(
    "family",
    [
        ("extradite", "extradited", "extradition"),
        ("consent", "consented", "consenting"),
        ("cooperate", "cooperation", "cooperating"),
        ("repatriated", "repatriation", "repatriate"),
        ("protect", "protection", "protected"),
        ("agree", "agreed"),
        ("state", "states", "statement"),
        ("stop", "stopped", "stopping"),
        ("carry", "carrying", "carrier", "carriers"),
        ("traffic", "trafficking", "trafficked"),
        ("vulnerable", "vulnerability", "vulnerabilities"),
        ("legislation", "legislative"),
    ],
)
def test_an_english_word_family_is_one_term(family: tuple[str, ...]) -> None:
    assert len({english_stem(singular(w)) for w in family}) == 1


@pytest.mark.parametrize("word", ["nguyen", "nghe", "thuyen", "chuyen", "truong", "nguoi", "khoe", "tieng"])
def test_vietnamese_syllables_are_not_stemmed(word: str) -> None:
    assert english_stem(word) == word
