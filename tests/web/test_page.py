"""The workshop page over the invented mini corpus (a Hòa Bình plan and a national decision): every view,
the escaping of document text, filters, feedback, the API-key prompt, language, large type, phone, print."""

from __future__ import annotations

import base64
import csv
import io
import json
import re
import time
from urllib.parse import quote

import httpx
import pytest

from tests.web.conftest import API_KEY, ARTIFACTS, NO_SELENIUM, SLD, Page

pytest.importorskip("selenium", reason=NO_SELENIUM)

HOA_BINH = "kh-hoabinh-test"
DECISION = "qd-99-test"
WHO_LEADS = "Ai chủ trì hỗ trợ nạn nhân ở Hòa Bình?"


# -- serving --------------------------------------------------------------------------
def test_page_and_assets_are_served_without_outside_resources(mini_site: str) -> None:
    with httpx.Client(base_url=mini_site, timeout=10) as client:
        home = client.get("/")
        assert home.status_code == 200 and "text/html" in home.headers["content-type"]
        assert '<script src="/static/app.js"' in home.text and "/static/app.css" in home.text
        for asset, kind in [
            ("/static/app.js", "javascript"),
            ("/static/app.css", "text/css"),
            ("/static/icon.svg", "svg"),
        ]:
            r = client.get(asset)
            assert r.status_code == 200 and kind in r.headers["content-type"], asset
            assert "https://" not in r.text and "http://" not in r.text.replace(
                "http://www.w3.org/2000/svg", ""
            ), asset
        assert "https://" not in home.text and "http://" not in home.text


# -- ask ------------------------------------------------------------------------------
def test_ask_shows_the_answer_with_numbered_citations(mini_page: Page) -> None:
    page = mini_page.open("/")
    card = page.ask(WHO_LEADS)
    assert "abstained" not in card.get_attribute("class")
    assert "Sở Lao động" in page.find("#ask-result .answer-text").text
    refs = page.all("#ask-result .answer-text .cite-ref")
    assert refs and refs[0].text.strip("[]") == "1"
    items = page.all("#ask-result ol.citations > li")
    assert len(items) >= 2
    first = page.find("#ask-result .citation")
    assert first.get_attribute("data-section") == f"{HOA_BINH}#II.1.2"
    assert "12/KH-UBND · Hòa Bình" in first.text
    assert "Phân công thực hiện" in first.text
    assert "q=" in page.js("return location.hash")  # a question a trainer can bookmark or go back to
    page.shot("ask")


def test_citation_opens_the_section_with_the_quote_highlighted(mini_page: Page) -> None:
    page = mini_page.open("/")
    page.ask(WHO_LEADS)
    quote = page.js("return tipApp.state.ask.result.citations[0].quote")
    page.find("#ask-result .answer-text .cite-ref").click()
    mark = page.find("#source .section-text mark")
    assert mark.text == quote
    crumbs = [li.text for li in page.all("#source .breadcrumbs li")]
    assert crumbs == [
        "Hòa Bình · 12/KH-UBND",
        "II. NHIỆM VỤ VÀ PHÂN CÔNG",
        "1. Hỗ trợ nạn nhân bị mua bán trở về",
        "1.2. Phân công thực hiện:",
    ]
    # the whole section is shown, not only the quote
    assert "Công an tỉnh chủ trì" in page.find("#source .section-text").text
    assert "Sở Y tế" in page.find("#source .assignments").text
    page.shot("source")
    page.find("#source .nav-btn:last-child").click()  # next section
    page.until(
        lambda: page.find("#source .breadcrumbs li:last-child").text.startswith("2. Tuyên truyền"),
        "the next section",
    )
    assert not page.all("#source mark")
    page.driver.switch_to.active_element.send_keys("\ue00c")  # Escape closes the panel
    page.until(lambda: not page.all("#source"), "the panel to close")


