"""Composition root of the Telegram bot: `build_bot` wires settings, the API client and the handlers into a
python-telegram-bot Application; `run_bot` runs it by long polling (default) or behind a webhook."""

from __future__ import annotations

import contextlib
import hashlib
import logging
from urllib.parse import urlparse

import httpx
from telegram import BotCommand, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    Defaults,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot import handlers
from bot.client import ApiClient
from bot.format import PAGE_LIMIT
from bot.handlers import BotDeps
from bot.state import SlidingWindow
from bot.texts import COMMANDS
from tip.settings import Settings

log = logging.getLogger(__name__)
CONCURRENT_UPDATES = 32  # one slow answer must not hold up everyone else's


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
    app = (
        ApplicationBuilder()
        .token(telegram_token(settings))
        .base_url(settings.telegram_api_base)
        .base_file_url(file_base_url(settings.telegram_api_base))
        .rate_limiter(AIORateLimiter(max_retries=2))
        .defaults(
            Defaults(parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True))
        )
        .concurrent_updates(CONCURRENT_UPDATES)
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
        .build()
    )
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
    app.add_handler(MessageHandler(filters.UpdateType.MESSAGE & filters.COMMAND, handlers.unknown_command))
    app.add_handler(MessageHandler(filters.UpdateType.MESSAGE & filters.TEXT, handlers.on_question))
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
        app.run_polling(allowed_updates=Update.ALL_TYPES)


def _configure_logging() -> None:
    """INFO logs for the bot; httpx stays at WARNING because its request lines contain the bot token."""
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=logging.INFO)
    logging.getLogger("httpx").setLevel(logging.WARNING)
