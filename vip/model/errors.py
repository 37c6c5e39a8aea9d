"""The errors the core raises. Each one renders as a single line: where, then what.

An error carries what went wrong as a `code` with its `params` (and the `suggestion`, the nearest
valid choice, for "did you mean ...?"), which `vip.present.explain.error_line` words in the user's
language from the catalogue: `str()` of such an error is only its code, so whatever shows an error
to a user goes through `error_line`.
"""

from __future__ import annotations

from collections.abc import Mapping


class VipError(Exception):
    """Base class: a problem with the user's input, told in one line."""

    def __init__(self, *, code: str, params: Mapping[str, object] | None = None, suggestion: str | None = None,
                 file: str | None = None, where: str | None = None) -> None:
        self.file = file
        self.where = where
        self.code = code
        self.params = dict(params or {})
        self.suggestion = suggestion
        super().__init__(self.line())

    def __reduce__(self) -> tuple[object, ...]:  # pickled by its fields (its arguments are keywords only)
        return _made, (type(self), self.code, self.params, self.suggestion, self.file, self.where)

    def line(self, what: str | None = None) -> str:
        """The error as one line: `file: where: what`, leaving out the parts that are unknown
        (`what`: the message as `error_line` words it; by default the code)."""
        what = self.code if what is None else what
        return ": ".join(part for part in (self.file, self.where, what) if part)


def _made(cls: type[VipError], code: str, params: Mapping[str, object], suggestion: str | None, file: str | None,
          where: str | None) -> VipError:
    return cls(code=code, params=params, suggestion=suggestion, file=file, where=where)


class RulesError(VipError):
    """A rules file cannot be read, or breaks the schema or a cross-check."""


class ProfileError(VipError):
    """A partner profile cannot be read, or does not fit its edition's rules."""


class BookingsError(VipError):
    """A bookings export cannot be imported."""


class InputError(VipError):
    """A figure typed on screen cannot be read as a number of the user's language, or is out of range."""


class StoreError(VipError):
    """The scenario store cannot save or load what was asked."""