def test_document_text_and_questions_are_shown_as_text_not_markup(mini_page: Page) -> None:
    """The plan says `"việc nhẹ lương cao" & các chiêu trò <lừa đảo>`: it must show as written."""
    page = mini_page.open(f"/#/matrix?doc={HOA_BINH}")
    page.find("table.matrix")
    page.js(
        """[...document.querySelectorAll('table.matrix td.lead button')]
          .find(b => b.getAttribute('aria-label').startsWith('Sở Thông tin')).click()"""
    )
    page.until(
        lambda: page.find("#source .breadcrumbs li:last-child").text == "b) Phân công:", "section II.2.b"
    )
    page.find("#source .source-nav .nav-btn").click()  # previous: II.2.a, the one with < & and quotes
    text_el = page.find("#source .section-text")
    page.until(lambda: "<lừa đảo>" in text_el.text, "section II.2.a")
    assert '"việc nhẹ lương cao" & các chiêu trò <lừa đảo>' in text_el.text
    assert page.js("return document.querySelector('#source .section-text').children.length") == 0
    assert (
        page.js(
            "return document.getElementsByTagName('lừa').length + document.querySelectorAll('script:not([src])').length"
        )
        == 0
    )

    page.open("/")
    card = page.ask('<img src=x onerror="window.pwned=1"> Ai chủ trì & "phối hợp"?')
    assert '<img src=x onerror="window.pwned=1">' in card.find_element("css selector", ".question").text
    assert page.js("return window.pwned === undefined && !document.querySelector('#ask-result img')")


def test_quote_finding_tolerates_spacing_dashes_and_shortened_quotes(mini_page: Page) -> None:
    page = mini_page.open("/")
    text = (
        "1.2. Phân công:\n- Sở Lao động – Thương binh  và Xã hội chủ trì, phối hợp Sở Y tế.\n- Công an tỉnh."
    )
    cases = {
        "Sở Lao động – Thương binh  và Xã hội chủ trì": "Sở Lao động – Thương binh  và Xã hội chủ trì",
        "sở lao động - thương binh và xã hội chủ trì": "Sở Lao động – Thương binh  và Xã hội chủ trì",
        "- Sở Lao động – Thương binh và Xã hội chủ trì, phối hợp…": "- Sở Lao động – Thương binh  và Xã hội chủ trì, phối hợp",
    }
    for quote_text, expected in cases.items():
        ranges = page.js("return tipApp.findQuote(arguments[0], arguments[1])", text, quote_text)
        assert [text[s:e] for s, e in ranges] == [expected], quote_text
    assert page.js("return tipApp.findQuote(arguments[0], 'không có trong mục')", text) == []


def test_abstained_answer_is_shown_as_such_with_see_also(mini_page: Page) -> None:
    page = mini_page.open("/")
    card = page.ask("Thời tiết ở Paris hôm nay thế nào?")
    assert "abstained" in card.get_attribute("class")
    assert page.find("#ask-result .abstain-title").text == "Không có câu trả lời có căn cứ"
    page.find("#ask-result .abstain-title svg.icon-alert")  # the warning sign, drawn without an emoji font
    assert "Các văn bản trong kho dữ liệu không trả lời câu hỏi này." in card.text  # the server's own words
    see_also = page.all("#ask-result ol.see-also .citation")
    assert see_also
    assert not page.all("#ask-result .answer-text .cite-ref")
    page.shot("ask-abstained")
    see_also[0].click()
    assert page.find("#source .section-text mark").text


@pytest.mark.parametrize(
    "question",
    ["hoa binh ai chu tri ho tro nan nhan", "Who leads victim support in Hoa Binh?"],
    ids=["no-diacritics", "english"],
)
def test_questions_without_diacritics_and_in_english(mini_page: Page, question: str) -> None:
    page = mini_page.open("/")
    card = page.ask(question)
    assert "abstained" not in card.get_attribute("class")
    assert page.find("#ask-result .citation").get_attribute("data-section").startswith(HOA_BINH + "#")
    assert "Sở Lao động" in page.find("#ask-result .answer-text").text


def test_filters_come_from_the_documents_and_restrict_the_answer(mini_page: Page) -> None:
    page = mini_page.open("/")
    page.until(
        lambda: page.js("return document.querySelectorAll('#filter-jurisdiction option').length") == 3,
        "documents",
    )
    options = page.js(
        "return [...document.querySelectorAll('#filter-jurisdiction option')].map(o => o.textContent)"
    )
    assert options == ["Tất cả", "Hòa Bình", "Toàn quốc"]
    page.find("#filter-docs summary").click()
    labels = [el.text for el in page.all("#filter-docs-list label")]
    assert any(label.startswith("Hòa Bình: 12/KH-UBND") for label in labels)
    assert any(label.startswith("Toàn quốc: 99/QĐ-TTg") for label in labels)
    page.find(f"#filter-docs-list input[value='{DECISION}']").click()
    assert page.find("#filter-docs-summary").text == "1 văn bản"
    page.ask("Ai chủ trì?")
    sections = [el.get_attribute("data-section") for el in page.all("#ask-result .citation")]
    assert sections and all(s.startswith(DECISION + "#") for s in sections)
    assert "docs=qd-99-test" in page.js("return location.hash")
    assert "99/QĐ-TTg" in page.find("#ask-result .scope").text

    page.open("/")
    page.find("#filter-jurisdiction")
    page.js(
        "const s = document.querySelector('#filter-jurisdiction'); s.value = 'Hòa Bình'; s.dispatchEvent(new Event('change'))"
    )
    assert page.js("return [...document.querySelectorAll('#filter-docs-list input')].map(i => i.value)") == [
        HOA_BINH
    ]
    page.ask("Kinh phí thực hiện lấy từ đâu?")
    sections = [el.get_attribute("data-section") for el in page.all("#ask-result .citation")]
    assert sections and all(s.startswith(HOA_BINH + "#") for s in sections)


