"""Acceptance views over the real corpus (../shared/corpus, bundled e5 model): what a trainer shows in a
workshop, in large type. Screenshots land in test-artifacts/web/real/ (docs/screenshots/ are copies)."""

from __future__ import annotations

import csv
import io
from urllib.parse import quote

import pytest

from tests.web.conftest import NO_SELENIUM, SLD, Page

pytest.importorskip("selenium", reason=NO_SELENIUM)

pytestmark = pytest.mark.slow

KON_TUM = "kh-kontum-actip"
KIEN_GIANG = "kh-kiengiang-78-2021"
DONG_NAI = "kh-dongnai-2026-2030"
VICTIM_TASK = "3. Đẩy mạnh công tác tiếp nhận, xác minh, bảo vệ và hỗ trợ nạn nhân bị mua bán"
WIDTH, HEIGHT = 1600, 900  # a 1080p projector at 120 % zoom, or a 1600×900 laptop


def test_ask_kon_tum_victim_support_and_open_the_source(real_page: Page) -> None:
    page = real_page.open("/?large=1", width=WIDTH, height=HEIGHT)
    card = page.ask("Ai chủ trì hỗ trợ nạn nhân ở Kon Tum?")
    assert "abstained" not in card.get_attribute("class")
    assert "Sở Lao động - Thương binh và Xã hội" in page.find("#ask-result .answer-text").text
    first = page.find("#ask-result .citation")
    assert first.get_attribute("data-section").startswith(KON_TUM + "#")
    assert "Kon Tum" in first.text
    page.shot("ask", top="#ask-result")

    page.find("#ask-result .answer-text .cite-ref").click()
    mark = page.find("#source .section-text mark")
    assert "Sở Lao động" in mark.text and "chủ trì" in mark.text
    crumbs = [li.text for li in page.all("#source .breadcrumbs li")]
    assert crumbs[0] == "Kon Tum · Kế hoạch Kon Tum"
    assert VICTIM_TASK in crumbs
    page.shot("source", top="#ask-result")


def test_matrix_kon_tum_shows_who_leads_victim_support(real_page: Page) -> None:
    page = real_page.open(f"/?large=1#/matrix?doc={KON_TUM}", width=WIDTH, height=HEIGHT)
    page.find("table.matrix")
    assert page.matrix_cell(VICTIM_TASK, SLD)["role"] == "lead"
    assert page.matrix_cell(VICTIM_TASK, SLD)["mark"] == "●"
    assert page.matrix_cell(VICTIM_TASK, "Công an tỉnh")["role"] == "lead"
    assert page.matrix_cell("1. Tuyên truyền", SLD)["role"] == "coord"
    assert page.matrix_cell("1. Tuyên truyền", SLD)["mark"] == "○"
    page.shot("matrix", top="#matrix-title")

    page.click("#matrix-csv")
    url = page.until(lambda: page.js("return tipApp.state.csv && tipApp.state.csv.url"), "the CSV")
    raw = page.fetch_bytes(url)
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    header = rows[0]
    victims = next(r for r in rows if r[2] == VICTIM_TASK)
    assert victims[1] == "II.3"
    assert victims[header.index(SLD)] == "chủ trì"
    assert victims[header.index("Công an tỉnh")] == "chủ trì"

    page.js(
        """const [task, agency] = arguments;
        const row = [...document.querySelectorAll('table.matrix tbody tr')].find(tr => tr.querySelector('th.task').textContent.startsWith(task));
        row.querySelector(`td.lead button[aria-label^="${agency}"]`).click();""",
        VICTIM_TASK,
        SLD,
    )
    mark = page.find("#source .section-text mark")
    assert mark.text.startswith("- Sở Lao động Thương binh và Xã hội chủ trì")
    page.click("#source-close")

    page.open(f"/#/matrix?jurisdiction={quote('Kon Tum')}", width=WIDTH, height=HEIGHT)
    page.find("table.matrix")
    assert page.matrix_cell(VICTIM_TASK, SLD)["role"] == "lead"


def test_compare_victim_support_in_kon_tum_kien_giang_and_dong_nai(real_page: Page) -> None:
    page = real_page.open("/?large=1#/compare", width=WIDTH, height=HEIGHT)
    page.find("#compare-plans input")
    page.type("#compare-input", "Cơ quan nào chủ trì hỗ trợ nạn nhân bị mua bán?")
    wanted = {KON_TUM, KIEN_GIANG, DONG_NAI}
    for box in page.all("#compare-plans input"):
        if box.is_selected() != (box.get_attribute("value") in wanted):
            box.click()
    page.find("#compare-submit").click()
    cols = page.answered_columns(3)
    by_doc = {c.get_attribute("data-doc"): c for c in cols}
    assert set(by_doc) == wanted
    assert {c.find_element("css selector", "h3").text for c in cols} == {"Kon Tum", "Kiên Giang", "Đồng Nai"}
    for doc, col in by_doc.items():
        assert "abstain" not in col.text.lower()
        cited = col.find_element("css selector", ".cited")
        assert cited.get_attribute("data-section").startswith(doc + "#")
        assert cited.find_element("css selector", "mark").text
        assert "chủ trì" in col.find_element("css selector", ".answer-text").text.lower()
    for doc in (KON_TUM, KIEN_GIANG):
        assert "Sở Lao động" in by_doc[doc].find_element("css selector", ".answer-text").text
    page.shot("compare", top="#compare-result")


