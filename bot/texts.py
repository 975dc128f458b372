"""User-facing messages: Vietnamese first (field officers), English when Telegram says the user's
language is English. Templates are Telegram HTML; `msg` escapes every value put into them."""

from __future__ import annotations

import html
from typing import Literal

Lang = Literal["vi", "en"]

_VI: dict[str, str] = {
    "start": (
        "<b>Trợ lý tra cứu văn bản phòng, chống mua bán người</b>\n\n"
        "Gửi câu hỏi bằng tiếng Việt (có dấu hoặc không dấu), ví dụ:\n"
        "<i>{examples}</i>\n\n"
        "Mỗi câu trả lời kèm nguồn đánh số; bấm <b>📄 Nguồn</b> để đọc nguyên văn mục được trích.\n\n"
        "Có thể hỏi tiếp ngắn gọn: <i>còn Kiên Giang?</i>, <i>ai phối hợp?</i>, <i>nguồn đâu?</i>\n\n"
        "/help: hướng dẫn · /docs: danh sách văn bản · /scope &lt;tỉnh&gt;: chỉ tra cứu văn bản của một tỉnh"
        " · /new: bắt đầu cuộc hỏi đáp mới"
    ),
    "help": (
        "<b>Hướng dẫn</b>\n\n"
        "• Gửi câu hỏi dạng văn bản (tối đa {max_chars} ký tự), ví dụ:\n<i>{examples}</i>\n"
        "• Câu trả lời chỉ lấy từ các văn bản trong kho; nếu văn bản không trả lời, trợ lý sẽ nói rõ.\n"
        "• <b>📄 Nguồn n</b>: xem toàn văn mục được trích (◀ ▶ để lật trang).\n"
        "• 👍 / 👎: cho biết câu trả lời có hữu ích không (sau 👎 có thể góp ý thêm).\n"
        "• Hỏi tiếp ngắn gọn như khi trò chuyện: <i>còn Kiên Giang?</i>, <i>ai phối hợp?</i>, "
        "<i>còn tuyên truyền thì sao?</i>, <i>nguồn đâu?</i>. Dòng <i>Hiểu câu hỏi là</i> cho biết trợ lý "
        "đã hiểu câu hỏi thế nào.\n\n"
        "<b>Lệnh</b>\n"
        "/new: bắt đầu cuộc hỏi đáp mới (câu sau không nối tiếp câu trước)\n"
        "/docs: danh sách văn bản\n"
        "/scope &lt;tỉnh&gt;: chỉ tra cứu văn bản của một tỉnh (ví dụ: /scope {place})\n"
        "/scope: bỏ giới hạn"
    ),
    "scope_line_none": "Hiện tại: tra cứu tất cả văn bản.",
    "scope_line": "Hiện tại: chỉ tra cứu văn bản của <b>{scope}</b>.",
    "refused": (
        "Xin lỗi, bạn chưa được cấp quyền dùng trợ lý này.\n"
        "Hãy gửi mã người dùng của bạn cho quản trị viên: <code>{user_id}</code>"
    ),
    "rate_limited": "Bạn đã gửi quá nhiều câu hỏi trong một phút ({limit}). Vui lòng đợi một chút rồi hỏi lại.",
    "empty": "Tin nhắn trống. Hãy gửi câu hỏi bằng chữ, ví dụ: <i>Ai chủ trì hỗ trợ nạn nhân?</i>",
    "too_long": "Câu hỏi quá dài ({length} ký tự; tối đa {max_chars}). Hãy rút gọn câu hỏi.",
    "not_text": "Trợ lý chỉ đọc được câu hỏi bằng chữ.",
    "unknown_command": "Không có lệnh này. Gõ /help để xem hướng dẫn.",
    "unavailable": "Dịch vụ tra cứu tạm thời không phản hồi. Vui lòng thử lại sau ít phút.",
    "busy": "Đang có quá nhiều câu hỏi. Vui lòng đợi {seconds} giây rồi hỏi lại.",
    "busy_no_time": "Đang có quá nhiều câu hỏi. Vui lòng đợi một chút rồi hỏi lại.",
    "misconfigured": "Dịch vụ tra cứu đang bị cấu hình sai nên chưa trả lời được. Quản trị viên đã được báo trong nhật ký.",
    "comment_prompt": "Đã ghi nhận 👎. Nếu muốn, hãy trả lời tin nhắn này để cho biết câu trả lời sai hoặc thiếu gì.",
    "comment_placeholder": "Điều gì sai hoặc thiếu? (không bắt buộc)",
    "comment_thanks": "Cảm ơn, góp ý của bạn đã được ghi nhận.",
    "example_place": "Ai chủ trì hỗ trợ nạn nhân ở {place}?",
    "example_doc": "Theo {number}, ai chủ trì tuyên truyền?",
    "example_generic": "Ai chủ trì hỗ trợ nạn nhân?",
    "place_generic": "<tỉnh>",
    "section_ref": "mục {label}",
    "rejected": "Không xử lý được câu hỏi này: {reason}",
    "error": "Đã có lỗi ngoài dự kiến. Vui lòng thử lại.",
    "sources": "Nguồn",
    "see_also": "Có thể liên quan",
    "source_button": "📄 Nguồn {n}",
    "scope_note": "Phạm vi: {scope}",
    "scope_set": "Từ giờ chỉ tra cứu văn bản của <b>{scope}</b>. Gõ /scope để bỏ giới hạn.",
    "scope_cleared": "Đã bỏ giới hạn: tra cứu tất cả văn bản.",
    "scope_unknown": "Không có văn bản nào của «{name}». Các địa bàn hiện có:",
    "docs_title": "<b>Văn bản trong kho ({count})</b>",
    "docs_empty": "Kho dữ liệu chưa có văn bản nào.",
    "expired": "Câu trả lời này đã cũ; hãy hỏi lại.",
    "thanks": "Cảm ơn bạn đã góp ý!",
    "already_voted": "Bạn đã góp ý cho câu trả lời này rồi.",
    "page": "trang {page}/{pages}",
    "understood": "Hiểu câu hỏi là: {question}",
    "understood_place": "địa bàn: {places}",
    "understood_documents": "văn bản: {documents}",
    "thread_expired": "(Cuộc hỏi đáp trước đã hết hạn; câu này được hiểu như một câu hỏi mới.)",
    "new_thread": "Đã bắt đầu cuộc hỏi đáp mới. Câu hỏi tiếp theo sẽ không nối tiếp câu trước.",
}

