"""Telegram update handlers. Each one answers the user in a few seconds whatever the API does: API errors
become short messages here, anything else goes to the one error handler in bot.app."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from typing import Any, cast

from telegram import (
    ForceReply,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    ReplyParameters,
    Update,
)
from telegram.constants import ChatAction
from telegram.error import BadRequest, TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.client import ApiBusy, ApiClient, ApiDocument, ApiError, ApiMisconfigured, ApiRejected
from bot.format import (
    PAGE_LIMIT,
    example_place,
    example_questions,
    match_place,
    places_of,
    render_answer,
    render_documents,
    render_unknown_place,
    section_pages,
    shown_citations,
)
from bot.state import (
    OpenSource,
    Rate,
    ShownAnswer,
    SlidingWindow,
    TurnPage,
    await_comment,
    has_voted,
    remember_vote,
    take_comment_target,
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


async def reply(
    update: Update, text: str, markup: InlineKeyboardMarkup | ForceReply | None = None
) -> Message | None:
    """Send `text` as a reply to the user's message, so on a phone each answer sits under its question."""
    message = update.effective_message
    if message is None:
        return None
    return await message.reply_text(
        text,
        reply_markup=markup,
        reply_parameters=ReplyParameters(message.message_id, allow_sending_without_reply=True),
    )


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
    lang = lang_for(update)
    docs = await _documents_or_none(context)
    await reply(update, msg(lang, "start", examples="\n".join(example_questions(docs, lang))))


async def cmd_help(update: Update, context: Context) -> None:
    lang = lang_for(update)
    docs = await _documents_or_none(context)
    scope = chat_data(context).get("scope")
    now = msg(lang, "scope_line", scope=scope) if scope else msg(lang, "scope_line_none")
    text = msg(
        lang,
        "help",
        max_chars=deps_of(context).settings.max_question_chars,
        examples="\n".join(example_questions(docs, lang)),
        place=example_place(docs) or plain(lang, "place_generic"),
    )
    await reply(update, f"{text}\n\n{now}")


async def _documents_or_none(context: Context) -> list[ApiDocument]:
    """The indexed documents, for examples; none when the API cannot say (the help still shows)."""
    try:
        return await deps_of(context).api.documents()
    except ApiError as exc:
        log.warning("documents not fetched for the examples: %s", exc)
        return []


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


async def cmd_new(update: Update, context: Context) -> None:
    """/new starts a fresh thread: the next message is not read as a follow-up of the last answer."""
    chat_data(context).pop("conversation_id", None)
    await reply(update, msg(lang_for(update), "new_thread"))


async def unknown_command(update: Update, context: Context) -> None:
    await reply(update, msg(lang_for(update), "unknown_command"))


async def not_text(update: Update, context: Context) -> None:
    await reply(update, msg(lang_for(update), "not_text"))


# -- questions -----------------------------------------------------------------------
async def on_text(update: Update, context: Context) -> None:
    """A reply to a 👎 comment prompt is a comment; any other text is a question."""
    message = update.effective_message
    replied = message.reply_to_message if message else None
    answer_id = take_comment_target(chat_data(context), replied.message_id if replied else None)
    if answer_id is not None:
        await on_comment(update, context, answer_id)
    else:
        await on_question(update, context)


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
    thread = chat_data(context).get("conversation_id")
    try:
        async with typing(context, message.chat_id):
            answer = await deps.api.ask(question, jurisdiction=scope, conversation_id=thread)
    except ApiError as exc:
        await _api_failed(update, lang, exc)
        return
    if answer.conversation_id:
        chat_data(context)["conversation_id"] = answer.conversation_id  # the next message may follow up
    shown = ShownAnswer(answer.answer_id, tuple(shown_citations(answer)), lang)
    pages = render_answer(answer, lang, scope, deps.page_limit)
    for page in pages[:-1]:
        await reply(update, page)
    await reply(update, pages[-1], answer_keyboard(shown))


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


def failure_text(lang: Lang, exc: ApiError, html: bool = True) -> str:
    """What the user is told about an API failure (HTML for messages, plain for button toasts)."""
    render = msg if html else plain
    if isinstance(exc, ApiRejected):
        return render(lang, "rejected", reason=exc.message or exc.code)
    if isinstance(exc, ApiBusy):
        if exc.retry_after:
            return render(lang, "busy", seconds=exc.retry_after)
        return render(lang, "busy_no_time")
    if isinstance(exc, ApiMisconfigured):
        return render(lang, "misconfigured")
    return render(lang, "unavailable")


async def _api_failed(update: Update, lang: Lang, exc: ApiError) -> None:
    """API trouble → one short message; the bot keeps running and the next question tries again.
    (A refused key is logged loudly by the client: it is the operator's problem, not the user's.)"""
    if isinstance(exc, ApiRejected):
        log.info("API refused a request: %s %s", exc.status, exc.code)
    elif not isinstance(exc, ApiMisconfigured):
        log.warning("API unavailable: %s", exc)
    await reply(update, failure_text(lang, exc))


