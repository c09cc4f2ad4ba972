"""The message a user composes: plain, immutable data with no behaviour of its own."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Self

# Value classes written out instead of frozen dataclasses: ``@dataclass`` compiles its
# methods from source when the module is imported (0.56 ms a class, plus 0.75 ms for the
# ``dataclasses`` module), and the window imports the model before its first paint
# (bench/README.md). The small read-only records elsewhere (Problem, Span, Block,
# MediaType, ChatTheme ...) are NamedTuples (0.1 ms a class); the message's parts are not,
# because a message should not compare equal to, or unpack like, a tuple.


class Value:
    """Immutable: equal, hashed and shown by the fields in ``__slots__``."""

    __slots__: tuple[str, ...] = ()

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def _set(self, **values: object) -> None:  # for __init__ only
        for name, value in values.items():
            object.__setattr__(self, name, value)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{type(self).__name__}({fields})"

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable: use with_changes()")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def with_changes(self, **changes: Any) -> Self:
        values = dict(zip(self.__slots__, self._values(), strict=True))
        values.update(changes)
        return type(self)(**values)

    def __reduce__(self) -> tuple[Any, ...]:  # copy and pickle through __init__
        return (_rebuild, (type(self), dict(zip(self.__slots__, self._values(), strict=True))))


def _rebuild(kind: type[Value], values: dict[str, Any]) -> Value:
    return kind(**values)


class HeaderKind(StrEnum):
    NONE = "none"
    TEXT = "text"
    IMAGE = "image"
    VIDEO = "video"
    DOCUMENT = "document"

    @property
    def is_media(self) -> bool:
        return self in (HeaderKind.IMAGE, HeaderKind.VIDEO, HeaderKind.DOCUMENT)


class Header(Value):
    """The optional part above the body.

    For media headers ``link`` is either an http(s) URL, sent as it is, or a local
    file path, which is uploaded first and replaced by the URL the upload returns.
    ``filename`` is the name WhatsApp shows on a document card (documents only).
    """

    __slots__ = ("filename", "kind", "link", "text")
    kind: HeaderKind
    text: str
    link: str
    filename: str

    def __init__(
        self, kind: HeaderKind = HeaderKind.NONE, text: str = "", link: str = "", filename: str = ""
    ) -> None:
        self._set(kind=kind, text=text, link=link, filename=filename)

    @classmethod
    def none(cls) -> Header:
        return cls()

    @classmethod
    def of_text(cls, text: str) -> Header:
        return cls(kind=HeaderKind.TEXT, text=text)

    @classmethod
    def of_media(cls, kind: HeaderKind, link: str, filename: str = "") -> Header:
        if not kind.is_media:
            raise ValueError(f"{kind} is not a media header")
        return cls(kind=kind, link=link, filename=filename)


class Button(Value):
    """A reply button: ``id`` comes back in the webhook when the user taps ``title``."""

    __slots__ = ("id", "title")
    id: str
    title: str

    def __init__(self, id: str, title: str) -> None:
        self._set(id=id, title=title)


NO_HEADER = Header()


class Message(Value):
    """One interactive button message, as composed (not yet validated)."""

    __slots__ = (
        "body",
        "buttons",
        "channel_id",
        "dont_show_in_chat_list",
        "footer",
        "header",
        "hide_from_chat",
        "recipient",
    )
    body: str
    buttons: tuple[Button, ...]
    header: Header
    footer: str
    recipient: str
    channel_id: str
    hide_from_chat: bool
    dont_show_in_chat_list: bool

    def __init__(
        self,
        body: str = "",
        buttons: tuple[Button, ...] = (),
        header: Header = NO_HEADER,
        footer: str = "",
        recipient: str = "",
        channel_id: str = "",
        hide_from_chat: bool = False,
        dont_show_in_chat_list: bool = False,
    ) -> None:
        self._set(
            body=body,
            buttons=buttons,
            header=header,
            footer=footer,
            recipient=recipient,
            channel_id=channel_id,
            hide_from_chat=hide_from_chat,
            dont_show_in_chat_list=dont_show_in_chat_list,
        )
