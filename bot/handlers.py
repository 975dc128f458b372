"""Telegram update handlers. Each one answers the user in a few seconds whatever the API does: API errors
become short messages here, anything else goes to the one error handler in bot.app."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any, cast

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatAction
from telegram.error import BadRequest, TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.client import ApiClient, ApiError, ApiRejected
from bot.format import (
    PAGE_LIMIT,
    match_place,
    places_of,
    render_answer,
    render_documents,
    render_unknown_place,
    section_pages,
    shown_citations,
)
from bot.state import (
    AnswerRecord,
    Callback,
    SlidingWindow,
    feedback_data,
    page_data,
    parse_callback,
    recall_answer,
    remember_answer,
    source_data,
)
from bot.texts import Lang, lang_of, msg, plain
from tip.settings import Settings
from tip.text import collapse_ws

log = logging.getLogger(__name__)
Context = ContextTypes.DEFAULT_TYPE
TYPING_EVERY_S = 4.5  # Telegram shows "typing…" for about 5 s
SOURCE_BUTTONS_PER_ROW = 3


@dataclass
class BotDeps:
    """What the handlers need, built once in bot.app.build_bot and kept in application.bot_data."""

    settings: Settings
    api: ApiClient
    limiter: SlidingWindow
    page_limit: int = PAGE_LIMIT

    def allowed(self, user_id: int) -> bool:
        users = self.settings.bot_allowed_users
        return "*" in users or str(user_id) in users


def deps_of(context: Context) -> BotDeps:
    return cast(BotDeps, context.bot_data["deps"])


def lang_for(update: Update) -> Lang:
    user = update.effective_user
    return lang_of(user.language_code if user else None)


def chat_data(context: Context) -> dict[str, Any]:
    """The chat's memory (always present for the updates these handlers receive)."""
    return context.chat_data if context.chat_data is not None else {}


async def reply(update: Update, text: str, markup: InlineKeyboardMarkup | None = None) -> Message | None:
    message = update.effective_message
    return await message.reply_text(text, reply_markup=markup) if message else None


# -- access control ------------------------------------------------------------------
async def guard(update: Update, context: Context) -> None:
    """Runs before every handler: users not in TIP_BOT_ALLOWED_USERS get their id (for the admin) and
    nothing else. The refusal is logged without the message text."""
    user = update.effective_user
    if user is not None and deps_of(context).allowed(user.id):
        return
    chat = update.effective_chat
    log.warning(
        "refused update %s: user_id=%s chat_id=%s", update.update_id, user and user.id, chat and chat.id
    )
    if user is not None:
        lang = lang_for(update)
        if update.callback_query:
            await update.callback_query.answer(plain(lang, "refused", user_id=user.id), show_alert=True)
        elif update.message:
            await update.message.reply_text(msg(lang, "refused", user_id=user.id))
    raise ApplicationHandlerStop


# -- commands ------------------------------------------------------------------------
async def cmd_start(update: Update, context: Context) -> None:
    await reply(update, msg(lang_for(update), "start"))


async def cmd_help(update: Update, context: Context) -> None:
    lang = lang_for(update)
    scope = chat_data(context).get("scope")
    now = msg(lang, "scope_line", scope=scope) if scope else msg(lang, "scope_line_none")
    await reply(
        update, f"{msg(lang, 'help', max_chars=deps_of(context).settings.max_question_chars)}\n\n{now}"
    )


async def cmd_docs(update: Update, context: Context) -> None:
    lang = lang_for(update)
    try:
        docs = await deps_of(context).api.documents()
    except ApiError as exc:
        await _api_failed(update, lang, exc)
        return
    for page in render_documents(docs, lang, deps_of(context).page_limit):
        await reply(update, page)