def test_back_button_returns_to_the_previous_question(mini_page: Page) -> None:
    page = mini_page.open("/")
    page.ask(WHO_LEADS)
    page.ask("Kinh phí thực hiện kế hoạch Hòa Bình lấy từ đâu?")
    page.driver.back()
    page.until(lambda: WHO_LEADS in page.find("#ask-result .question").text, "the first question again")
    assert page.find("#ask-input").get_attribute("value") == WHO_LEADS


# -- who does what --------------------------------------------------------------------
def test_matrix_shows_leads_and_coordinators_and_opens_the_assigning_paragraph(mini_page: Page) -> None:
    page = mini_page.open("/")
    page.find("nav.tabs a[data-view='matrix']").click()
    page.find("#matrix-result .hint")
    page.js(
        "const s = document.querySelector('#matrix-scope'); s.value = 'doc:' + arguments[0]; s.dispatchEvent(new Event('change'))",
        HOA_BINH,
    )
    page.find("table.matrix")
    assert f"#/matrix?doc={HOA_BINH}" in page.js("return location.hash")
    assert page.matrix_cell("1. Hỗ trợ nạn nhân", SLD) == {"role": "lead", "mark": "●", "cls": "lead"}
    assert page.matrix_cell("1. Hỗ trợ nạn nhân", "Sở Y tế")["role"] == "coord"
    assert page.matrix_cell("1. Hỗ trợ nạn nhân", "Sở Tài chính")["role"] == ""
    assert page.matrix_cell("3. Truy tố", "Viện Kiểm sát nhân dân tỉnh")["role"] == "lead"
    heads = page.js(
        "return [...document.querySelectorAll('table.matrix thead th.agency')].map(th => th.textContent)"
    )
    assert heads[0] == "Công an tỉnh"  # most leads first
    assert (
        "Lọc" not in page.find("#matrix-title").text
        and "Hòa Bình: 12/KH-UBND" in page.find("#matrix-title").text
    )
    page.shot("matrix")
    page.find(f"table.matrix td.lead button[aria-label^='{SLD}']").click()
    mark = page.find("#source .section-text mark")
    assert mark.text.startswith("- Sở Lao động – Thương binh và Xã hội chủ trì, phối hợp Sở Y tế")
    page.find("#source-close").click()
    page.type("#matrix-agency", "cong an")  # without diacritics
    page.until(
        lambda: (
            page.js(
                "return [...document.querySelectorAll('table.matrix th.agency')].map(th => th.textContent)"
            )
            == ["Công an tỉnh"]
        ),
        "the agency filter",
    )


def test_matrix_csv_export_is_utf8_with_bom_for_excel(mini_page: Page) -> None:
    page = mini_page.open(f"/#/matrix?doc={HOA_BINH}")
    page.find("table.matrix")
    for old in page.driver.downloads.glob("*"):
        old.unlink()
    page.find("#matrix-csv").click()
    url = page.until(lambda: page.js("return tipApp.state.csv && tipApp.state.csv.url"), "the CSV")
    assert url.startswith("blob:")
    raw = page.fetch_bytes(url)
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert "\r\n" in text
    rows = list(csv.reader(io.StringIO(text)))
    header = rows[0]
    assert header[:3] == ["Văn bản", "Mục", "Nhiệm vụ"] and SLD in header and "Công an tỉnh" in header
    victims = next(r for r in rows if r[2] == "1. Hỗ trợ nạn nhân bị mua bán trở về")
    assert victims[:2] == ["12/KH-UBND", "II.1"]
    assert victims[header.index(SLD)] == "chủ trì"
    assert victims[header.index("Sở Y tế")] == "phối hợp"
    assert victims[header.index("Sở Tài chính")] == ""
    ARTIFACTS.joinpath("mini").mkdir(parents=True, exist_ok=True)
    ARTIFACTS.joinpath("mini", "matrix.csv").write_bytes(raw)
    # and the browser really saved it as a file, the way a trainer gets it
    deadline = time.monotonic() + 15
    saved = page.driver.downloads / "ai-lam-gi-kh-hoabinh-test.csv"
    while not saved.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert saved.read_bytes() == raw


