""" "Send test to me" asks once for the user's own number: checked as it is typed, kept
while it is wrong, remembered for the profile once it is right."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout

from rampwin_desktop.core.phone import number_problem, parse_phone_number
from rampwin_desktop.ui.fields import ProblemLabel

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget


class OwnNumberDialog(QDialog):
    def __init__(self, profile_name: str, parent: QWidget | None = None, home: str = "") -> None:
        super().__init__(parent)
        self.home = home  # the user's region: a number written as there is caught
        self.setObjectName("ownNumberDialog")
        self.setWindowTitle(self.tr("Your number"))
        prompt = QLabel(
            self.tr(
                "Your WhatsApp number, with its country code. Tests from “%1” go to it; "
                "it is remembered for this profile."
            ).replace("%1", profile_name),
            self,
        )
        prompt.setWordWrap(True)
        self.edit = QLineEdit(self)
        self.edit.setObjectName("ownNumberEdit")
        self.edit.setAccessibleName(self.tr("Your WhatsApp number"))
        self.edit.setPlaceholderText(self.tr("+ and the country code, then the number"))
        prompt.setBuddy(self.edit)
        self.problem = ProblemLabel(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        column = QVBoxLayout(self)
        column.addWidget(prompt)
        column.addWidget(self.edit)
        column.addWidget(self.problem)
        column.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("x") * 60)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.edit.textChanged.connect(self._check)
        self.digits = ""
        self._check()

    def _check(self) -> None:
        """OK only for a number that can be sent to; what is wrong, as soon as there is text."""
        text = self.edit.text()
        said = number_problem(text, self.home) if text.strip() else ""
        self.problem.set_problems([said] if said else [])
        self.digits = "" if said or not text.strip() else parse_phone_number(text).digits
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.digits))
        if self.isVisible():
            self.adjustSize()  # tall enough for the whole explanation, never cut
