"""Send to a list's results model: every row in the list's order, in place, filtered."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt

from rampwin_desktop.ui.batch_results import ResultsModel

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from rampwin_desktop.ui.batch_table import Record

HEADERS = ["Row", "Number", "Status", "Message", "Time"]


def cells(record: Record) -> tuple[str, ...]:
    return (*record[:4], "" if record[4] is None else f"t{record[4]:g}")


def record(row: int, status: str = "pending", message: str = "", at: float | None = None) -> Record:
    return (str(row), f"91999990{row:04d}", status, message, at)


def shown(model: ResultsModel) -> list[list[str]]:
    return [
        [model.data(model.index(r, c)) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def listed(rows: range) -> ResultsModel:
    model = ResultsModel(HEADERS, cells)
    model.put_all([(row, record(row), f"Person {row}") for row in rows])
    return model


def test_rows_are_kept_in_the_lists_order_however_they_arrive(qapp: QApplication) -> None:
    model = ResultsModel(HEADERS, cells)
    model.put_all([(5, record(5), ""), (3, record(3), "")])
    model.put(4, record(4, "sent", "ok", 1))
    model.put(2, record(2, "skipped", "no number"))
    model.put(9, record(9))
    assert [row[0] for row in shown(model)] == ["2", "3", "4", "5", "9"]
    assert [r[0] for r in model.records()] == ["2", "3", "4", "5", "9"]
    assert model.count() == 5
    assert model.headerData(2, Qt.Orientation.Horizontal) == "Status"


def test_a_row_sent_changes_in_its_place(qapp: QApplication) -> None:
    model = listed(range(2, 7))
    changed: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda first, last, *_: changed.append((first.row(), last.row())))
    model.rowsInserted.connect(lambda *_: changed.append((-1, -1)))
    model.put(4, record(4, "sent", "Interactive message sent successfully", 7))
    assert changed == [(2, 2)]
    assert shown(model)[2] == ["4", "919999900004", "sent", "Interactive message sent successfully",
                               "t7"]  # fmt: skip
    tip = model.data(model.index(2, 3), Qt.ItemDataRole.ToolTipRole)
    assert tip == "Interactive message sent successfully"  # whole, however narrow the column
    assert model.data(model.index(2, 0), Qt.ItemDataRole.ToolTipRole) is None


def test_the_filter_shows_the_rows_it_finds_and_follows_them_as_they_change(
    qapp: QApplication,
) -> None:
    model = listed(range(2, 8))
    model.put(3, record(3, "sent", "OK", 1))
    model.set_filter("SENT")  # whatever the case
    assert [row[0] for row in shown(model)] == ["3"]
    model.put(6, record(6, "sent", "OK", 2))  # now has it: comes in, in its place
    model.put(2, record(2, "failed", "refused", 3))  # has it not: stays out
    assert [row[0] for row in shown(model)] == ["3", "6"]
    model.put(3, record(3, "unknown", "timed out", 4))  # no longer has it: goes
    assert [row[0] for row in shown(model)] == ["6"]
    model.put(10, record(10, "sent", "OK", 5))  # a row not listed yet, found
    model.put(1, record(1))  # and one that is not
    assert [row[0] for row in shown(model)] == ["6", "10"]
    assert [record[0] for record in model.visible_records()] == ["6", "10"]
    model.set_filter("+91 99999 00002")  # a number as people write it: its digits
    assert [row[0] for row in shown(model)] == ["2"]
    model.set_filter("person 5")  # the list's other values: a name
    assert [row[0] for row in shown(model)] == ["5"]
    model.put(5, record(5, "sent", "OK", 6), "Person 5")  # still found by it, once sent
    model.put(5, record(5, "sent", "OK", 6))  # given without: no longer
    assert shown(model) == []
    model.set_filter("")
    assert [row[0] for row in shown(model)] == [str(n) for n in (1, 2, 3, 4, 5, 6, 7, 10)]
    assert model.count() == 8


def test_clearing_empties_the_model(qapp: QApplication) -> None:
    model = listed(range(2, 5))
    model.set_filter("pending")
    model.clear()
    assert model.rowCount() == 0 and model.count() == 0 and model.records() == []
    model.put(2, record(2))
    assert [row[0] for row in shown(model)] == ["2"]  # the filter still applies
    assert model.rowCount(model.index(0, 0)) == 0  # a table: no row has children
    assert model.data(QModelIndex()) is None


def test_a_status_typed_whole_finds_that_status_not_the_word_in_messages(
    qapp: QApplication,
) -> None:
    model = listed(range(2, 5))
    model.put(2, record(2, "sent", "Interactive message sent successfully", 1))
    model.put(3, record(3, "skipped", "an earlier batch sent this message to this number"))
    model.put(4, record(4, "window closed", "The 24-hour window is closed", 2))
    model.set_filter("Sent")
    assert [row[0] for row in shown(model)] == ["2"]  # not the skipped row that says "sent"
    model.set_filter("window closed")
    assert [row[0] for row in shown(model)] == ["4"]
    model.set_filter("batch sent")  # other words: anywhere, as before
    assert [row[0] for row in shown(model)] == ["3"]
    model.set_filter("sen")  # typing on the way to "sent": found anywhere meanwhile
    assert [row[0] for row in shown(model)] == ["2", "3"]


def test_the_filter_ignores_case_and_accents_as_historys_does(qapp: QApplication) -> None:
    """ "zoe" found nothing though a row was Zoë's; History's filter finds her (a newcomer's
    find)."""
    model = ResultsModel(HEADERS, cells)
    model.put_all([(2, record(2), "Zoë"), (3, record(3), "Émile"), (4, record(4), "Ann")])
    for typed, rows in (("zoe", ["2"]), ("ZOË", ["2"]), ("emile", ["3"]), ("Émi", ["3"])):
        model.set_filter(typed)
        assert [row[0] for row in shown(model)] == rows, typed
