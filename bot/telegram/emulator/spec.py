"""The Bot API specification as data, for the emulator: decoding parameters, validating them, parsing HTML.

`bot/data/botapi-10.1.json` lists every method and type with its fields and their types, and the length
limits the documentation states. Validation walks a call's parameters through those types, so a bad
button deep inside `reply_markup` is caught as surely as a missing `chat_id`.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

PRIMITIVES = {"Integer", "Float", "Boolean", "String", "InputFile"}
# Fields whose length Telegram counts after the markup of `parse_mode` is parsed.
FORMATTED = {"text", "caption", "message_text"}
PARSE_MODES = {"HTML", "MarkdownV2", "Markdown"}


@dataclass(frozen=True)
class Field:
    name: str
    required: bool
    types: tuple[str, ...]


@dataclass
class Upload:
    """A file sent in a multipart request."""

    filename: str
    content_type: str
    data: bytes

    def __repr__(self) -> str:
        return f"Upload({self.filename!r}, {len(self.data)} bytes)"


class HtmlError(ValueError):
    """Text that Telegram's HTML parse mode would refuse."""


class Spec:
    def __init__(self, data: Mapping[str, Any]) -> None:
        self.version: str = data.get("version", "?")
        self.methods = {name: _fields(m) for name, m in data["methods"].items()}
        self.returns: dict[str, tuple[str, ...]] = {
            n: tuple(m["returns"]) for n, m in data["methods"].items()
        }
        self.types = {name: _fields(t) for name, t in data["types"].items() if t.get("fields")}
        self.subtypes = {name: t["subtypes"] for name, t in data["types"].items() if t.get("subtypes")}
        self.discriminator = _discriminators(self.types, self.subtypes)
        self.limits: dict[str, dict[str, dict[str, Any]]] = data["limits"]
        self._by_lower = {name.lower(): name for name in self.methods}

    def method(self, name: str) -> str | None:
        """The spec's spelling of `name`: Telegram matches method names case-insensitively."""
        return self._by_lower.get(name.lower())

    # Decoding

    def decode(self, method: str, raw: Mapping[str, str | Upload]) -> dict[str, Any]:
        """Form values to Python values: the client JSON-encodes every non-string value."""
        fields = self.methods.get(method, {})
        return {
            key: value if isinstance(value, Upload) else _decode_value(value, fields.get(key))
            for key, value in raw.items()
        }

    # Validation

    def validate(self, method: str, params: Mapping[str, Any]) -> list[str]:
        """Every way `params` break the spec of `method`, one message each."""
        return self._check_fields(params, self.methods[method], method, "")

    def check(self, value: Any, types: Sequence[str], path: str = "") -> list[str]:
        """Problems of `value` against any one of `types` (the best-fitting one is reported)."""
        alternatives = list(self._expand(types))
        if len(alternatives) == 1:
            return self._check_one(value, alternatives[0], path)
        if isinstance(value, dict):
            alternatives = self._narrow(value, alternatives)
            if not alternatives:
                return [f"{_name(path)}: unknown type {value.get('type')!r} for {' or '.join(types)}"]
        best: list[str] | None = None
        for alternative in alternatives:
            problems = self._check_one(value, alternative, path)
            if not problems:
                return []
            if best is None or len(problems) < len(best):
                best = problems
        return best or []

    def _expand(self, types: Iterable[str]) -> Iterable[str]:
        """Abstract types (InlineQueryResult, BotCommandScope, ...) stand for their concrete subtypes."""
        for name in types:
            if name in self.subtypes and name not in self.types:
                yield from self._expand(self.subtypes[name])
            else:
                yield name

    def _narrow(self, value: dict, alternatives: list[str]) -> list[str]:
        """Pick the object types `value` can mean: by its `type` field, then by the keys it has."""
        objects = [a for a in alternatives if a in self.types]
        keys = {self.discriminator.get(a) for a in objects}
        if len(keys) == 1 and None not in keys and isinstance(value.get(key := keys.pop()), str):
            objects = [a for a in objects if a.endswith(_camel(value[key]))]
        complete = [a for a in objects if all(f.name in value for f in self.types[a].values() if f.required)]
        return complete or objects

    def _check_one(self, value: Any, type_name: str, path: str) -> list[str]:
        if type_name.startswith("Array of "):
            if not isinstance(value, list):
                return [f"{_name(path)}: expected {type_name}, got {_kind(value)}"]
            inner = type_name.removeprefix("Array of ")
            return [p for i, item in enumerate(value) for p in self.check(item, [inner], f"{path}[{i}]")]
        ok = {
            "Integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
            "Float": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
            "Boolean": lambda v: isinstance(v, bool),
            "String": lambda v: isinstance(v, str),
            "InputFile": lambda v: isinstance(v, Upload),
        }.get(type_name)
        if ok is not None:
            return [] if ok(value) else [f"{_name(path)}: expected {type_name}, got {_kind(value)}"]
        if not isinstance(value, dict):
            return [f"{_name(path)}: expected {type_name} object, got {_kind(value)}"]
        if type_name not in self.types:  # a type without fields, such as CallbackGame
            extra = sorted(value)
            return [f"{_name(path)}: {type_name} has no fields, got {extra}"] if extra else []
        key = self.discriminator.get(type_name)
        if key and isinstance(value.get(key), str) and not type_name.endswith(_camel(value[key])):
            return [f"{_join(path, key)}: {value[key]!r} does not make a {type_name}"]
        return self._check_fields(value, self.types[type_name], type_name, path)

    def _check_fields(
        self, value: Mapping[str, Any], fields: dict[str, Field], owner: str, path: str
    ) -> list[str]:
        problems = [
            f"{_join(path, f.name)}: required by {owner} but missing"
            for f in fields.values()
            if f.required and f.name not in value
        ]
        for key, item in value.items():
            where = _join(path, key)
            field = fields.get(key)
            if field is None:
                problems.append(f"{where}: unknown field of {owner} in {self.version}")
                continue
            found = self.check(item, field.types, where)
            problems += found
            if not found:
                problems += self._check_length(value, key, owner, where)
        return problems

    def _check_length(self, value: Mapping[str, Any], key: str, owner: str, where: str) -> list[str]:
        if key == "parse_mode" and value[key] not in PARSE_MODES:
            return [f"{where}: unsupported parse mode {value[key]!r}"]
        limit = self.limits.get(owner, {}).get(key)
        if limit is None or not isinstance(value[key], str):
            return []
        text = value[key]
        if key in FORMATTED and value.get("parse_mode") == "HTML":
            try:
                text, _ = parse_html(text)
            except HtmlError as error:
                return [f"{where}: {error}"]
        unit = limit["unit"]
        size = len(text.encode()) if unit == "bytes" else len(text)
        if limit["min"] <= size <= limit["max"]:
            return []
        return [f"{where}: {size} {unit}, must be {limit['min']}-{limit['max']} {unit}"]


