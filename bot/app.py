"""Composition root of the Telegram bot: `build_bot` wires settings, the API client and the handlers into a
python-telegram-bot Application; `run_bot` runs it by long polling (default) or behind a webhook."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import signal
from collections.abc import Awaitable
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import httpx
from telegram import BotCommand, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    BaseUpdateProcessor,
    CallbackQueryHandler,
    CommandHandler,
    Defaults,
    MessageHandler,
    PersistenceInput,
    PicklePersistence,
    TypeHandler,
    filters,
)
from telegram.request import HTTPXRequest

from bot import handlers
from bot.client import ApiClient
from bot.format import PAGE_LIMIT
from bot.handlers import BotDeps
from bot.state import SlidingWindow
from bot.texts import COMMANDS
from tip.settings import Settings

log = logging.getLogger(__name__)
CONCURRENT_UPDATES = 32  # one slow answer must not hold up everyone else's
PERSIST_EVERY_S = 5  # how often changed chat state is written to the state file
STOP_POLLING_WITHIN_S = 2.0  # then the poll (or the back-off sleep between polls) is abandoned


class PerChatSequential(BaseUpdateProcessor):
    """Different chats are served concurrently, each chat's updates one at a time in arrival order, so an
    officer's answers arrive in the order of the questions. (PTB starts one task per update in arrival
    order; asyncio locks and semaphores are first come, first served.) The chat's lock is taken before
    the shared limit of `max_concurrent_updates`, so one chat's backlog never holds up the other chats;
    PTB's own semaphore only bounds the updates waiting (MAX_WAITING_UPDATES)."""

    MAX_WAITING_UPDATES = 4096

    def __init__(self, max_concurrent_updates: int) -> None:
        super().__init__(self.MAX_WAITING_UPDATES)
        self.running_limit = asyncio.Semaphore(max_concurrent_updates)
        self._chats: dict[int, tuple[asyncio.Lock, int]] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is None:
            async with self.running_limit:
                await coroutine
            return
        lock, users = self._chats.get(chat.id, (asyncio.Lock(), 0))
        self._chats[chat.id] = (lock, users + 1)
        try:
            async with lock, self.running_limit:
                await coroutine
        finally:
            lock, users = self._chats[chat.id]
            if users > 1:
                self._chats[chat.id] = (lock, users - 1)
            else:
                del self._chats[chat.id]

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""


class PollBackoff:
    """The Updater's error callback while Telegram cannot be reached: one warning line per failed poll,
    naming the wait PTB's retry loop applies next (1 s, growing 1.5 times, at most 30 s), instead of
    PTB's default full traceback per poll. A poll that gets an answer resets it, as it resets PTB's loop."""

    def __init__(self) -> None:
        self.wait_s = 0.0
        self.failures = 0

    def __call__(self, exc: TelegramError) -> None:
        self.failures += 1
        self.wait_s = 1.0 if self.wait_s == 0 else min(30.0, 1.5 * self.wait_s)
        log.warning(
            "Telegram unreachable (%s: %s); poll %d failed, next try in %.1f s",
            type(exc).__name__,
            str(exc)[:200],
            self.failures,
            self.wait_s,
        )

    def reset(self) -> None:
        if self.failures:
            log.warning("Telegram reachable again after %d failed polls", self.failures)
        self.wait_s, self.failures = 0.0, 0


