"""Free text that is a sentence, not a product's name: 谢谢, 你好, 怎么付款？

Only text that found nothing comes here, so a product search is never taken for chat. A request
for a product (有蜂蜜吗？, 我想买天麻) is searched again without the words around the name; what is
still nothing and clearly talk gets a short answer pointing to /help and to who can help.
"""

from __future__ import annotations

import re

from .format import escape
from .reply import Screen, button
from .request import Request

# Said in chat, hardly ever in a product's name.
_MARKERS = (
    "怎么", "怎样", "如何", "为什么", "为啥", "什么时候", "请问", "谢谢", "感谢", "多谢", "谢啦",
    "你好", "您好", "在吗", "在不在", "客服", "人工", "帮助", "帮忙", "求助", "投诉", "管理员",
    "联系", "咨询", "再见", "拜拜", "早上好", "晚上好", "哈哈", "好的", "收到", "不客气",
)  # fmt: skip
_WORDS = {
    "thanks", "thank", "thx", "hello", "hi", "hey", "help", "how", "what", "why", "where", "when",
    "who", "please", "bye", "ok", "okay", "admin", "support",
}  # fmt: skip
_SENTENCE = re.compile(r"[，。！!；;？?]")
# Longer than any product name people type (the demo's longest is 9 characters).
_LONGER_THAN_A_NAME = 20
# How a question about a product is wrapped: 有…吗, 有没有…, 请问…, 我想买…, …多少钱.
_WRAPPING = re.compile(
    r"^(请问|请|我想买|我想要|想买|我要买|我要|有没有|有卖|有)|(吗|呢|吧|有吗|多少钱|怎么卖|卖吗)$"
)


def is_chat(text: str) -> bool:
    """Whether `text`, which found no product, is clearly talk rather than a product's name: a
    question, a greeting, a thank-you, a sentence, or longer than any name."""
    return says_something(text) or len(text.strip()) > _LONGER_THAN_A_NAME


def says_something(text: str) -> bool:
    """Whether `text` has the punctuation or words of talk (whatever its length)."""
    folded = text.strip().casefold()
    return bool(
        _SENTENCE.search(folded)
        or any(marker in folded for marker in _MARKERS)
        or set(re.findall(r"[a-z]+", folded)) & _WORDS
    )


def product_words(text: str) -> str:
    """`text` without the punctuation and question words around a product's name ('' if none)."""
    words = _SENTENCE.sub(" ", text).strip()
    for _ in range(3):  # 请问有没有蜂蜜吗: a few layers at most
        unwrapped = _WRAPPING.sub("", words).strip()
        if unwrapped == words:
            break
        words = unwrapped
    return words if words != text.strip() else ""


def answer(context: Request) -> Screen:
    """Where to find help: /help, and who to ask (the operator's SUPPORT_CONTACT, if set)."""
    contact = context.policy.support_contact
    lines = [context.t("chat-answer")]
    lines.append(
        context.t("chat-contact", contact=escape(contact)) if contact else context.t("chat-contact-none")
    )
    rows = [[button(context.t("chat-search"), "search-help"), button(context.t("nav-menu"), "menu")]]
    return Screen("\n".join(lines), rows)