_EN: dict[str, str] = {
    "start": (
        "<b>Counter-trafficking plans assistant</b>\n\n"
        "Ask a question in Vietnamese or English, for example:\n"
        "<i>{examples}</i>\n\n"
        "Every answer comes with numbered sources; press <b>📄 Source</b> to read the cited section.\n\n"
        "Follow up briefly: <i>what about Kien Giang?</i>, <i>and who coordinates?</i>, <i>source?</i>\n\n"
        "/help: how to use · /docs: list of documents · /scope &lt;province&gt;: search one province only"
        " · /new: start a new thread"
    ),
    "help": (
        "<b>How to use</b>\n\n"
        "• Send a text question (at most {max_chars} characters), for example:\n<i>{examples}</i>\n"
        "• Answers come only from the documents in the corpus; when they do not answer, the assistant says so.\n"
        "• <b>📄 Source n</b>: read the full cited section (◀ ▶ to turn pages).\n"
        "• 👍 / 👎: tell us whether the answer helped (after 👎 you may add a comment).\n"
        "• Follow up briefly, as in a chat: <i>what about Kien Giang?</i>, <i>and who coordinates?</i>, "
        "<i>source?</i>. The line <i>Understood as</i> shows how the question was read.\n\n"
        "<b>Commands</b>\n"
        "/new: start a new thread (the next question does not follow up on the last)\n"
        "/docs: list of documents\n"
        "/scope &lt;province&gt;: search one province only (e.g. /scope {place})\n"
        "/scope: search everything again"
    ),
    "scope_line_none": "Now: searching all documents.",
    "scope_line": "Now: searching documents of <b>{scope}</b> only.",
    "refused": (
        "Sorry, you are not allowed to use this assistant yet.\n"
        "Send your user id to the administrator: <code>{user_id}</code>"
    ),
    "rate_limited": "You sent too many questions in one minute ({limit}). Please wait a moment and ask again.",
    "empty": "The message is empty. Send a question as text, e.g. <i>Who leads victim support?</i>",
    "too_long": "The question is too long ({length} characters; at most {max_chars}). Please shorten it.",
    "not_text": "The assistant only reads text questions.",
    "unknown_command": "Unknown command. Send /help for instructions.",
    "unavailable": "The answering service is not responding right now. Please try again in a few minutes.",
    "busy": "Too many questions right now. Please wait {seconds} s and ask again.",
    "busy_no_time": "Too many questions right now. Please wait a moment and ask again.",
    "misconfigured": "The answering service is misconfigured, so it cannot answer. The operator has been alerted in the log.",
    "comment_prompt": "👎 recorded. If you like, reply to this message to say what was wrong or missing.",
    "comment_placeholder": "What was wrong or missing? (optional)",
    "comment_thanks": "Thank you, your comment was recorded.",
    "example_place": "Who leads victim support in {place}?",
    "example_doc": "Who leads awareness raising under {number}?",
    "example_generic": "Who leads victim support?",
    "place_generic": "<province>",
    "section_ref": "section {label}",
    "rejected": "This question could not be processed: {reason}",
    "error": "Something unexpected went wrong. Please try again.",
    "sources": "Sources",
    "see_also": "Possibly related",
    "source_button": "📄 Source {n}",
    "scope_note": "Scope: {scope}",
    "scope_set": "From now on only documents of <b>{scope}</b> are searched. Send /scope to search everything.",
    "scope_cleared": "Scope cleared: searching all documents.",
    "scope_unknown": "There is no document for «{name}». Places with documents:",
    "docs_title": "<b>Documents in the corpus ({count})</b>",
    "docs_empty": "The corpus has no documents yet.",
    "expired": "This answer is too old; please ask again.",
    "thanks": "Thank you for the feedback!",
    "already_voted": "You already rated this answer.",
    "page": "page {page}/{pages}",
    "understood": "Understood as: {question}",
    "understood_place": "place: {places}",
    "understood_documents": "documents: {documents}",
    "thread_expired": "(The earlier thread had expired; this message was read as a new question.)",
    "new_thread": "A new thread has started. The next question will not follow up on the last one.",
}