def test_landing_lists_the_real_documents(real_page: Page) -> None:
    page = real_page.open("/", width=WIDTH, height=HEIGHT)
    items = {li.get_attribute("data-doc"): li.text for li in page.all("#landing .doc-list li")}
    assert {KON_TUM, KIEN_GIANG, DONG_NAI} <= set(items)
    assert "Kon Tum" in items[KON_TUM] and "Kiên Giang" in items[KIEN_GIANG]
    page.shot("landing")


def test_matrix_with_agencies_as_rows_for_the_projector(real_page: Page) -> None:
    page = real_page.open(f"/?large=1#/matrix?doc={KON_TUM}", width=WIDTH, height=HEIGHT)
    page.find("table.matrix")
    page.click("#matrix-transpose")
    cell = page.find(f"table.matrix.transposed td[data-agency='{SLD}'][data-task='{KON_TUM}#II.3']")
    assert cell.get_attribute("data-role") == "lead"
    page.shot("matrix-by-agency", top="#matrix-title")
    page.click("#matrix-transpose")  # back to the default for the other tests
    page.find("table.matrix:not(.transposed)")


PHONE = 400, 860  # the narrowest phone the page is checked at


def test_every_view_on_a_400px_phone(real_page: Page) -> None:
    overflow = "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
    page = real_page.open("/", width=PHONE[0], height=PHONE[1])
    page.find("#landing .doc-list li")
    assert page.js(overflow) <= 0
    page.shot("landing-400", top="#landing")

    card = page.ask("Ai chủ trì hỗ trợ nạn nhân ở Kon Tum?")
    assert "Sở Lao động" in card.text and page.js(overflow) <= 0
    page.shot("ask-400", top="#ask-result")
    page.click("#ask-result .citation")
    assert "Sở Lao động" in page.find("#source .section-text mark").text
    page.shot("source-400")

    page.js(f"location.hash = '#/matrix?doc={KON_TUM}'")  # the panel closes with the view change
    page.until(lambda: page.js("return document.querySelector('#source').hidden"), "the panel to close")
    page.find("table.matrix")
    assert page.js(overflow) <= 0
    page.shot("matrix-400", top="#matrix-title")

    page.open("/#/compare", width=PHONE[0], height=PHONE[1])
    page.type("#compare-input", "Cơ quan nào chủ trì hỗ trợ nạn nhân bị mua bán?")
    wanted = {KON_TUM, KIEN_GIANG}
    for box in page.all("#compare-plans input"):
        if box.is_selected() != (box.get_attribute("value") in wanted):
            box.click()
    page.find("#compare-submit").click()
    page.answered_columns(2)
    assert page.js(overflow) <= 0
    page.shot("compare-400", top="#compare-result")


FOLLOW_UPS = [
    (
        "Ai chủ trì hỗ trợ nạn nhân ở Kon Tum?",
        "Hiểu câu hỏi là: Ai chủ trì hỗ trợ nạn nhân ở Kon Tum?",
        KON_TUM,
    ),
    ("còn Kiên Giang?", "Hiểu câu hỏi là: Ai chủ trì hỗ trợ nạn nhân ở Kiên Giang?", KIEN_GIANG),
]


@pytest.mark.parametrize(("width", "height", "name"), [(WIDTH, HEIGHT, "thread"), (*PHONE, "thread-400")])
def test_a_follow_up_thread(real_page: Page, width: int, height: int, name: str) -> None:
    page = real_page.open("/?large=1" if width == WIDTH else "/", width=width, height=height)
    for question, understood, doc in FOLLOW_UPS:
        card = page.ask(question)
        assert page.find("#ask-result .answer-card:not(.earlier) .understood").text.startswith(understood)
        assert "abstained" not in card.get_attribute("class")
        assert page.find("#ask-result .citation").get_attribute("data-section").startswith(doc + "#")
    assert "Sở Lao động" in page.find("#ask-result .answer-card:not(.earlier) .answer-text").text
    earlier = page.all("#ask-result .thread-earlier .answer-card")
    assert len(earlier) == 1 and "Kon Tum" in earlier[0].text
    assert page.js("return document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    page.shot(name, top="#ask-result")
