"""The message a user composes: plain, immutable data with no behaviour of its own."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Self


class HeaderKind(StrEnum):
    NONE = "none"
    TEXT = "text"
    IMAGE = "image"
    VIDEO = "video"
    DOCUMENT = "document"

    @property
    def is_media(self) -> bool:
        return self in (HeaderKind.IMAGE, HeaderKind.VIDEO, HeaderKind.DOCUMENT)


@dataclass(frozen=True, slots=True)
class Header:
    """The optional part above the body.

    For media headers ``link`` is either an http(s) URL, sent as it is, or a local
    file path, which is uploaded first and replaced by the URL the upload returns.
    ``filename`` is the name WhatsApp shows on a document card (documents only).
    """

    kind: HeaderKind = HeaderKind.NONE
    text: str = ""
    link: str = ""
    filename: str = ""

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

    def with_changes(self, **changes: Any) -> Self:
        """A copy with the named fields replaced."""
        return dataclasses.replace(self, **changes)


@dataclass(frozen=True, slots=True)
class Button:
    """A reply button: ``id`` comes back in the webhook when the user taps ``title``."""

    id: str
    title: str

    def with_changes(self, **changes: Any) -> Self:
        """A copy with the named fields replaced."""
        return dataclasses.replace(self, **changes)


NO_HEADER = Header()


@dataclass(frozen=True, slots=True)
class Message:
    """One interactive button message, as composed (not yet validated)."""

    body: str = ""
    buttons: tuple[Button, ...] = ()
    header: Header = NO_HEADER
    footer: str = ""
    recipient: str = ""
    channel_id: str = ""
    hide_from_chat: bool = False
    dont_show_in_chat_list: bool = False

    def with_changes(self, **changes: Any) -> Self:
        """A copy with the named fields replaced."""
        return dataclasses.replace(self, **changes)
