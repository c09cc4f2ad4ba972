"""Send and Send test to me: enabled only when the message is valid, the tooltip says why not."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from rampwin_desktop.core.validation import Problem


class SendBar(QWidget):
    send_requested = Signal()
    send_test_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = QLabel(self)
        self.summary.setObjectName("sendSummaryLabel")
        self.send_test_button = QPushButton(self.tr("Send test to me"), self)
        self.send_test_button.setObjectName("sendTestButton")
        self.send_test_button.setShortcut(QKeySequence("Ctrl+T"))
        self.send_button = QPushButton(self.tr("Send"), self)
        self.send_button.setObjectName("sendButton")
        self.send_button.setShortcut(QKeySequence("Ctrl+Return"))
        self.send_button.setDefault(True)
        row = QHBoxLayout(self)
        row.addWidget(self.summary, 1)
        row.addWidget(self.send_test_button)
        row.addWidget(self.send_button)
        self.send_button.clicked.connect(self.send_requested)
        self.send_test_button.clicked.connect(self.send_test_requested)

    def set_problems(self, problems: list[Problem]) -> None:
        """``problems``: errors only. Recipient problems do not block a test to yourself."""
        blocking = [p for p in problems if p.field not in ("recipient",)]
        self.send_button.setEnabled(not problems)
        self.send_test_button.setEnabled(not blocking)
        listed = "\n".join(f"• {p.message}" for p in problems)
        self.send_button.setToolTip(
            self.tr("Send to the recipient (Ctrl+Enter)")
            if not problems
            else self.tr("Fix these first:") + "\n" + listed
        )
        self.send_test_button.setToolTip(
            self.tr("Send to your own number (Ctrl+T)")
            if not blocking
            else self.tr("Fix these first:") + "\n" + "\n".join(f"• {p.message}" for p in blocking)
        )
        count = len(problems)
        self.summary.setText(
            self.tr("Ready to send.") if not count else self.tr("%n problem(s) to fix", "", count)
        )
        self.summary.setStyleSheet("color: gray;" if not count else "color: #D93025;")