class PollingRequest(HTTPXRequest):
    """The getUpdates connection: tells the back-off log when a poll was answered."""

    def __init__(self, backoff: PollBackoff, **options: Any) -> None:
        super().__init__(**options)
        self.backoff = backoff

    async def do_request(self, *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        status, payload = await super().do_request(*args, **kwargs)
        if status == 200:
            self.backoff.reset()
        return status, payload


class OneLineNetworkErrors(logging.Filter):
    """PTB's Updater logs a failed getUpdates (its last one at shutdown, too) with a full traceback; for
    an unreachable Telegram one warning line says it all."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if isinstance(exc, NetworkError):
            record.msg = f"{record.getMessage()} ({type(exc).__name__}: {exc})"
            record.args = None
            record.exc_info = None
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


def quiet_network_tracebacks() -> None:
    updater_log = logging.getLogger("telegram.ext.Updater")
    if not any(isinstance(f, OneLineNetworkErrors) for f in updater_log.filters):
        updater_log.addFilter(OneLineNetworkErrors())


def state_path(settings: Settings) -> Path:
    """Where the bot keeps chat scopes, votes and its buttons' data between restarts."""
    return settings.data_dir / "bot" / "state.pickle"


def telegram_token(settings: Settings) -> str:
    """The bot token, or a clear ValueError: without one there is nothing to run."""
    token = settings.telegram_token.get_secret_value().strip() if settings.telegram_token else ""
    if not token:
        raise ValueError(
            "TIP_TELEGRAM_TOKEN is not set: create a bot with @BotFather and put its token in TIP_TELEGRAM_TOKEN "
            "(see docs/bot.md)"
        )
    return token


def file_base_url(api_base: str) -> str:
    """The file-download URL that goes with a Bot API base URL ('…/bot' → '…/file/bot')."""
    if "/bot" in api_base:
        head, _, tail = api_base.rpartition("/bot")
        return f"{head}/file/bot{tail}"
    return api_base


def build_bot(
    settings: Settings, http_client: httpx.AsyncClient | None = None, *, page_limit: int = PAGE_LIMIT
) -> Application:  # type: ignore[type-arg]
    """The Application with every handler registered. `http_client` (for the API, owned by the caller)
    and `page_limit` (characters per message) are for tests."""
    state_file = state_path(settings)
    state_file.parent.mkdir(parents=True, exist_ok=True)
    persistence: PicklePersistence = PicklePersistence(  # type: ignore[type-arg]
        state_file, store_data=PersistenceInput(bot_data=False), update_interval=PERSIST_EVERY_S
    )
    quiet_network_tracebacks()
    backoff = PollBackoff()
    app = (
        ApplicationBuilder()
        .token(telegram_token(settings))
        .get_updates_request(PollingRequest(backoff, connection_pool_size=1))
        .base_url(settings.telegram_api_base)
        .base_file_url(file_base_url(settings.telegram_api_base))
        .rate_limiter(AIORateLimiter(max_retries=2))
        .defaults(
            Defaults(parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True))
        )
        .concurrent_updates(PerChatSequential(CONCURRENT_UPDATES))
        .persistence(persistence)
        .arbitrary_callback_data(True)
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
        .build()
    )
    app.bot_data["poll_backoff"] = backoff
    app.bot_data["deps"] = BotDeps(
        settings=settings,
        api=ApiClient.from_settings(settings, http_client),
        limiter=SlidingWindow(settings.bot_rate_limit_per_minute),
        page_limit=page_limit,
    )
    register_handlers(app)
    return app


def register_handlers(app: Application) -> None:  # type: ignore[type-arg]
    """The access guard first (group -1), then commands, questions, buttons; one error handler."""
    app.add_handler(TypeHandler(Update, handlers.guard), group=-1)
    app.add_handler(CommandHandler("start", handlers.cmd_start))
    app.add_handler(CommandHandler("help", handlers.cmd_help))
    app.add_handler(CommandHandler("docs", handlers.cmd_docs))
    app.add_handler(CommandHandler("scope", handlers.cmd_scope))
    app.add_handler(CommandHandler("new", handlers.cmd_new))
    app.add_handler(MessageHandler(filters.UpdateType.MESSAGE & filters.COMMAND, handlers.unknown_command))
    app.add_handler(MessageHandler(filters.UpdateType.MESSAGE & filters.TEXT, handlers.on_text))
    app.add_handler(MessageHandler(filters.UpdateType.MESSAGE, handlers.not_text))
    app.add_handler(CallbackQueryHandler(handlers.on_button))
    app.add_error_handler(handlers.on_error)


async def _post_init(app: Application) -> None:  # type: ignore[type-arg]
    """Publish the command menu (Vietnamese by default, English for English clients); optional."""
    with contextlib.suppress(TelegramError):
        await app.bot.set_my_commands([BotCommand(c, d) for c, d in COMMANDS["vi"]])
        await app.bot.set_my_commands([BotCommand(c, d) for c, d in COMMANDS["en"]], language_code="en")


async def _post_shutdown(app: Application) -> None:  # type: ignore[type-arg]
    deps = app.bot_data.get("deps")
    if isinstance(deps, BotDeps):
        await deps.api.aclose()


