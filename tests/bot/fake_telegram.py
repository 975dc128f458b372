"""A fake Telegram Bot API server for the bot's tests: the real python-telegram-bot Application talks HTTP
to it (base_url=http://127.0.0.1:<port>/bot). It serves the updates a test injects (messages, button
presses) through getUpdates, records every call, and checks what Telegram checks: HTML that parses,
messages of at most 4,096 characters, callback data of at most 64 bytes."""

from __future__ import annotations

import asyncio
import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qs

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

TOKEN = "123456789:AAtest-fake-token_for-tip-bot"
BOT_USER = {"id": 123456789, "is_bot": True, "first_name": "tip-assistant", "username": "tip_test_bot"}
ALLOWED_TAGS = {
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ins",
    "s",
    "strike",
    "del",
    "a",
    "code",
    "pre",
    "tg-spoiler",
    "blockquote",
}
STRING_PARAMS = {
    "text",
    "callback_query_id",
    "parse_mode",
    "action",
    "url",
    "language_code",
    "inline_message_id",
}
MAX_TEXT = 4096
MAX_CALLBACK_DATA = 64


class BadRequest(Exception):
    """What Telegram answers with HTTP 400 ('Bad Request: ...')."""


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    at: float = field(default_factory=time.monotonic)
    error: str | None = None

    @property
    def text(self) -> str:
        return str(self.params.get("text", ""))

    @property
    def buttons(self) -> list[dict[str, Any]]:
        markup = self.params.get("reply_markup") or {}
        return [b for row in markup.get("inline_keyboard", []) for b in row]

    def button(self, label_part: str) -> dict[str, Any]:
        return next(b for b in self.buttons if label_part in b["text"])