@cache
def load_spec() -> Spec:
    """The bundled spec, read as package data so it works from an installed wheel too."""
    text = resources.files("bot").joinpath("data/botapi-10.1.json").read_text(encoding="utf-8")
    return Spec(json.loads(text))


def _fields(entry: Mapping[str, Any]) -> dict[str, Field]:
    return {
        f["name"]: Field(f["name"], bool(f["required"]), tuple(f["types"])) for f in entry.get("fields", [])
    }


def _discriminators(types: dict[str, dict[str, Field]], subtypes: dict[str, list[str]]) -> dict[str, str]:
    """The field telling apart the subtypes of an abstract type: `type`, or `source` for passport errors.

    Its value names the subtype: {"type": "all_private_chats"} is a BotCommandScopeAllPrivateChats.
    """
    found: dict[str, str] = {}
    for abstract, names in subtypes.items():
        concrete = [n for n in names if n in types]
        key = "source" if abstract == "PassportElementError" else "type"
        if concrete and all(key in types[n] for n in concrete):
            found.update(dict.fromkeys(concrete, key))
    return found


def _camel(snake: str) -> str:
    return "".join(part.capitalize() for part in snake.split("_"))


def _decode_value(raw: str, field: Field | None) -> Any:
    """JSON-decode a form value, except where the spec says String and the JSON is no other allowed type.

    So `text="1"` stays the string "1" while `chat_id="1"` becomes the integer 1.
    """
    if field is not None and set(field.types) <= {"String", "InputFile"}:
        return raw
    try:
        decoded = json.loads(raw)
    except ValueError:
        return raw
    if field is None or "String" not in field.types:
        return decoded
    fits = any(_loosely(decoded, t) for t in field.types if t not in ("String", "InputFile"))
    return decoded if fits else raw