async def cmd_scope(update: Update, context: Context) -> None:
    """/scope <tỉnh> pins the chat's questions to one place; /scope alone clears it."""
    lang = lang_for(update)
    name = collapse_ws(" ".join(context.args or []))
    if not name:
        chat_data(context).pop("scope", None)
        await reply(update, msg(lang, "scope_cleared"))
        return
    try:
        places = places_of(await deps_of(context).api.documents())
    except ApiError as exc:
        await _api_failed(update, lang, exc)
        return
    place = match_place(name, places)
    if place is None:
        await reply(update, render_unknown_place(name, places, lang))
        return
    chat_data(context)["scope"] = place
    await reply(update, msg(lang, "scope_set", scope=place))


async def unknown_command(update: Update, context: Context) -> None:
    await reply(update, msg(lang_for(update), "unknown_command"))


async def not_text(update: Update, context: Context) -> None:
    await reply(update, msg(lang_for(update), "not_text"))


# -- questions -----------------------------------------------------------------------
async def on_question(update: Update, context: Context) -> None:
    """A plain-text message is a question: checked here, answered by the API, rendered with sources."""
    deps, lang = deps_of(context), lang_for(update)
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    question = collapse_ws(message.text or "")
    if problem := _question_problem(question, deps.settings.max_question_chars, lang):
        await reply(update, problem)
        return
    if not deps.limiter.allow(str(user.id)):
        log.info("rate limited user_id=%s", user.id)
        await reply(update, msg(lang, "rate_limited", limit=deps.limiter.limit))
        return
    scope = chat_data(context).get("scope")
    try:
        async with typing(context, message.chat_id):
            answer = await deps.api.ask(question, jurisdiction=scope)
    except ApiError as exc:
        await _api_failed(update, lang, exc)
        return
    cited = shown_citations(answer)
    key = remember_answer(chat_data(context), AnswerRecord(answer.answer_id, cited, lang))
    pages = render_answer(answer, lang, scope, deps.page_limit)
    for page in pages[:-1]:
        await reply(update, page)
    await reply(update, pages[-1], answer_keyboard(key, len(cited), lang))


def _question_problem(question: str, max_chars: int, lang: Lang) -> str | None:
    """Why the question is not sent to the API (empty or too long), or None."""
    if not question:
        return msg(lang, "empty")
    if len(question) > max_chars:
        return msg(lang, "too_long", length=len(question), max_chars=max_chars)
    return None


@contextlib.asynccontextmanager
async def typing(context: Context, chat_id: int) -> AsyncIterator[None]:
    """Show 'typing…' now and every few seconds until the block ends (a failure here is only cosmetic)."""

    async def keep_typing() -> None:
        while True:
            await asyncio.sleep(TYPING_EVERY_S)
            with contextlib.suppress(TelegramError):
                await context.bot.send_chat_action(chat_id, ChatAction.TYPING)

    with contextlib.suppress(TelegramError):
        await context.bot.send_chat_action(chat_id, ChatAction.TYPING)
    task = asyncio.create_task(keep_typing())
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def _api_failed(update: Update, lang: Lang, exc: ApiError) -> None:
    """API trouble → one short message; the bot keeps running and the next question tries again."""
    if isinstance(exc, ApiRejected):
        log.info("API refused a request: %s %s", exc.status, exc.code)
        await reply(update, msg(lang, "rejected", reason=exc.message or exc.code))
        return
    log.warning("API unavailable: %s", exc)
    await reply(update, msg(lang, "unavailable"))


def answer_keyboard(key: str, sources: int, lang: Lang) -> InlineKeyboardMarkup:
    """📄 one button per source, then 👍 / 👎; the buttons carry only the answer's short key."""
    buttons = [
        InlineKeyboardButton(plain(lang, "source_button", n=n), callback_data=source_data(key, n))
        for n in range(1, sources + 1)
    ]
    rows = [buttons[i : i + SOURCE_BUTTONS_PER_ROW] for i in range(0, len(buttons), SOURCE_BUTTONS_PER_ROW)]
    rows.append(
        [
            InlineKeyboardButton("👍", callback_data=feedback_data(key, "up")),
            InlineKeyboardButton("👎", callback_data=feedback_data(key, "down")),
        ]
    )
    return InlineKeyboardMarkup(rows)


