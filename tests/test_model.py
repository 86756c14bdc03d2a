"""The shared types and model behaviour, tested directly."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from itsmkit.model.base import Document, Family, Record
from itsmkit.model.registry import KINDS, batchable_kinds, kinds_of
from itsmkit.model.types import Duration, Money, ServiceHours, format_duration, parse_duration

durations = TypeAdapter(Duration)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4h", dt.timedelta(hours=4)),
        ("30min", dt.timedelta(minutes=30)),
        ("30m", dt.timedelta(minutes=30)),
        ("1d 2h", dt.timedelta(days=1, hours=2)),
        ("1d2h30min", dt.timedelta(days=1, hours=2, minutes=30)),
        ("1.5h", dt.timedelta(hours=1, minutes=30)),
        ("PT4H", dt.timedelta(hours=4)),
        ("P1DT30M", dt.timedelta(days=1, minutes=30)),
    ],
)
def test_durations_are_parsed(text: str, expected: dt.timedelta) -> None:
    assert durations.validate_python(text) == expected


@pytest.mark.parametrize("text", ["", "soon", "4 hours", "P", "h", "-4h"])
def test_bad_durations_are_refused_with_a_clear_message(text: str) -> None:
    with pytest.raises(ValidationError, match="expected a duration such as '4h'"):
        durations.validate_python(text)


@given(st.integers(min_value=0, max_value=400), st.integers(0, 23), st.integers(0, 59))
def test_duration_round_trip(days: int, hours: int, minutes: int) -> None:
    value = dt.timedelta(days=days, hours=hours, minutes=minutes)
    assert parse_duration(format_duration(value)) == value


def test_duration_serialises_to_the_short_form() -> None:
    assert durations.dump_python(dt.timedelta(hours=26, minutes=5), mode="json") == "1d 2h 5min"


def test_money_currency_must_be_iso_4217() -> None:
    assert Money.model_validate({"amount": "12.50"}).currency == "EUR"
    with pytest.raises(ValidationError, match="ISO 4217"):
        Money.model_validate({"amount": 1, "currency": "euro"})
    with pytest.raises(ValidationError):
        Money.model_validate({"amount": -1})


def test_service_hours_accept_24_00_end_and_refuse_25_00() -> None:
    hours = ServiceHours.model_validate({"days": ["mon"], "start": "00:00", "end": "24:00"})
    assert hours.end == "24:00"
    with pytest.raises(ValidationError):
        ServiceHours.model_validate({"days": ["mon"], "start": "08:00", "end": "25:00"})
    with pytest.raises(ValidationError):
        ServiceHours.model_validate({"days": ["monday"], "start": "08:00", "end": "18:00"})


def test_every_kind_is_a_document_record_or_entity() -> None:
    assert len(KINDS) >= 36
    for kind, model in KINDS.items():
        assert model.kind_name == kind
        assert model.title_en and model.title_fr, kind
        if issubclass(model, Document):
            assert model.family is Family.DOCUMENT
        elif issubclass(model, Record):
            assert model.family is Family.RECORD
        else:
            assert model.family is Family.ENTITY
    assert {"sla", "uc", "policy", "procedure", "catalogue"} <= set(kinds_of(Family.DOCUMENT))
    assert {"incident", "complaint", "audit-report", "minutes"} <= set(kinds_of(Family.RECORD))
    assert {"incident", "service-request", "complaint"} <= set(batchable_kinds())


def test_documents_need_document_control() -> None:
    with pytest.raises(ValidationError) as info:
        KINDS["policy"].model_validate(
            {
                "kind": "policy",
                "id": "POL-1",
                "schema_version": 1,
                "policy_type": "change",
                "statement": "x",
            }
        )
    missing = {e["loc"][0] for e in info.value.errors() if e["type"] == "missing"}
    assert missing == {"title", "version", "status", "owner"}


def test_timestamps_need_a_time_zone() -> None:
    base = {
        "kind": "incident",
        "id": "INC-1",
        "schema_version": 1,
        "summary": "x",
        "service": "S",
        "customer": "C",
        "priority": "P1",
        "status": "new",
    }
    KINDS["incident"].model_validate({**base, "opened": "2026-05-04T08:00:00+02:00"})
    with pytest.raises(ValidationError, match="timezone"):
        KINDS["incident"].model_validate({**base, "opened": "2026-05-04T08:00:00"})


def test_records_give_their_evidence_dates() -> None:
    incident = KINDS["incident"].model_validate(
        {
            "kind": "incident",
            "id": "INC-1",
            "schema_version": 1,
            "summary": "x",
            "service": "S",
            "customer": "C",
            "priority": "P1",
            "status": "closed",
            "opened": "2026-05-04T08:00:00+02:00",
            "closed": "2026-05-06T08:00:00+02:00",
        }
    )
    assert incident.evidence_dates() == (dt.date(2026, 5, 4), dt.date(2026, 5, 6))


def test_ids_must_follow_the_pattern() -> None:
    base = {"kind": "person", "schema_version": 1, "name": "A"}
    for good in ("P-ALICE", "p.alice", "SLA_2026-01", "A1"):
        KINDS["person"].model_validate({**base, "id": good})
    for bad in ("1ABC", "has space", "trailing-", "a--b", "é-x"):
        with pytest.raises(ValidationError):
            KINDS["person"].model_validate({**base, "id": bad})


def test_atomic_writes_get_the_usual_file_mode(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import os

    from itsmkit.fsutil import atomic_write_text

    target = tmp_path / "a.txt"
    atomic_write_text(target, "x")
    current = os.umask(0)
    os.umask(current)
    assert target.stat().st_mode & 0o777 == 0o666 & ~current
    target.chmod(0o640)
    atomic_write_text(target, "y")
    assert target.stat().st_mode & 0o777 == 0o640  # an existing file keeps its mode