def test_matrix_prints_on_a4_landscape(mini_page: Page) -> None:
    page = mini_page.open(f"/#/matrix?doc={HOA_BINH}")
    page.find("table.matrix")
    page_rule = page.js(
        """for (const sheet of document.styleSheets) for (const rule of sheet.cssRules)
             if (rule instanceof CSSPageRule) return rule.style.getPropertyValue('size');
           return null;"""
    )
    assert page_rule.lower() == "a4 landscape"
    page.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    assert page.js("return getComputedStyle(document.querySelector('.topbar')).display") == "none"
    assert (
        page.js("return getComputedStyle(document.querySelector('#matrix-csv').closest('.controls')).display")
        == "none"
    )
    assert page.js("return getComputedStyle(document.querySelector('table.matrix')).display") == "table"
    page.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    pdf = base64.b64decode(
        page.driver.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True})["data"]
    )
    ARTIFACTS.joinpath("mini").mkdir(parents=True, exist_ok=True)
    ARTIFACTS.joinpath("mini", "matrix.pdf").write_bytes(pdf)
    boxes = [tuple(float(v) for v in m.split()) for m in re.findall(rb"/MediaBox \[([0-9. ]+)\]", pdf)]
    assert len(boxes) == 1  # the whole matrix on one page
    _, _, width, height = boxes[0]
    assert abs(width - 842) < 2 and abs(height - 595) < 2  # A4 landscape, in points


# -- compare --------------------------------------------------------------------------
def test_compare_asks_once_per_plan_and_shows_each_cited_section(mini_page: Page) -> None:
    page = mini_page.open("/#/compare")
    page.find("#compare-plans input")
    page.type("#compare-input", "Ai chủ trì hỗ trợ nạn nhân?")
    for box in page.all("#compare-plans input"):
        if not box.is_selected():
            box.click()
    page.find("#compare-submit").click()
    cols = page.answered_columns(2)
    assert [c.get_attribute("data-doc") for c in cols] == [HOA_BINH, DECISION]
    assert cols[0].find_element("css selector", "h3").text == "Hòa Bình"
    assert cols[1].find_element("css selector", "h3").text == "Toàn quốc"
    for col, doc in zip(cols, [HOA_BINH, DECISION], strict=True):
        cited = col.find_elements("css selector", ".cited, .see-also .citation")
        assert cited and all(c.get_attribute("data-section").startswith(doc + "#") for c in cited)
    assert "Sở Lao động" in cols[0].find_element("css selector", ".answer-text").text
    assert cols[0].find_element("css selector", ".cited mark").text
    page.shot("compare")
    cols[0].find_element("css selector", ".open-full").click()
    assert page.find("#source .section-text mark").text


def test_compare_needs_two_plans(mini_page: Page) -> None:
    page = mini_page.open("/#/compare")
    page.find("#compare-plans input")
    for box in page.all("#compare-plans input"):
        if box.is_selected():
            box.click()
    page.find("#compare-submit").click()
    assert "ít nhất hai" in page.find("#compare-result .error-box").text


# -- feedback, key, language, large type, phone ---------------------------------------
def test_feedback_buttons_reach_the_api(mini_page: Page, mini_site: str) -> None:
    page = mini_page.open("/")
    page.ask(WHO_LEADS)
    page.find("#ask-result .fb-up").click()
    assert page.find("#ask-result .feedback-status.ok").text == "Cảm ơn, góp ý đã được ghi nhận."
    page.ask("Kinh phí thực hiện kế hoạch Hòa Bình lấy từ đâu?")
    page.find("#ask-result .fb-down").click()
    page.find("#ask-result .feedback-form textarea").send_keys("Thiếu nguồn xã hội hóa")
    page.find("#ask-result .feedback-send").click()
    page.find("#ask-result .feedback-status.ok")
    exported = httpx.get(f"{mini_site}/v1/feedback/export", params={"format": "json"}, timeout=10).json()
    dumped = json.dumps(exported, ensure_ascii=False)
    assert "Kinh phí thực hiện kế hoạch Hòa Bình lấy từ đâu?" in dumped and "Thiếu nguồn xã hội hóa" in dumped


