"""Send to a list's questions before a new batch goes to a list that already got the same
message, or to numbers an earlier batch of another list sent it (``app/batch_again`` finds
them, off the GUI thread, when the rows are checked): nobody gets it twice by default."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from rampwin_desktop.core.hosts import is_loopback_host
from rampwin_desktop.ui import dialogs

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from rampwin_desktop.app.batch_again import EarlierBatch, SentBefore
    from rampwin_desktop.core.recipients import Plan
    from rampwin_desktop.ui.account import Account
    from rampwin_desktop.ui.batch_loading import Loaded


def confirm_again(parent: QWidget, earlier: EarlierBatch) -> bool:
    """Whether to send the list the message again; asked with the earlier batch's date."""
    return dialogs.confirm(
        parent,
        parent.tr("Send this list the same message again?"),
        parent.tr("This list got this message on %1: %2 sent. Send it to everyone again?")
        .replace("%1", earlier.when)
        .replace("%2", str(earlier.sent)),
        (
            parent.tr("That batch has rows left: Resume a batch… sends only those.")
            if earlier.left or earlier.unknown
            else parent.tr("That batch sent every row it could; none is left to resume.")
        ),
        None,
    )


def plan_without_sent(parent: QWidget, plan: Plan, before: SentBefore) -> Plan | None:
    """The plan to start once asked about the numbers an earlier batch already sent this
    message: without them (Yes, the default), with them (No), or None (Cancel: no start)."""
    from rampwin_desktop.app.batch_again import leave_out

    count, others = len(before.rows), len(plan.rows) - len(before.rows)
    said = (
        parent.tr("1 number on this list already got this message")
        if count == 1
        else parent.tr("%1 numbers on this list already got this message").replace("%1", str(count))
    ) + parent.tr(" (the newest batch that sent one: %1, %2).").replace(
        "%1", before.batch_id
    ).replace("%2", before.when)
    if not others:
        again = dialogs.confirm(
            parent, parent.tr("Send it to them again?"), said, parent.tr("Send it again?"), None
        )
        return plan if again else None
    answer = dialogs.ask(
        parent,
        parent.tr("Leave out the numbers that already got it?"),
        said
        + "\n\n"
        + (
            parent.tr("Yes: send it only to the 1 other number. No: send it to everyone.")
            if others == 1
            else parent.tr("Yes: send it only to the %1 others. No: send it to everyone.")
        ).replace("%1", str(others)),
        (dialogs.Answer.YES, dialogs.Answer.NO, dialogs.Answer.CANCEL),
        dialogs.Answer.YES,
    )
    if answer is dialogs.Answer.CANCEL:
        return None
    return leave_out(plan, before.rows) if answer is dialogs.Answer.YES else plan


def plan_to_start(parent: QWidget, loaded: Loaded, account: Account) -> Plan | None:
    """The plan to start for a new batch of ``loaded``, once asked what to do if this list
    already got this message (``confirm_again``), or some of its numbers did from another
    list (``plan_without_sent``), and, for a real server, whether to send (``confirm_real``);
    None: not now."""
    if loaded.earlier is not None and not confirm_again(parent, loaded.earlier):
        return None
    planned: Plan | None = loaded.plan
    if loaded.sent_before is not None:
        planned = plan_without_sent(parent, loaded.plan, loaded.sent_before)
    if planned is None:
        return None
    count = loaded.resuming.left if loaded.resuming is not None else len(planned.rows)
    return planned if confirm_real(parent, count, account) else None


def confirm_real(parent: QWidget, count: int, account: Account) -> bool:
    """Whether to send to ``count`` numbers through a server elsewhere (No by default): a
    list's messages go at once and none can be taken back. Not asked for the Sandbox or a
    test server on this computer, where nothing reaches anyone."""
    address = account.base_url()
    host = urlsplit(address).hostname or ""
    if account.profile.is_sandbox or is_loopback_host(host):
        return True
    question = (
        parent.tr("Send this message to 1 number through “%2” (%3)?")
        if count == 1
        else parent.tr("Send this message to %1 numbers through “%2” (%3)?")
    )
    said = (
        question.replace("%1", f"{count:,}")
        .replace("%2", account.profile.name)
        .replace("%3", host or address)
    )
    answer = dialogs.ask(
        parent,
        parent.tr("Send to the list?"),
        said
        + "\n\n"
        + parent.tr("Each message goes out at once; a sent one cannot be taken back."),
        (dialogs.Answer.YES, dialogs.Answer.NO),
        dialogs.Answer.NO,  # Enter sends no one a message by mistake
    )
    return answer is dialogs.Answer.YES
