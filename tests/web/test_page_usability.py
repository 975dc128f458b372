"""The rough edges a new user hit on the workshop page (issue 12, section 3), and /docs offline, in a real
headless Chromium over the invented mini corpus: the source panel closes on every view change, icons are
SVG (no emoji font needed), a 👎 counts at once, the matrix can put agencies in rows, and the landing view
says which documents are loaded."""

from __future__ import annotations

import json
import re

import httpx
import pytest

from tests.web.conftest import NO_SELENIUM, SLD, Page

pytest.importorskip("selenium", reason=NO_SELENIUM)

HOA_BINH = "kh-hoabinh-test"
DECISION = "qd-99-test"
WHO_LEADS = "Ai chủ trì hỗ trợ nạn nhân ở Hòa Bình?"
# Pictographs and the symbols block that holds ⏳ (U+23F3): these need a colour-emoji font.
EMOJI = re.compile("[\U0001f300-\U0001faff\u2300-\u23ff\u2b50\u2705\u274c]")
SOURCE_OPEN = "return !document.querySelector('#source').hidden"


def open_source_from_answer(page: Page) -> None:
    page.ask(WHO_LEADS)
    page.click("#ask-result .citation")
    page.find("#source mark")
    assert page.js(SOURCE_OPEN)


def wait_closed(page: Page, after: str) -> None:
    page.until(lambda: not page.js(SOURCE_OPEN), f"the source panel to close after {after}")
    assert not page.js("return document.body.classList.contains('source-open')")


# -- the source panel -----------------------------------------------------------------
def test_source_panel_closes_on_every_view_change(mini_page: Page) -> None:
    page = mini_page.open("/")
    open_source_from_answer(page)
    page.find("nav.tabs a[data-view='matrix']").click()  # a tab
    wait_closed(page, "a tab")

    page.driver.back()  # Back, to the answer
    page.find("#ask-result .answer-card")
    page.click("#ask-result .citation")
    page.find("#source mark")
    page.js("location.hash = '#/compare'")  # a hash link
    wait_closed(page, "a hash link")

    page.js(f"location.hash = '#/matrix?doc={HOA_BINH}'")
    page.find("table.matrix td.lead button").click()  # the matrix opens it too
    page.find("#source mark")
    page.driver.back()  # Back, from the matrix to the compare view
    wait_closed(page, "Back")
    assert page.js("return document.body.dataset.view") == "compare"


def test_source_panel_closes_on_a_phone_too(mini_page: Page) -> None:
    page = mini_page.open("/", width=400, height=800)
    open_source_from_answer(page)
    page.js("location.hash = '#/matrix'")
    wait_closed(page, "a view change on a phone")
    assert page.find("#matrix-scope").is_displayed()  # the view is not hidden under the panel


# -- icons ----------------------------------------------------------------------------
def test_feedback_and_warning_icons_are_svg_not_emoji(mini_page: Page) -> None:
    page = mini_page.open("/")
    page.ask(WHO_LEADS)
    for button in ("#ask-result .fb-up", "#ask-result .fb-down"):
        box = page.js(
            "const s = document.querySelector(arguments[0] + ' svg path').ownerSVGElement.getBoundingClientRect();"
            "return [s.width, s.height];",
            button,
        )
        assert box[0] >= 12 and box[1] >= 12, (button, box)
        assert page.find(button).get_attribute("aria-label")
    page.ask("Quy định về nuôi cá hồi ở Na Uy?")  # abstains: the warning sign is an icon too
    page.find("#ask-result .abstain-title svg.icon-alert")
    text = page.js("return document.body.innerText")
    assert not EMOJI.findall(text)


def test_loading_shows_an_svg_spinner(mini_page: Page) -> None:
    page = mini_page.open("/")
    page.ask(WHO_LEADS)
    page.js(  # hold the next answer back so that the loading line stays on screen
        """window.__fetch = window.fetch;
        window.fetch = (url, opts) => String(url).includes('/v1/ask') ? new Promise(() => {}) : window.__fetch(url, opts);"""
    )
    try:
        page.type("#ask-input", "Kinh phí thực hiện kế hoạch lấy từ đâu?")
        page.find("#ask-submit").click()
        spinner = page.find("#ask-result .loading svg.icon-spinner")
        assert spinner.size["width"] > 0
        assert not EMOJI.findall(page.find("#ask-result .loading").text)
        content = page.js("return getComputedStyle(document.querySelector('.loading'), '::before').content")
        assert content in ("none", "normal", "")
    finally:
        page.js("window.fetch = window.__fetch")


# -- feedback -------------------------------------------------------------------------
def exported(site: str) -> str:
    data = httpx.get(f"{site}/v1/feedback/export", params={"format": "json"}, timeout=10).json()
    return json.dumps(data, ensure_ascii=False)