def test_a_server_with_keys_asks_for_one_and_sends_it(keyed_page: Page) -> None:
    page = keyed_page.open("/")
    banner = page.find("#key-banner")
    assert "khóa API" in banner.text
    assert not page.all("#key-error")
    page.type("#key-input", "wrong-key")
    page.find("#key-form button").click()
    page.find("#key-error")
    page.type("#key-input", API_KEY)
    page.find("#key-form button").click()
    page.until(lambda: not page.all("#key-banner"), "the banner to close")
    assert not page.all("#key-error")
    card = page.ask(WHO_LEADS)
    assert "Sở Lao động" in card.text
    assert page.js("return localStorage.getItem('tip.apiKey')") == API_KEY
    page.open("/", reset=False)  # the key is remembered on this device
    page.until(
        lambda: page.js("return document.querySelectorAll('#filter-docs-list input').length") == 2,
        "documents",
    )
    assert not page.all("#key-banner")


def test_english_interface_has_every_label(mini_page: Page) -> None:
    page = mini_page.open("/")
    page.ask(WHO_LEADS)
    missing = page.js(
        """const s = tipApp.strings, vi = Object.keys(s.vi), en = Object.keys(s.en);
        return [...vi.filter(k => !(k in s.en)), ...en.filter(k => !(k in s.vi))];"""
    )
    assert missing == []
    unknown = page.js(
        """return [...document.querySelectorAll('[data-i18n],[data-i18n-placeholder],[data-i18n-title],[data-i18n-aria-label]')]
          .flatMap(el => [el.dataset.i18n, el.dataset.i18nPlaceholder, el.dataset.i18nTitle, el.dataset.i18nAriaLabel])
          .filter(k => k && !(k in tipApp.strings.vi && k in tipApp.strings.en));"""
    )
    assert unknown == []
    page.find("#toggle-lang").click()
    assert page.js("return document.documentElement.lang") == "en"
    assert [a.text for a in page.all("nav.tabs a")] == ["Ask", "Who does what", "Compare"]
    assert page.find("#ask-submit").text == "Ask"
    assert page.find("#toggle-lang").text == "Tiếng Việt"
    assert "Sources" in page.find("#ask-result").text  # the shown answer is re-labelled too
    assert page.find("#filter-docs-summary").text == "all"
    page.shot("ask-english")
    page.open("/", reset=False)
    assert page.find("#ask-submit").text == "Ask"  # remembered
    page.find("#toggle-lang").click()
    assert page.find("#ask-submit").text == "Hỏi"


def test_large_type_mode_for_the_projector(mini_page: Page) -> None:
    page = mini_page.open("/")
    size = "return parseFloat(getComputedStyle(document.documentElement).fontSize)"
    normal = page.js(size)
    toggle = page.find("#toggle-large")
    assert toggle.get_attribute("aria-pressed") == "false"
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "true"
    assert page.js(size) >= normal * 1.35
    page.ask(WHO_LEADS)
    page.shot("ask-large")
    page.open("/", reset=False)
    assert page.js(size) >= normal * 1.35  # remembered
    page.open("/?large=0", reset=False)
    assert page.js(size) == normal
    page.open(f"/?large=1#/ask?q={quote(WHO_LEADS)}")
    assert page.js(size) >= normal * 1.35
    page.find("#ask-result .answer-card")


def test_phone_layout_has_no_sideways_scrolling(mini_page: Page) -> None:
    page = mini_page.open("/", width=390, height=844)
    page.ask(WHO_LEADS)
    overflow = "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
    assert page.js(overflow) <= 0
    page.shot("phone-ask")
    page.find("#ask-result .citation").click()
    page.find("#source mark")
    width = page.js("return document.querySelector('#source').getBoundingClientRect().width")
    assert width >= page.js("return document.documentElement.clientWidth") - 1
    page.shot("phone-source")
    page.find("#source-close").click()
    page.open(f"/#/matrix?doc={HOA_BINH}", width=390, height=844)
    page.find("table.matrix")
    assert page.js(overflow) <= 0  # the table scrolls inside its own box
