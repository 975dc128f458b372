"""English-language plans (translated provincial plans): who leads and who coordinates each task, read by
ingest/assignments_en.py. Invented texts, one per way of writing an assignment, with other agencies and
tasks than the fixture plan in tests/fixtures/docs_en."""

from __future__ import annotations

import pytest

from ingest.assignments_en import agency_title, extract_assignments_en, split_names
from ingest.structure import parse_sections
from tip.domain import Assignment, DocumentMeta

META = DocumentMeta(
    doc_id="plan-en",
    file="plan-en.md",
    doc_type="plan",
    title="Plan on trafficking prevention",
    jurisdiction="province",
    jurisdiction_name="Lâm Đồng",
    language="en",
)


def _assignments(text: str) -> list[Assignment]:
    return extract_assignments_en(META, parse_sections(META.doc_id, text, META.title))


def _rows(found: list[Assignment]) -> list[tuple[str, list[str], list[str]]]:
    return [(a.section_id.split("#")[1], a.leads, a.coordinators) for a in found]


def test_lead_agency_block_with_coordinators_and_timeline() -> None:
    found = _assignments(
        "III. MAIN TASKS\n\n1. Prevention\n\n1.1. Run a school contest on safe migration.\n\n"
        "Lead agency: Department of Education and Training.\n\n"
        "Coordinating agencies: Provincial Youth Union; Department of Culture, Sports and Tourism.\n\n"
        "Timeline: 2027."
    )
    assert _rows(found) == [
        (
            "III.1.1",
            ["Department of Education and Training"],
            ["Provincial Youth Union", "Department of Culture, Sports and Tourism"],
        )
    ]
    assert found[0].text.startswith("Lead agency:") and found[0].text.endswith("Timeline: 2027.")


def test_inline_lead_sentence_with_coordinators_ending_at_next_clause() -> None:
    found = _assignments(
        "IV. ORGANISATION OF IMPLEMENTATION\n\n"
        "1. The Provincial Police shall take the lead, in coordination with the Provincial Border Guard "
        "Command and the Department of Foreign Affairs, in rescuing citizens abroad.\n\n"
        "2. Hold a conference every year. The Department of Home Affairs shall be responsible for this task "
        "in cooperation with the Provincial Farmers' Union."
    )
    assert _rows(found) == [
        ("IV.1", ["Provincial Police"], ["Provincial Border Guard Command", "Department of Foreign Affairs"]),
        ("IV.2", ["Department of Home Affairs"], ["Provincial Farmers' Union"]),
    ]


def test_agency_titled_section_gives_its_points_to_that_agency() -> None:
    found = _assignments(
        "V. RESPONSIBILITIES\n\n1. Department of Justice\n\na) Guide legal aid for victims.\n\n"
        "b) Check marriage brokerage services.\n\n2. Provincial People's Court and Provincial People's Procuracy\n\n"
        "Try trafficking cases in time."
    )
    assert _rows(found) == [
        ("V.1.a", ["Department of Justice"], []),
        ("V.1.b", ["Department of Justice"], []),
        ("V.2", ["Provincial People's Court", "Provincial People's Procuracy"], []),
    ]


def test_objectives_and_targets_assign_nothing() -> None:
    assert (
        _assignments(
            "I. OBJECTIVES\n\n1. The Department of Health shall take the lead in raising awareness.\n\n"
            "II. TARGETS\n\nLead agency: Provincial Police."
        )
        == []
    )


@pytest.mark.parametrize(
    ("title", "agencies"),
    [
        ("3. Provincial Border Guard Command", ["Provincial Border Guard Command"]),
        ("4. Department of Culture, Sports and Tourism:", ["Department of Culture, Sports and Tourism"]),
        (
            "7. Women's Union, Youth Union and the Viet Nam Fatherland Front Committee of the province",
            ["Women's Union", "Youth Union", "Viet Nam Fatherland Front Committee of the province"],
        ),
        ("2. Reception and referral of victims", None),
        ("5. Reporting regime", None),
    ],
)
def test_agency_titles_and_task_titles(title: str, agencies: list[str] | None) -> None:
    assert agency_title(title) == agencies


def test_name_lists_split_between_names_only() -> None:
    assert split_names("the Department of Finance and the People's Committees of communes and wards") == [
        "Department of Finance",
        "People's Committees of communes and wards",
    ]
    assert split_names("Bank for Social Policies, Lam Dong Branch; Department of Health") == [
        "Bank for Social Policies, Lam Dong Branch",
        "Department of Health",
    ]