def test_thumbs_down_is_recorded_at_once_and_the_comment_is_optional(mini_page: Page, mini_site: str) -> None:
    question = "Ai phối hợp hỗ trợ nạn nhân ở Hòa Bình?"
    page = mini_page.open("/")
    page.ask(question)
    page.find("#ask-result .fb-down").click()
    status = page.find("#ask-result .feedback-status.ok")
    assert "chưa đúng" in status.text and "không bắt buộc" in status.text
    assert page.find("#ask-result .fb-down").get_attribute("aria-pressed") == "true"
    assert question in exported(mini_site)  # recorded before any comment

    page.find("#ask-result .feedback-form textarea").send_keys("Thiếu Sở Y tế")
    page.find("#ask-result .feedback-send").click()
    page.until(lambda: "ghi chú" in page.find("#ask-result .feedback-status.ok").text, "the comment receipt")
    assert not page.all("#ask-result .feedback-form")
    dumped = exported(mini_site)
    assert "Thiếu Sở Y tế" in dumped and dumped.count(question) >= 1


# -- matrix with agencies as rows -----------------------------------------------------
def test_matrix_can_put_agencies_in_rows_with_horizontal_task_names(mini_page: Page) -> None:
    page = mini_page.open(f"/#/matrix?doc={HOA_BINH}")
    page.find("table.matrix")
    toggle = page.find("#matrix-transpose")
    assert toggle.get_attribute("aria-pressed") == "false"
    toggle.click()
    page.find("table.matrix.transposed")
    assert toggle.get_attribute("aria-pressed") == "true"
    agencies = [th.text for th in page.all("table.matrix.transposed tbody th.agency-name")]
    assert SLD in agencies and "Công an tỉnh" in agencies
    cell = page.find(f"table.matrix.transposed td[data-agency='{SLD}'][data-task='{HOA_BINH}#II.1']")
    assert cell.get_attribute("data-role") == "lead"
    heads = page.all("table.matrix.transposed thead th.task-head")
    assert heads and all(
        page.js("return getComputedStyle(arguments[0]).writingMode", th) == "horizontal-tb" for th in heads
    )
    assert "Hỗ trợ nạn nhân" in " ".join(th.text for th in heads)
    page.shot("matrix-by-agency")
    cell.find_element("css selector", "button").click()
    assert "Sở Lao động" in page.find("#source mark").text
    page.find("#source-close").click()

    page.open(f"/#/matrix?doc={HOA_BINH}", reset=False)  # remembered on this device
    page.find("table.matrix.transposed")
    page.find("#matrix-transpose").click()
    page.find("table.matrix:not(.transposed)")
    assert page.matrix_cell("1. Hỗ trợ nạn nhân", SLD)["role"] == "lead"


# -- landing --------------------------------------------------------------------------
def test_landing_view_lists_the_documents_loaded(mini_page: Page) -> None:
    page = mini_page.open("/")
    landing = page.find("#landing")
    assert "Văn bản đã nạp" in landing.text and "2 văn bản" in landing.text
    items = {li.get_attribute("data-doc"): li.text for li in page.all("#landing .doc-list li")}
    assert set(items) == {HOA_BINH, DECISION}
    assert "Kế hoạch phòng, chống mua bán người năm 2025 trên địa bàn tỉnh Hòa Bình" in items[HOA_BINH]
    assert (
        "Hòa Bình" in items[HOA_BINH] and "12/KH-UBND" in items[HOA_BINH] and "05/03/2025" in items[HOA_BINH]
    )
    assert "Toàn quốc" in items[DECISION] and "01/12/2024" in items[DECISION]
    page.shot("landing")

    page.find("#toggle-lang").click()
    assert "Documents loaded" in page.find("#landing").text
    assert "5 Mar 2025" in page.find(f"#landing li[data-doc='{HOA_BINH}']").text
    page.find("#toggle-lang").click()

    page.click(f"#landing li[data-doc='{HOA_BINH}'] a.doc-matrix")
    page.find("table.matrix")
    assert page.js("return document.body.dataset.view") == "matrix"
    assert page.js("return location.hash") == f"#/matrix?doc={HOA_BINH}"

    page.open("/")
    page.ask(WHO_LEADS)
    assert not page.all("#landing")  # the answer takes its place


def test_landing_fits_a_400px_phone(mini_page: Page) -> None:
    page = mini_page.open("/", width=400, height=800)
    page.find("#landing .doc-list li")
    assert page.js("return document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    page.shot("phone-landing", top="#landing")


# -- /docs offline --------------------------------------------------------------------
def same_origin_resources(page: Page) -> list[str]:
    urls = page.js("return performance.getEntriesByType('resource').map(e => e.name)")
    return [u for u in urls if not u.startswith(page.base)]


def test_swagger_ui_renders_from_local_files(mini_page: Page) -> None:
    page = mini_page
    page.driver.get(page.base + "/docs")
    page.until(lambda: len(page.all(".swagger-ui .opblock")) >= 10, "the Swagger UI operations")
    text = page.find(".swagger-ui").text
    assert "tip-assistant API" in text and "/v1/ask" in text and "/v1/responsibilities" in text
    assert same_origin_resources(page) == []
    page.shot("docs-swagger")
    page.find(".swagger-ui .opblock-post .opblock-summary").click()  # the example is filled in
    page.until(
        lambda: "Ai chủ trì hỗ trợ nạn nhân ở Kon Tum?" in page.find(".swagger-ui").text, "the example"
    )


def test_redoc_renders_from_local_files(mini_page: Page) -> None:
    page = mini_page
    page.driver.get(page.base + "/redoc")
    page.until(lambda: "list_documents" in page.js("return document.body.innerHTML"), "ReDoc's operations")
    assert "tip-assistant API" in page.js("return document.body.innerText")
    assert same_origin_resources(page) == []