def pager_keyboard(key: str, n: int, page: int, pages: int) -> InlineKeyboardMarkup | None:
    """◀ / ▶ between the pages of a long section (only the arrows that lead somewhere)."""
    row = []
    if page > 0:
        row.append(InlineKeyboardButton("◀", callback_data=page_data(key, n, page - 1)))
    if page < pages - 1:
        row.append(InlineKeyboardButton("▶", callback_data=page_data(key, n, page + 1)))
    return InlineKeyboardMarkup([row]) if row else None


# -- buttons -------------------------------------------------------------------------
async def on_button(update: Update, context: Context) -> None:
    """📄 opens a source, ◀/▶ turn its pages, 👍/👎 send feedback; presses on forgotten answers expire."""
    query = update.callback_query
    if query is None:
        return
    lang = lang_for(update)
    press = parse_callback(query.data)
    record = recall_answer(chat_data(context), press.key) if press else None
    if press is None or record is None:
        await query.answer(plain(lang, "expired"), show_alert=True)
        return
    if press.action == "fb":
        await _feedback(update, context, press, record)
    else:
        await _show_source(update, context, press, record)


async def _feedback(update: Update, context: Context, press: Callback, record: AnswerRecord) -> None:
    query, lang = update.callback_query, record.lang
    assert query is not None
    if record.voted:
        await query.answer(plain(lang, "already_voted"))
        return
    try:
        await deps_of(context).api.feedback(record.answer_id, press.rating)
    except ApiError as exc:
        log.warning("feedback not sent: %s", exc)
        await query.answer(plain(lang, "unavailable"), show_alert=True)
        return
    record.voted = True
    await query.answer(plain(lang, "thanks"))


async def _show_source(update: Update, context: Context, press: Callback, record: AnswerRecord) -> None:
    query, lang = update.callback_query, record.lang
    assert query is not None
    if not 1 <= press.n <= len(record.citations):
        await query.answer(plain(lang, "expired"), show_alert=True)
        return
    text = await _section_text(deps_of(context).api, record, press.n)
    if text is None:
        await query.answer(plain(lang, "unavailable"), show_alert=True)
        return
    pages = section_pages(press.n, record.citations[press.n - 1], text, lang, deps_of(context).page_limit)
    page = min(max(press.page, 0), len(pages) - 1)
    markup = pager_keyboard(press.key, press.n, page, len(pages))
    await query.answer()
    if press.action == "src" or query.message is None:
        chat_id = query.message.chat.id if query.message else query.from_user.id
        await context.bot.send_message(chat_id, pages[page], reply_markup=markup)
        return
    with contextlib.suppress(BadRequest):  # "message is not modified" after a double press
        await query.edit_message_text(pages[page], reply_markup=markup)


async def _section_text(api: ApiClient, record: AnswerRecord, n: int) -> str | None:
    """The full section: from the API once (then remembered), else the text that came with the answer."""
    if n in record.section_texts:
        return record.section_texts[n]
    citation = record.citations[n - 1]
    try:
        text = (await api.section(citation.section_id)).text
    except ApiError as exc:
        log.warning("section %s not fetched, using the answer's copy: %s", citation.section_id, exc)
        text = ""
    text = text or citation.text
    if text:
        record.section_texts[n] = text
    return text or None


# -- errors --------------------------------------------------------------------------
async def on_error(update: object, context: Context) -> None:
    """The one global error handler: log (without message text) and tell the user, never crash."""
    update_id = update.update_id if isinstance(update, Update) else None
    log.error("error while handling update %s: %r", update_id, context.error, exc_info=context.error)
    if isinstance(update, Update) and update.effective_chat is not None:
        lang = lang_for(update)
        with contextlib.suppress(TelegramError):
            await context.bot.send_message(update.effective_chat.id, msg(lang, "error"))
