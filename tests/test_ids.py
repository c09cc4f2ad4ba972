from __future__ import annotations

from rampwin_desktop.core.ids import id_for_title, slug


def test_slug_examples() -> None:
    assert slug("Buy Now") == "buy_now"
    assert slug("  Café — Menu!  ") == "cafe_menu"
    assert slug("👍") == ""


def test_ids_are_unique_and_never_empty() -> None:
    assert id_for_title("Buy Now", [], position=1) == "buy_now"
    assert id_for_title("buy now", ["buy_now"], position=2) == "buy_now_2"
    assert id_for_title("BUY NOW", ["buy_now", "buy_now_2"], position=3) == "buy_now_3"
    assert id_for_title("👍", ["buy_now"], position=2) == "button_2"