def _loosely(value: Any, type_name: str) -> bool:
    if type_name == "Integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if type_name == "Float":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if type_name == "Boolean":
        return isinstance(value, bool)
    if type_name.startswith("Array of "):
        return isinstance(value, list)
    return isinstance(value, dict)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _name(path: str) -> str:
    return path or "value"


def _kind(value: Any) -> str:
    return f"{type(value).__name__} {value!r}"[:80]


# HTML parse mode, as Telegram implements it: a small fixed set of tags, everything else is refused.

_TAG = re.compile(
    r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z_:-]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'>]+))?)*)\s*>"
)
_ATTR = re.compile(r"([a-zA-Z_:-]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'>]+)))?")
_ENTITY_OF_TAG = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}


def utf16_len(text: str) -> int:
    """Entity offsets and lengths count UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def parse_html(source: str) -> tuple[str, list[dict[str, Any]]]:
    """Plain text and MessageEntity dicts for `source` in parse mode HTML; HtmlError where Telegram refuses."""
    parts: list[str] = []
    entities: list[dict[str, Any]] = []
    stack: list[tuple[str, int, dict[str, Any] | None]] = []
    offset = pos = 0
    while True:
        lt = source.find("<", pos)
        text = html.unescape(source[pos : lt if lt >= 0 else len(source)])
        parts.append(text)
        offset += utf16_len(text)
        if lt < 0:
            break
        at = len(source[:lt].encode())
        match = _TAG.match(source, lt)
        if match is None:
            raise HtmlError(f"can't parse entities: unexpected '<' at byte offset {at} (escape it as &lt;)")
        closing, name, attrs = match.group(1), match.group(2).lower(), _attributes(match.group(3))
        if name not in _ENTITY_OF_TAG or (name == "span" and attrs.get("class") != "tg-spoiler"):
            raise HtmlError(f'can\'t parse entities: unsupported start tag "{name}" at byte offset {at}')
        if closing:
            if not stack or stack[-1][0] != name:
                expected = f', expected "</{stack[-1][0]}>"' if stack else ""
                raise HtmlError(
                    f'can\'t parse entities: unmatched end tag at byte offset {at}{expected}, found "</{name}>"'
                )
            _, start, entity = stack.pop()
            if entity is not None and offset > start:
                entities.append({**entity, "offset": start, "length": offset - start})
        else:
            stack.append((name, offset, _entity(name, attrs, stack)))
        pos = match.end()
    if stack:
        raise HtmlError(
            f"can't parse entities: can't find end tag corresponding to start tag \"{stack[-1][0]}\""
        )
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(parts), entities


def _attributes(text: str) -> dict[str, str]:
    # A quoted value's entities are decoded, as tdlib's parse_html does: href="…?a=1&amp;b=2" links
    # to …?a=1&b=2.
    return {
        m.group(1).lower(): html.unescape(m.group(2) or m.group(3) or "") or m.group(4) or ""
        for m in _ATTR.finditer(text)
    }


def _entity(name: str, attrs: dict[str, str], stack: list) -> dict[str, Any] | None:
    kind = _ENTITY_OF_TAG[name]
    if name == "code" and stack and stack[-1][0] == "pre":
        # <pre><code class="language-x"> is one pre entity with a language, not two entities.
        language = attrs.get("class", "").removeprefix("language-")
        if language and stack[-1][2] is not None:
            stack[-1][2]["language"] = language
        return None
    if name == "a":
        return {"type": kind, "url": attrs["href"]} if attrs.get("href") else None
    if name == "tg-emoji":
        return {"type": kind, "custom_emoji_id": attrs.get("emoji-id", "")}
    if name == "blockquote" and "expandable" in attrs:
        return {"type": "expandable_blockquote"}
    return {"type": kind}
