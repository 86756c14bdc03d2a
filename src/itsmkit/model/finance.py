"""Budgeting and accounting for services."""

from __future__ import annotations

from pydantic import Field

from itsmkit.model.base import Document, Strict, register
from itsmkit.model.types import Money, Period, ServiceRef, Text


class BudgetLine(Strict):
    """A budgeted amount, optionally with what was actually spent."""

    item: Text
    service: ServiceRef | None = None
    budgeted: Money
    actual: Money | None = None


@register("budget", en="Service budget", fr="Budget des services")
class Budget(Document):
    """Budget and accounting for the services over a period."""

    period: Period
    lines: list[BudgetLine] = Field(min_length=1)
    accounting_method: Text | None = None
