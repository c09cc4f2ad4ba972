"""A local header picture made ready to upload, for both faces (window and ``send``).

``prepare_upload``: what ``app/sending.py`` uploads in place of the user's file: a copy
without metadata (EXIF with its GPS position and camera, XMP, IPTC, comments), unless the
user keeps metadata. ``for_export``: the same file for Edit › Copy as cURL, Python and
JavaScript, so that a copied script uploads what the app would. ``fit_file`` /
``fit_message``: "Make it fit" and ``send --fit-image``.
Results are kept by content (``storage/fitted_images.py``); the user's file is never changed.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from rampwin_desktop.core import draft, image_fit, media
from rampwin_desktop.core.image_fit import FitError, FitReport
from rampwin_desktop.core.model import HeaderKind, Message
from rampwin_desktop.storage import fitted_images, paths
from rampwin_desktop.storage.upload_cache import file_digest

__all__ = [
    "ExportHeader",
    "FitError",
    "FitReport",
    "Prepared",
    "file_outside_draft",
    "fit_file",
    "fit_message",
    "for_export",
    "prepare_upload",
]


@dataclass(frozen=True)
class Prepared:
    path: Path  # the file to upload
    digest: str  # its content's SHA-256: the upload cache's key
    report: FitReport | None  # what was removed; None: the file is uploaded as it is


_memo: dict[tuple[str, int, int], Prepared] = {}
_memo_lock = threading.Lock()


def prepare_upload(path: Path, *, keep_metadata: bool = False) -> Prepared:
    """The file to upload for the header file ``path``. Raises OSError when unreadable,
    FitError when a picture's structure cannot be followed."""
    path = Path(path)
    as_it_is = keep_metadata or fitted_images.is_fitted(path)
    if as_it_is or media.sniff(path) not in (media.JPEG, media.PNG):
        return Prepared(path, file_digest(path), None)
    info = path.stat()
    key = (str(path.resolve()), info.st_size, info.st_mtime_ns)
    with _memo_lock:
        known = _memo.get(key)
    if known is not None and known.path.is_file():
        return known  # a batch sends the same picture row after row: stripped once
    cleaned = image_fit.strip_metadata(path)
    if cleaned is None:
        prepared = Prepared(path, file_digest(path), None)
    else:
        stored = fitted_images.store(cleaned.data, cleaned.suffix, path.name)
        prepared = Prepared(stored.path, stored.digest, cleaned.report)
    with _memo_lock:
        _memo[key] = prepared
    return prepared


def fit_file(path: Path, *, store: bool = True) -> tuple[Path, FitReport]:
    """``path`` converted to fit (``core/image_fit.fit``) and kept in the data folder under
    the user's file name (``fitted/<sha256>/<name>.jpg``); the kept file and the report.
    Not ``store`` (a dry run): where it would be kept, nothing written. Raises FitError."""
    path = Path(path)
    fitted = image_fit.fit(path)
    if not store:
        return fitted_images.location(fitted.data, fitted.suffix, path.name), fitted.report
    return fitted_images.store(fitted.data, fitted.suffix, path.name).path, fitted.report


def needs_fit(path: Path) -> bool:
    """Whether the image header file ``path`` is refused for a reason a fit removes."""
    return bool(fit_reason(path))


def fit_reason(path: Path) -> str:
    """Why the image header file ``path`` is refused, when a fit removes the reason (a
    sentence: "h.png is a 16-bit PNG image; …"); "" when it is not, or not for that."""
    try:
        media.check_media_file(path, HeaderKind.IMAGE)
    except media.MediaFileError as exc:
        return str(exc) if exc.fixable else ""
    return ""


def fit_message(message: Message, *, store: bool = True) -> tuple[Message, FitReport | None]:
    """``message`` with its image header file converted when it is refused for its type,
    size, colour depth or model (``send --fit-image``); unchanged (and None) otherwise.
    Not ``store`` (a dry run): it names where the converted copy would be kept, unwritten."""
    path = draft.local_header_file(message)  # a module import: draft loads at first use
    if path is None or message.header.kind is not HeaderKind.IMAGE or not needs_fit(path):
        return message, None
    fitted, report = fit_file(path, store=store)
    return message.with_changes(header=message.header.with_changes(link=str(fitted))), report


def file_outside_draft(message: Message, draft_path: Path) -> Path | None:
    """``core/draft.file_outside_draft`` with the app's own picture folders trusted: a
    header made by Make it fit, or pasted, lies in the data folder, not beside the draft,
    and is accepted by every command (a stranger's draft cannot guess a content's SHA-256
    folder). The one place the window and the commands ask."""
    return draft.file_outside_draft(message, draft_path, paths.own_picture_folders())


def cleaned_for_upload(message: Message, prepared: Prepared) -> Message:
    """``message`` pointing at the file to upload in place of the user's own."""
    return message.with_changes(header=message.header.with_changes(link=str(prepared.path)))


@dataclass(frozen=True)
class ExportHeader:
    """The message an export writes out, and what became of its header file."""

    message: Message  # its header pointing at the file the export uploads
    original: Path | None  # the user's file, when ``message`` points at a clean copy of it
    problem: str  # why the user's file could not be cleaned ("" when nothing went wrong)


def for_export(message: Message, *, keep_metadata: bool) -> ExportHeader:
    """``message`` as Copy as cURL / Python / JavaScript write it: a local header picture
    replaced by the copy ``prepare_upload`` makes (metadata removed), as a send would upload
    it. Reads the whole file: call it off the GUI thread. A file that cannot be read or
    cleaned is named as it is, with the reason in ``problem``."""
    path = draft.local_header_file(message)
    if path is None:
        return ExportHeader(message, None, "")
    try:
        if keep_metadata or media.sniff(path) not in (media.JPEG, media.PNG):
            return ExportHeader(message, None, "")  # as a send uploads it: as it is
        prepared = prepare_upload(path)
    except OSError as exc:
        why = f"{path.name} could not be read ({exc.strerror or exc})"
        return ExportHeader(message, None, why)
    except FitError as exc:
        return ExportHeader(message, None, str(exc).rstrip("."))
    if prepared.path == path:
        return ExportHeader(message, None, "")  # nothing to remove, or metadata kept
    return ExportHeader(cleaned_for_upload(message, prepared), path, "")