def answer_keyboard(shown: ShownAnswer) -> InlineKeyboardMarkup:
    """📄 one button per source (its full section), then 👍 / 👎. The buttons carry Python objects
    (PTB's arbitrary_callback_data): Telegram sees only an id."""
    buttons = [
        InlineKeyboardButton(plain(shown.lang, "source_button", n=n), callback_data=OpenSource(shown, n))
        for n in range(1, len(shown.citations) + 1)
    ]
    rows = [buttons[i : i + SOURCE_BUTTONS_PER_ROW] for i in range(0, len(buttons), SOURCE_BUTTONS_PER_ROW)]
    rows.append(
        [
            InlineKeyboardButton("👍", callback_data=Rate(shown, "up")),
            InlineKeyboardButton("👎", callback_data=Rate(shown, "down")),
        ]
    )
    return InlineKeyboardMarkup(rows)


def pager_keyboard(turn: TurnPage, pages: int) -> InlineKeyboardMarkup | None:
    """◀ / ▶ between the pages of a long section (only the arrows that lead somewhere)."""
    row = []
    if turn.page > 0:
        row.append(InlineKeyboardButton("◀", callback_data=replace(turn, page=turn.page - 1)))
    if turn.page < pages - 1:
        row.append(InlineKeyboardButton("▶", callback_data=replace(turn, page=turn.page + 1)))
    return InlineKeyboardMarkup([row]) if row else None


# -- buttons -------------------------------------------------------------------------
async def on_button(update: Update, context: Context) -> None:
    """📄 opens a source, ◀/▶ turn its pages, 👍/👎 send feedback; presses the bot no longer knows
    (its button memory is bounded, or the press is forged) expire."""
    query = update.callback_query
    if query is None:
        return
    press = query.data
    if isinstance(press, Rate):
        await _feedback(update, context, press)
    elif isinstance(press, OpenSource | TurnPage):
        await _show_source(update, context, press)
    else:
        await query.answer(plain(lang_for(update), "expired"), show_alert=True)


async def _feedback(update: Update, context: Context, press: Rate) -> None:
    """Record the vote at once; after a 👎, offer an optional comment (a ForceReply the user may answer)."""
    query, lang, answer_id = update.callback_query, press.answer.lang, press.answer.answer_id
    assert query is not None
    if has_voted(chat_data(context), answer_id):
        await query.answer(plain(lang, "already_voted"))
        return
    try:
        await deps_of(context).api.feedback(answer_id, press.rating)
    except ApiError as exc:
        log.warning("feedback not sent: %s", exc)
        await query.answer(failure_text(lang, exc, html=False), show_alert=True)
        return
    remember_vote(chat_data(context), answer_id)
    await query.answer(plain(lang, "thanks"))
    if press.rating == "down" and query.message is not None:
        prompt = await context.bot.send_message(
            query.message.chat.id,
            msg(lang, "comment_prompt"),
            reply_markup=ForceReply(input_field_placeholder=plain(lang, "comment_placeholder")),
            reply_parameters=ReplyParameters(query.message.message_id, allow_sending_without_reply=True),
        )
        await_comment(chat_data(context), prompt.message_id, answer_id)


async def on_comment(update: Update, context: Context, answer_id: str) -> None:
    """The user's optional comment after a 👎, sent with the vote's answer id."""
    lang, message = lang_for(update), update.effective_message
    comment = collapse_ws(message.text or "") if message else ""
    if not comment:
        return
    try:
        await deps_of(context).api.feedback(answer_id, "down", comment[:2000])
    except ApiError as exc:
        await _api_failed(update, lang, exc)
        return
    await reply(update, msg(lang, "comment_thanks"))


async def _show_source(update: Update, context: Context, press: OpenSource | TurnPage) -> None:
    query, shown = update.callback_query, press.answer
    assert query is not None
    if not 1 <= press.n <= len(shown.citations):
        await query.answer(plain(shown.lang, "expired"), show_alert=True)
        return
    if isinstance(press, OpenSource):
        text = await _section_text(deps_of(context).api, shown, press.n)
        turn = TurnPage(shown, press.n, 0, text or "")
    else:
        turn = press
    citation = shown.citations[turn.n - 1]
    pages = section_pages(turn.n, citation, turn.text, shown.lang, deps_of(context).page_limit)
    turn = replace(turn, page=min(max(turn.page, 0), len(pages) - 1))
    markup = pager_keyboard(turn, len(pages))
    await query.answer()
    if isinstance(press, OpenSource) or query.message is None:
        chat_id = query.message.chat.id if query.message else query.from_user.id
        await context.bot.send_message(chat_id, pages[turn.page], reply_markup=markup)
        return
    with contextlib.suppress(BadRequest):  # "message is not modified" after a double press
        await query.edit_message_text(pages[turn.page], reply_markup=markup)


async def _section_text(api: ApiClient, shown: ShownAnswer, n: int) -> str:
    """The full section from the API, else the copy that came with the answer."""
    citation = shown.citations[n - 1]
    try:
        text = (await api.section(citation.section_id)).text
    except ApiError as exc:
        log.warning("section %s not fetched, using the answer's copy: %s", citation.section_id, exc)
        text = ""
    return text or citation.text


# -- errors --------------------------------------------------------------------------
async def on_error(update: object, context: Context) -> None:
    """The one global error handler: log (without message text) and tell the user, never crash."""
    update_id = update.update_id if isinstance(update, Update) else None
    log.error("error while handling update %s: %r", update_id, context.error, exc_info=context.error)
    if isinstance(update, Update) and update.effective_chat is not None:
        lang = lang_for(update)
        with contextlib.suppress(TelegramError):
            await context.bot.send_message(update.effective_chat.id, msg(lang, "error"))
