import pytest

from index.lexical import singular


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
