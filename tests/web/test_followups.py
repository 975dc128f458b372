"""Threads on the workshop page in headless Chromium, over the real API (the invented places corpus: Kon Tum,
Đồng Nai, Hòa Bình): follow-ups in Vietnamese, English and unaccented Vietnamese, the "Hiểu câu hỏi là"
line on every answer, the earlier turns above the latest (a chat), Back within a thread, and the new-thread button."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.web.conftest import ARTIFACTS, NO_SELENIUM, Page, app_server
from tip.settings import Settings

pytest.importorskip("selenium", reason=NO_SELENIUM)

THREADS = {
    "vi": (
        "/",
        [
            (
                "Ai chủ trì hỗ trợ nạn nhân ở Kon Tum?",
                "Hiểu câu hỏi là: Ai chủ trì hỗ trợ nạn nhân ở Kon Tum? · địa bàn: Kon Tum",
                "Sở Y tế",
            ),
            (
                "còn Đồng Nai?",
                "Hiểu câu hỏi là: Ai chủ trì hỗ trợ nạn nhân ở Đồng Nai? · địa bàn: Đồng Nai",
                "Sở Nội vụ",
            ),
            (
                "ai phối hợp?",
                "Hiểu câu hỏi là: Ai phối hợp hỗ trợ nạn nhân ở Đồng Nai? · địa bàn: Đồng Nai",
                "Sở Y tế",
            ),
            (
                "nguồn đâu?",
                "Hiểu câu hỏi là: Nguồn của câu trả lời cho «Ai phối hợp hỗ trợ nạn nhân ở Đồng Nai?» · địa bàn: Đồng Nai · văn bản: 07/KH-UBND",
                "07/KH-UBND",
            ),
        ],
    ),
    "en": (
        "/?lang=en",
        [
            (
                "Who leads victim support in Kon Tum?",
                "Understood as: Who leads victim support in Kon Tum? · place: Kon Tum",
                "Sở Y tế",
            ),
            (
                "what about Dong Nai?",
                "Understood as: Who leads victim support in Đồng Nai? · place: Đồng Nai",
                "Sở Nội vụ",
            ),
            (
                "and who coordinates?",
                "Understood as: Who coordinates victim support in Đồng Nai? · place: Đồng Nai",
                "Sở Y tế",
            ),
        ],
    ),
    "vi-nodiac": (
        "/",
        [
            (
                "ai chu tri ho tro nan nhan o kon tum",
                "Hiểu câu hỏi là: Ai chủ trì hỗ trợ nạn nhân ở Kon Tum · địa bàn: Kon Tum",
                "Sở Y tế",
            ),
            (
                "con dong nai thi sao",
                "Hiểu câu hỏi là: Ai chủ trì hỗ trợ nạn nhân ở Đồng Nai? · địa bàn: Đồng Nai",
                "Sở Nội vụ",
            ),
            (
                "ai phoi hop",
                "Hiểu câu hỏi là: Ai phối hợp hỗ trợ nạn nhân ở Đồng Nai? · địa bàn: Đồng Nai",
                "Sở Y tế",
            ),
        ],
    ),
}


@pytest.fixture(scope="module")
def places_site(places_settings: Settings) -> Iterator[str]:
    with app_server(places_settings.with_overrides(rate_limit_per_minute=0)) as url:
        yield url


@pytest.fixture
def page(driver: Any, places_site: str) -> Page:
    return Page(driver, places_site, ARTIFACTS / "places")


def understood(page: Page) -> str:
    return str(page.find("#ask-result .answer-card:not(.earlier) .understood").text)


@pytest.mark.parametrize("lang", list(THREADS))
def test_a_thread_of_follow_ups_on_the_page(page: Page, lang: str) -> None:
    path, turns = THREADS[lang]
    page.open(path)
    for n, (message, line, word) in enumerate(turns, 1):
        card = page.ask(message)
        assert understood(page) == line
        assert word in card.find_element("css selector", ".answer-text").text
        earlier = page.all("#ask-result .thread-earlier .answer-card")
        assert len(earlier) == n - 1  # the earlier turns, oldest first, above the latest
        if earlier:
            assert turns[n - 2][0] in earlier[-1].find_element("css selector", ".question").text
    assert page.find("#new-thread").is_displayed()
    page.shot(f"thread-{lang}", top="#ask-result")
    assert page.js("return document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0


def test_back_shows_an_earlier_turn_without_asking_it_again(page: Page) -> None:
    page.open("/")
    page.ask("Ai chủ trì hỗ trợ nạn nhân ở Kon Tum?")
    page.ask("còn Đồng Nai?")
    answers = page.js("return tipApp.state.thread.turns.map(t => t.result.answer_id)")
    page.driver.back()
    page.until(lambda: "ở Kon Tum?" in understood(page), "the first turn again")
    assert page.js("return tipApp.state.thread.turns.map(t => t.result.answer_id)") == answers
    page.driver.forward()
    page.until(lambda: "ở Đồng Nai?" in understood(page), "the follow-up again")


def test_the_new_thread_button_starts_afresh(page: Page) -> None:
    page.open("/")
    page.ask("Ai chủ trì hỗ trợ nạn nhân ở Kon Tum?")
    page.ask("ai phối hợp?")
    assert understood(page).startswith("Hiểu câu hỏi là: Ai phối hợp hỗ trợ nạn nhân ở Kon Tum?")
    page.click("#new-thread")
    page.until(
        lambda: page.js("return document.querySelector('#landing').hidden === false"), "the landing view"
    )
    assert not page.all("#ask-result .answer-card") and page.find("#ask-input").get_attribute("value") == ""
    page.ask("ai phối hợp?")
    assert understood(page) == "Hiểu câu hỏi là: Ai phối hợp?"  # read on its own, not about Kon Tum
    assert not page.all("#ask-result .thread-earlier")


def test_a_direct_question_shows_how_it_was_read(page: Page) -> None:
    page.open("/?lang=en")
    page.ask("hoa binh ai chu tri tuyen truyen")
    assert understood(page) == "Understood as: Hòa Bình ai chủ trì tuyên truyền · place: Hòa Bình"
