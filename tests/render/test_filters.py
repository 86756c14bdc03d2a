import datetime as dt
from decimal import Decimal

import pytest

from itsmkit.model.types import LocalisedText, Money, ServiceHours
from itsmkit.render import filters as f

NB = "\u00a0"


def hours(days, start="08:00", end="18:00", holidays=False):
    return ServiceHours(days=days, start=start, end=end, public_holidays=holidays)


def test_percent_follows_each_language():
    assert f.percent(99.5, "fr") == f"99,5{NB}%"
    assert f.percent(99.5, "en") == "99.5%"
    assert f.percent(100.0, "en") == "100%"
    assert f.percent(None, "fr") is None


def test_service_hours_read_like_prose():
    weekdays = hours(["mon", "tue", "wed", "thu", "fri"])
    expected = f"du lundi au vendredi, de 8{NB}h à 18{NB}h (hors jours fériés)"
    assert f.hours(weekdays, "fr") == expected
    assert f.hours(weekdays, "en") == "Monday to Friday, 8:00-18:00 (excluding public holidays)"
    always = hours(["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "00:00", "24:00", True)
    assert f.hours(always, "fr") == "tous les jours, 24 h sur 24 (jours fériés compris)"
    assert f.hours(always, "en") == "every day, 24 hours a day (including public holidays)"
    odd = hours(["fri", "mon"], "08:30", "12:00")
    assert f.hours(odd, "fr").startswith(f"les lundi et vendredi, de 8{NB}h{NB}30 à 12{NB}h")
    assert f.hours(odd, "en").startswith("Monday and Friday, 8:30-12:00")


@pytest.mark.parametrize(
    ("value", "fr", "en"),
    [
        (dt.date(2025, 3, 1), "1er mars 2025", "1 March 2025"),
        (dt.date(2025, 12, 31), "31 décembre 2025", "31 December 2025"),
    ],
)
def test_dates(value, fr, en):
    assert f.date(value, "fr") == fr
    assert f.date(value, "en") == en


def test_durations():
    assert f.duration(dt.timedelta(minutes=30), "fr") == f"30{NB}min"
    assert f.duration(dt.timedelta(hours=1, minutes=30), "en") == f"1{NB}h 30{NB}min"
    assert f.duration(dt.timedelta(days=2), "fr") == f"2{NB}jours"
    assert f.duration(dt.timedelta(days=1, hours=4), "en") == f"1{NB}day 4{NB}h"


def test_money():
    assert f.money(Money(amount=Decimal("1200.5")), "fr") == f"1\u202f200,50{NB}€"
    assert f.money(Money(amount=Decimal("1200.5")), "en") == "€1,200.50"
    assert f.money(Money(amount=Decimal(900), currency="CHF"), "en") == f"CHF{NB}900"


def test_localised_text_falls_back_to_the_other_language():
    assert f.text(LocalisedText(fr="Bonjour", en="Hello"), "en") == "Hello"
    assert f.text(LocalisedText(fr="Bonjour"), "en") == "Bonjour"
    assert f.text("plain", "fr") == "plain"


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("a | b", "a \\| b"),
        ("**bold** _x_ #1 <b>", "\\*\\*bold\\*\\* \\_x\\_ \\#1 \\<b\\>"),
        ("1. first", "1\\. first"),
        ("- item", "\\- item"),
        ("version 1.0", "version 1.0"),
        ("line one\nline two", "line one line two"),
        ("para one\n\npara two", "para one\n\npara two"),
    ],
)
def test_markdown_escaping(raw, escaped):
    assert f.escape_markdown(raw) == escaped