def webhook_secret(token: str) -> str:
    """A stable secret Telegram sends back with each webhook call, so forged updates are refused."""
    return hashlib.sha256(f"tip-webhook:{token}".encode()).hexdigest()[:48]


def run_bot(settings: Settings) -> None:
    """Run until interrupted. Raises ValueError for a missing token or an incomplete webhook setup."""
    token = telegram_token(settings)
    if settings.bot_mode == "webhook" and not settings.bot_webhook_url:
        raise ValueError(
            "TIP_BOT_MODE=webhook needs TIP_BOT_WEBHOOK_URL (the public https URL Telegram calls)"
        )
    _configure_logging()
    if not settings.bot_allowed_users:
        log.warning("TIP_BOT_ALLOWED_USERS is empty: every user is refused (use '*' for anyone)")
    app = build_bot(settings)
    log.info("bot starting (%s), API at %s", settings.bot_mode, settings.api_url)
    if settings.bot_mode == "webhook":
        assert settings.bot_webhook_url
        app.run_webhook(
            listen=settings.bot_webhook_listen,
            port=settings.bot_webhook_port,
            url_path=urlparse(settings.bot_webhook_url).path.strip("/"),
            webhook_url=settings.bot_webhook_url,
            secret_token=webhook_secret(token),
            allowed_updates=Update.ALL_TYPES,
        )
    else:
        asyncio.run(poll_until_stopped(app))
    log.info("bot stopped")


async def poll_until_stopped(
    app: Application,  # type: ignore[type-arg]
    stop: asyncio.Event | None = None,
    handle_signals: bool = True,
) -> None:
    """Long polling until SIGINT/SIGTERM (or `stop`). Unlike Application.run_polling, a Telegram outage
    logs one line per back-off step, and stopping does not wait out a back-off sleep of up to 30 s."""
    stop = stop or asyncio.Event()
    if handle_signals:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(sig, stop.set)
    backoff: PollBackoff = app.bot_data["poll_backoff"]
    if not await initialize_when_reachable(app, stop, backoff):
        return
    async with app:  # run_polling's steps, post_init and post_shutdown included
        if app.post_init:
            await app.post_init(app)
        assert app.updater is not None
        await app.updater.start_polling(allowed_updates=Update.ALL_TYPES, error_callback=backoff)
        await app.start()
        log.info("bot polling")
        await stop.wait()
        log.info("bot stopping")
        await stop_polling(app)
        await app.stop()
    if app.post_shutdown:
        await app.post_shutdown(app)


async def initialize_when_reachable(
    app: Application,  # type: ignore[type-arg]
    stop: asyncio.Event,
    backoff: PollBackoff,
) -> bool:
    """Initialize (getMe), retrying with the polling back-off while Telegram cannot be reached: a bot
    started before the network is up waits for it. False when stopped first; a refused token is a
    ValueError (nothing to retry)."""
    while not stop.is_set():
        try:
            await app.initialize()
            backoff.reset()
            return True
        except InvalidToken as exc:
            raise ValueError(f"Telegram refused TIP_TELEGRAM_TOKEN ({exc}); check the token") from exc
        except NetworkError as exc:
            backoff(exc)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), backoff.wait_s)
    return False


async def stop_polling(app: Application) -> None:  # type: ignore[type-arg]
    """Stop the Updater, giving up after STOP_POLLING_WITHIN_S: PTB's retry loop otherwise finishes its
    back-off sleep (up to 30 s) and a last getUpdates before it returns, both slow when Telegram is
    unreachable. PTB swallows the first cancellation to make that last call, hence a second one."""
    assert app.updater is not None
    stopping = asyncio.ensure_future(app.updater.stop())
    done, _ = await asyncio.wait({stopping}, timeout=STOP_POLLING_WITHIN_S)
    if done:
        return
    log.info("polling abandoned after %.0f s (Telegram unreachable?)", STOP_POLLING_WITHIN_S)
    for _ in range(2):
        stopping.cancel()
        done, _ = await asyncio.wait({stopping}, timeout=1.0)
        if done:
            break
    with contextlib.suppress(asyncio.CancelledError):
        if done:
            stopping.result()


def _configure_logging() -> None:
    """INFO logs for the bot; httpx stays at WARNING because its request lines contain the bot token."""
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=logging.INFO)
    logging.getLogger("httpx").setLevel(logging.WARNING)