def user(user_id: int = 42, lang: str = "vi", first_name: str = "Cán bộ") -> dict[str, Any]:
    return {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": lang}


class _TelegramHtml(HTMLParser):
    """Telegram's HTML rules: known tags only, balanced, and no raw '<', '>' or '&' in the text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.stack: list[str] = []
        self.visible: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            raise BadRequest(f'can\'t parse entities: unsupported start tag "{tag}"')
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            raise BadRequest(f'can\'t parse entities: unexpected end tag "{tag}"')

    def handle_data(self, data: str) -> None:
        if any(ch in data for ch in "<>&"):
            raise BadRequest("can't parse entities: unescaped '<', '>' or '&' in the text")
        self.visible.append(data)

    def handle_entityref(self, name: str) -> None:
        if name not in ("lt", "gt", "amp", "quot"):
            raise BadRequest(f"can't parse entities: unsupported entity &{name};")
        self.visible.append({"lt": "<", "gt": ">", "amp": "&", "quot": '"'}[name])

    def handle_charref(self, name: str) -> None:
        self.visible.append(chr(int(name[1:], 16) if name.lower().startswith("x") else int(name)))

    def unknown_decl(self, data: str) -> None:
        raise BadRequest("can't parse entities")


def visible_text(text: str, parse_mode: str | None) -> str:
    """The text a user would see; raises BadRequest for HTML Telegram would refuse."""
    if (parse_mode or "").upper() != "HTML":
        return text
    parser = _TelegramHtml()
    parser.feed(text)
    parser.close()
    if parser.rawdata:
        raise BadRequest("can't parse entities: unfinished tag")
    if parser.stack:
        raise BadRequest(f'can\'t parse entities: unclosed tag "{parser.stack[-1]}"')
    return "".join(parser.visible)


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class FakeTelegram:
    """State shared between the server thread and the test (guarded by a lock)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.calls: list[Call] = []
        self.updates: list[dict[str, Any]] = []
        self.messages: dict[tuple[int, int], dict[str, Any]] = {}
        self.user_messages: dict[int, dict[str, Any]] = {}  # by update id
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1000)
        self._query_ids = itertools.count(1)
        self.base_url = ""  # set by the test once the server has a port
        self.server: Any = None  # the server thread serving `app`, set by the test
        self.app = self._build_app()

    # -- what tests do --------------------------------------------------------------
    def send_text(self, text: str, sender: dict[str, Any] | None = None, reply_to: Call | None = None) -> int:
        """A user writes `text` in a private chat with the bot (as a reply to the bot's message `reply_to`,
        if given); returns the update id."""
        message = self.text_message(text, sender)
        if reply_to is not None:
            with self.lock:
                message["reply_to_message"] = self.messages[
                    (int(reply_to.params["chat_id"]), reply_to.params["_message_id"])
                ]
        update_id = self._queue({"message": message})
        with self.lock:
            self.user_messages[update_id] = message
        return update_id

    def message_id_of(self, update_id: int) -> int:
        """The message id of the user's message sent as update `update_id`."""
        with self.lock:
            return int(self.user_messages[update_id]["message_id"])

    def text_message(self, text: str, sender: dict[str, Any] | None = None) -> dict[str, Any]:
        """The Message object Telegram would deliver for `text` (commands carry their entity)."""
        sender = sender or user()
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": sender["id"], "type": "private", "first_name": sender["first_name"]},
            "from": sender,
            "text": text,
        }
        if text.startswith("/"):
            command = text.split()[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": _utf16_len(command)}]
        return message

    def send_sticker(self, sender: dict[str, Any] | None = None) -> int:
        sender = sender or user()
        message = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": sender["id"], "type": "private", "first_name": sender["first_name"]},
            "from": sender,
            "sticker": {
                "file_id": "sticker-1",
                "file_unique_id": "s1",
                "type": "regular",
                "width": 512,
                "height": 512,
                "is_animated": False,
                "is_video": False,
            },
        }
        return self._queue({"message": message})

    def press(self, call: Call, label_part: str, sender: dict[str, Any] | None = None) -> str:
        """The user presses the button whose label contains `label_part` under the message `call` sent."""
        sender = sender or user()
        data = call.button(label_part)["callback_data"]
        with self.lock:
            message = self.messages[(int(call.params["chat_id"]), call.params["_message_id"])]
        query_id = f"q{next(self._query_ids)}"
        query = {"id": query_id, "from": sender, "chat_instance": "ci-1", "data": data, "message": message}
        self._queue({"callback_query": query})
        return query_id

    def sent(self, method: str = "sendMessage", chat_id: int | None = None) -> list[Call]:
        with self.lock:
            return [
                c
                for c in self.calls
                if c.method == method
                and c.error is None
                and (chat_id is None or int(c.params.get("chat_id", 0)) == chat_id)
            ]

    def errors(self) -> list[Call]:
        with self.lock:
            return [c for c in self.calls if c.error is not None]

    def count(self) -> int:
        with self.lock:
            return len(self.calls)

    def since(self, mark: int, method: str = "sendMessage") -> list[Call]:
        with self.lock:
            return [c for c in self.calls[mark:] if c.method == method and c.error is None]

    def _queue(self, body: dict[str, Any]) -> int:
        with self.lock:
            update_id = next(self._update_ids)
            self.updates.append({"update_id": update_id, **body})
        return update_id

    # -- the server -----------------------------------------------------------------
    def _build_app(self) -> FastAPI:
        app = FastAPI()

        @app.api_route("/bot{token}/{method}", methods=["GET", "POST"])
        async def bot_method(token: str, method: str, request: Request) -> JSONResponse:
            if token != TOKEN:
                return JSONResponse(
                    {"ok": False, "error_code": 401, "description": "Unauthorized"}, status_code=401
                )
            params = _decode(await request.body(), request.headers.get("content-type", ""))
            if method == "getUpdates":
                return JSONResponse({"ok": True, "result": await self._get_updates(params)})
            return self._handle(method, params)

        return app

    def _handle(self, method: str, params: dict[str, Any]) -> JSONResponse:
        call = Call(method, params)
        try:
            result = self._result(method, params)
        except BadRequest as exc:
            call.error = str(exc)
            self._record(call)
            return JSONResponse(
                {"ok": False, "error_code": 400, "description": f"Bad Request: {exc}"}, status_code=400
            )
        except KeyError:
            call.error = "method not found"
            self._record(call)
            return JSONResponse({"ok": False, "error_code": 404, "description": "Not Found"}, status_code=404)
        self._record(call)
        return JSONResponse({"ok": True, "result": result})

    def _record(self, call: Call) -> None:
        with self.lock:
            self.calls.append(call)

    def _result(self, method: str, params: dict[str, Any]) -> Any:
        simple = {
            "getMe": BOT_USER,
            "deleteWebhook": True,
            "setWebhook": True,
            "setMyCommands": True,
            "sendChatAction": True,
        }
        if method in simple:
            return simple[method]
        if method == "answerCallbackQuery":
            if len(str(params.get("text", ""))) > 200:
                raise BadRequest("MESSAGE_TOO_LONG")
            return True
        if method == "sendMessage":
            return self._store_message(params, next(self._message_ids), edit=False)
        if method == "editMessageText":
            return self._store_message(params, int(params["message_id"]), edit=True)
        raise KeyError(method)

    def _store_message(self, params: dict[str, Any], message_id: int, edit: bool) -> dict[str, Any]:
        text = visible_text(str(params.get("text", "")), params.get("parse_mode"))
        if not text.strip():
            raise BadRequest("message text is empty")
        if _utf16_len(text) > MAX_TEXT:
            raise BadRequest("message is too long")
        markup = params.get("reply_markup")
        for row in (markup or {}).get("inline_keyboard", []):
            for button in row:
                if len(button.get("callback_data", "").encode()) > MAX_CALLBACK_DATA:
                    raise BadRequest("BUTTON_DATA_INVALID")
        chat_id = int(params["chat_id"])
        key = (chat_id, message_id)
        with self.lock:
            if edit:
                old = self.messages.get(key)
                if old is None:
                    raise BadRequest("message to edit not found")
                if old["text"] == text and old.get("reply_markup") == markup:
                    raise BadRequest("message is not modified")
        message: dict[str, Any] = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private"},
            "from": BOT_USER,
            "text": text,
        }
        if markup and "inline_keyboard" in markup:  # Telegram's Message carries inline keyboards only
            message["reply_markup"] = markup
        params["_message_id"] = message_id
        params["_visible"] = text
        with self.lock:
            self.messages[key] = message
        return message

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        """Long polling: wait (briefly) for updates at or after `offset`, forget the confirmed ones."""
        offset = int(params.get("offset") or 0)
        deadline = time.monotonic() + min(float(params.get("timeout") or 0), 0.5)
        while True:
            with self.lock:
                self.updates = [u for u in self.updates if u["update_id"] >= offset]
                ready = list(self.updates)
            if ready or time.monotonic() >= deadline:
                return ready
            await asyncio.sleep(0.02)


def _decode(body: bytes, content_type: str) -> dict[str, Any]:
    """PTB posts form fields whose non-string values are JSON; strings are sent as they are."""
    if "json" in content_type:
        return dict(json.loads(body or b"{}"))
    fields = {k: v[-1] for k, v in parse_qs(body.decode(), keep_blank_values=True).items()}
    return {k: v if k in STRING_PARAMS else _json_or_str(v) for k, v in fields.items()}


def _json_or_str(value: str) -> Any:
    try:
        return json.loads(value)
    except ValueError:
        return value
