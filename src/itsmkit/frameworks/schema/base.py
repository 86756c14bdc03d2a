"""What every framework data file shares: the header, titles, confidence tags."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Confidence = Literal["S", "S~", "K", "INF"]
"""S sourced; S~ partly sourced; K from knowledge, unverified; INF inferred by itsmkit."""

CONFIDENCE_LABELS: dict[str, str] = {
    "S": "sourced",
    "S~": "partly sourced",
    "K": "knowledge, unverified",
    "INF": "inferred by itsmkit",
}

Scalar = str | bool | int


class DataModel(BaseModel):
    """Strict: unknown keys in a data file are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Header(DataModel):
    """Fields every data file declares."""

    framework: Annotated[str, Field(min_length=1)]
    edition: Annotated[str, Field(min_length=1)]
    publisher: Annotated[str, Field(min_length=1)]
    licence_note: Annotated[str, Field(min_length=1)]
    source: Annotated[str, Field(min_length=1)]
    data_version: Annotated[int, Field(ge=1)]
    sources: dict[str, str] = Field(min_length=1)

    def check_source(self, key: str, where: str) -> None:
        """Raise if ``key`` is not declared in ``sources``."""
        if key not in self.sources:
            raise ValueError(f"{where}: source {key!r} is not declared under sources:")


class Titled(DataModel):
    """A short title in English and/or French (at least one)."""

    en: str | None = None
    fr: str | None = None

    @model_validator(mode="after")
    def _one_title(self) -> Titled:
        if not (self.en or self.fr):
            raise ValueError("give a title in en or fr")
        return self

    @property
    def label(self) -> str:
        """English title, else French."""
        return self.en or self.fr or ""

    def title_in(self, lang: str) -> str:
        """The title in ``lang`` (``fr`` or ``en``) when known, else the other one."""
        if lang == "fr":
            return self.fr or self.en or ""
        return self.label
