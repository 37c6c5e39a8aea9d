"""The errors the core raises. Each one renders as a single line: where, then what."""

from __future__ import annotations


class VipError(Exception):
    """Base class: a problem with the user's input, told in one line (in Dutch too, where `nl` is
    given: the app shows it in the user's language; the command speaks English)."""

    def __init__(self, what: str, *, file: str | None = None, where: str | None = None, nl: str | None = None) -> None:
        self.what = what
        self.file = file
        self.where = where
        self.nl = nl
        super().__init__(self.line())

    def line(self, lang: str = "en") -> str:
        """The error as one line: `file: where: what`, leaving out the parts that are unknown."""
        what = self.nl if lang == "nl" and self.nl else self.what
        return ": ".join(part for part in (self.file, self.where, what) if part)


class RulesError(VipError):
    """A rules file cannot be read, or breaks the schema or a cross-check."""


class ProfileError(VipError):
    """A partner profile cannot be read, or does not fit its edition's rules."""


class BookingsError(VipError):
    """A bookings export cannot be imported."""


class StoreError(VipError):
    """The scenario store cannot save or load what was asked."""
