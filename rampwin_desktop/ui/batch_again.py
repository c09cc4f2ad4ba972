"""Send to a list's question before a new batch goes to a list that already got the same
message (``app/batch_again`` finds the earlier batch, off the GUI thread, when the rows are
checked): No is the default."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rampwin_desktop.ui import dialogs

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from rampwin_desktop.app.batch_again import EarlierBatch


def confirm_again(parent: QWidget, earlier: EarlierBatch) -> bool:
    """Whether to send the list the message again; asked with the earlier batch's date."""
    return dialogs.confirm(
        parent,
        parent.tr("Send this list the same message again?"),
        parent.tr("This list got this message on %1: %2 sent. Send it to everyone again?")
        .replace("%1", earlier.when)
        .replace("%2", str(earlier.sent)),
        (
            parent.tr("Batch %1. Resume a batch… sends only the rows it has left.")
            if earlier.left or earlier.unknown
            else parent.tr("Batch %1 has no rows left.")
        ).replace("%1", earlier.batch_id),
        None,
    )