MESSAGES: dict[Lang, dict[str, str]] = {"vi": _VI, "en": _EN}

COMMANDS: dict[Lang, list[tuple[str, str]]] = {
    "vi": [
        ("help", "Hướng dẫn sử dụng"),
        ("docs", "Danh sách văn bản"),
        ("scope", "Chỉ tra cứu văn bản của một tỉnh"),
        ("new", "Bắt đầu cuộc hỏi đáp mới"),
    ],
    "en": [
        ("help", "How to use the assistant"),
        ("docs", "List of documents"),
        ("scope", "Search one province only"),
        ("new", "Start a new thread"),
    ],
}


def lang_of(language_code: str | None) -> Lang:
    """English only when Telegram says so; everyone else (officers) reads Vietnamese."""
    return "en" if (language_code or "").lower().startswith("en") else "vi"


def msg(lang: Lang, key: str, **values: object) -> str:
    """The HTML message `key`, with every value HTML-escaped (values may come from users or documents)."""
    return MESSAGES[lang][key].format(**{k: html.escape(str(v)) for k, v in values.items()})


def plain(lang: Lang, key: str, **values: object) -> str:
    """The message as plain text (callback-query toasts are not parsed as HTML)."""
    return MESSAGES[lang][key].format(**{k: str(v) for k, v in values.items()})
