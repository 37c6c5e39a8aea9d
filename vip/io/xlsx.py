"""Reading the first (or a named) sheet of an XLSX workbook, streamed, within bounds.

A workbook is a zip of XML parts, and a small file can hold a huge one: a 1 MB file can unpack to a
1 GB shared string, or a sheet of 20 million cells that all point at it. So before anything is
parsed the parts' unpacked sizes are checked, and while the sheet streams by (one row in memory at
a time) its rows, its columns per row and its cells are counted against limits. The XML is parsed
only once it is known to declare no document type: no DTD, so no entities (an "entity bomb", or
an external entity reaching for a local file); a DTD may only stand before the first element, so
reading up to it is enough, and the parse itself is the standard library's C one, fast enough for
the row limit. Whatever does not fit, or is damaged, is refused with a coded `BookingsError`.

Cells come out as a reader of bookings wants them: numbers as int or float, text as str, cells
whose style is a date format as date/datetime, booleans as bool; a number Excel cannot hold
(`inf`, `nan`) stays its text, to be rejected by the line reader like any other bad amount.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Iterator
from datetime import date, datetime
from typing import IO
from xml.etree.ElementTree import Element, ParseError, XMLPullParser

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.cell import column_index_from_string
from openpyxl.utils.datetime import from_excel

from vip.io.tables import MAX_COLUMNS, Deadline, _refused

MAX_UNPACKED = 200 * 1024 * 1024  # all parts together, unpacked
MAX_SHARED = 20 * 1024 * 1024  # the shared strings part, unpacked
MAX_CELLS = 5_000_000  # cells in the sheet

Cell = str | int | float | date | datetime | None

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_REF = re.compile(r"^([A-Z]{1,3})([0-9]{1,7})$")
_INT = re.compile(r"^-?[0-9]{1,15}$")
_FLOAT = re.compile(r"^-?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]{1,3})?$")
# What may stand before the first element: the XML declaration, comments, processing instructions, space.
_PROLOG = re.compile(rb"(\s+|<\?.*?\?>|<!--.*?-->)*", re.S)
_CHUNK = 4096  # fed to the parser at a time: see `_elements`
_PROLOG_MAX = 1 << 20


def _elements(f: IO[bytes], name: str, deadline: Deadline, prune: str | None = None) -> Iterator[Element]:
    """The elements of an XML part as each one ends, refusing a part that declares a document type
    (and, chunk by chunk, one that takes longer to read than the deadline allows).

    Fed in small chunks, and with `prune`, the tag of an element (a sheet's `sheetData`, the shared
    strings' `sst`), that element's children dropped once handed out: the garbage collector then
    finds few live elements to move up its generations and walk again at each full collection,
    which took most of a long sheet's reading time (100,000 rows: 4.3 s with 64 KB chunks and every
    row kept, 1.9 s now)."""
    parser: XMLPullParser[Element] = XMLPullParser(events=("start", "end") if prune else ("end",))
    holder: Element | None = None
    head: bytes | None = b""
    while True:
        deadline.check()
        chunk = f.read(_CHUNK)
        if head is not None:
            head += chunk
            prolog = _PROLOG.match(head)
            rest = head[prolog.end() if prolog else 0:]
            if rest.startswith(b"<!") or (not chunk and b"<!DOCTYPE" in head):
                raise _refused("xlsx", detail=f"{name}: declares a document type (DTD); expected none")
            if rest[:1] == b"<" or not chunk:
                head = None  # the first element has begun: no DTD can follow
            elif len(head) > _PROLOG_MAX:
                raise _refused("xlsx", detail=f"{name}: no element in the first {len(head)} bytes")
        if not chunk:
            break
        try:
            parser.feed(chunk)
            for event, el in parser.read_events():  # type: ignore[misc]
                if event == "end":
                    yield el  # type: ignore[misc]
                elif el.tag == prune:  # type: ignore[union-attr]
                    holder = el  # type: ignore[assignment]
        except ParseError as exc:
            raise _refused("xlsx", detail=f"{name}: {exc}") from None
        if holder is not None:
            del holder[:-1]  # the last one may still be open
    try:
        parser.close()
    except ParseError as exc:
        raise _refused("xlsx", detail=f"{name}: {exc}") from None
    for event, el in parser.read_events():  # type: ignore[misc]
        if event == "end":
            yield el  # type: ignore[misc]


class Workbook:
    """An open workbook: its sheet names, and the rows of one sheet streamed."""

    def __init__(self, data: bytes, deadline: Deadline | None = None) -> None:
        self.deadline = deadline or Deadline()
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            infos = {i.filename: i for i in self.zip.infolist()}
        except (zipfile.BadZipFile, ValueError, OSError) as exc:
            raise _refused("xlsx", detail=str(exc)) from None
        if sum(i.file_size for i in infos.values()) > MAX_UNPACKED:
            raise _refused("xlsx_too_big", limit=MAX_UNPACKED // 2**20)
        self.infos = infos
        book = self._xml("xl/workbook.xml")
        parts = self._xml("xl/_rels/workbook.xml.rels")
        rels = {r.get("Id"): r.get("Target", "") for r in parts.iter(f"{_PKG}Relationship")}
        self.sheets: dict[str, str] = {}
        for s in book.iter(f"{_MAIN}sheet"):
            target = rels.get(s.get(f"{_REL}id"), "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            self.sheets[s.get("name") or path] = path
        if not self.sheets:
            raise _refused("xlsx", detail="the workbook has no sheets")
        pr = book.find(f"{_MAIN}workbookPr")
        self.epoch = datetime(1904, 1, 1) if pr is not None and pr.get("date1904") in ("1", "true") else None
        self.shared = self._shared_strings()
        self.dates = self._date_styles()

    @property
    def sheetnames(self) -> list[str]:
        return list(self.sheets)

    def _open(self, name: str) -> IO[bytes]:
        if name not in self.infos:
            raise _refused("xlsx", detail=f"part {name} is missing")
        return self.zip.open(name)

    def _xml(self, name: str) -> Element:
        """A small part (workbook, relations, styles) as a tree."""
        root = None
        with self._open(name) as f:
            for root in _elements(f, name, self.deadline):  # noqa: B007 (the last element to end is the root)
                pass
        if root is None:
            raise _refused("xlsx", detail=f"{name} is empty")
        return root

    def _shared_strings(self) -> list[str]:
        name = "xl/sharedStrings.xml"
        if name not in self.infos:
            return []
        if self.infos[name].file_size > MAX_SHARED:
            raise _refused("xlsx_too_big", limit=MAX_SHARED // 2**20)
        strings: list[str] = []
        with self._open(name) as f:
            for el in _elements(f, name, self.deadline, prune=f"{_MAIN}sst"):
                if el.tag == f"{_MAIN}si":
                    strings.append(_text_of(el))
                    el.clear()
        return strings

    def _date_styles(self) -> set[int]:
        """The indexes of the cell styles whose number format shows a date or time."""
        name = "xl/styles.xml"
        if name not in self.infos:
            return set()
        root = self._xml(name)
        formats: dict[int, str] = dict(BUILTIN_FORMATS)
        for f in root.iter(f"{_MAIN}numFmt"):
            formats[_int(f.get("numFmtId"))] = f.get("formatCode") or ""
        xfs = root.find(f"{_MAIN}cellXfs")
        return {i for i, xf in enumerate(xfs if xfs is not None else ())
                if is_date_format(formats.get(_int(xf.get("numFmtId")), "General"))}

    def rows(self, sheet: str) -> Iterator[tuple[int, tuple[Cell, ...]]]:
        """(row number, cells) of a sheet, one row at a time; empty cells None."""
        cells = 0
        cell_tag, row_tag = f"{_MAIN}c", f"{_MAIN}row"
        with self._open(self.sheets[sheet]) as f:
            number = 0
            row: list[Cell] = []
            for el in _elements(f, self.sheets[sheet], self.deadline, prune=f"{_MAIN}sheetData"):
                if el.tag == cell_tag:
                    col, at = self._place(el, len(row))
                    if col >= MAX_COLUMNS:
                        raise _refused("too_wide", row=number + 1, max=MAX_COLUMNS)
                    if col > len(row):
                        row.extend([None] * (col - len(row)))
                    row.append(self._value(el, at))
                elif el.tag == row_tag:
                    given = _int(el.get("r"))
                    number = given if given > number else number + 1
                    cells += len(row)
                    if cells > MAX_CELLS:
                        raise _refused("too_many_cells", max=MAX_CELLS)
                    yield number, tuple(row)  # of str, numbers and dates: a tuple the collector drops from its watch
                    row = []
                    el.clear()

    def _place(self, el: Element, next_col: int) -> tuple[int, str]:
        """The 0-based column of a cell, from its reference (`C7`), or the next one when it has none."""
        ref = el.get("r")
        if ref is None:
            return next_col, f"column {next_col + 1}"
        m = _REF.match(ref)
        if not m:
            raise _refused("xlsx", detail=f"bad cell reference {ref!r}")
        return column_index_from_string(m.group(1)) - 1, ref

    def _value(self, el: Element, at: str) -> Cell:
        kind = el.get("t", "n")
        if kind == "inlineStr":
            return "".join(t.text or "" for t in el.iter(f"{_MAIN}t"))
        v = el.find(f"{_MAIN}v")
        text = (v.text or "") if v is not None else ""
        if text == "":
            return None
        if kind == "s":
            i = _int(text)
            if not 0 <= i < len(self.shared):
                raise _refused("xlsx", detail=f"cell {at}: shared string {text} does not exist")
            return self.shared[i]
        if kind == "b":
            if text not in ("0", "1"):
                raise _refused("xlsx", detail=f"cell {at}: expected a boolean 0 or 1, got {text[:20]!r}")
            return text == "1"
        if kind in ("str", "e", "d"):  # a formula's text, an error (#N/A), an ISO date as text
            return text
        number: int | float
        if _INT.match(text):
            number = int(text)
        elif _FLOAT.match(text):
            number = float(text)
            if number in (float("inf"), float("-inf")):
                return text
        else:
            return text  # `inf`, `nan` and the like: text, rejected as an amount
        if _int(el.get("s", "0")) in self.dates and 0 <= number < 2958466:
            try:
                day = from_excel(number, self.epoch) if self.epoch else from_excel(number)
            except (ValueError, OverflowError):
                return number
            return day.date() if isinstance(day, datetime) and day.time() == datetime.min.time() else day
        return number

    def close(self) -> None:
        self.zip.close()


def _int(text: str | None) -> int:
    """A whole number of a part's attribute, or -1 when it is none."""
    return int(text) if text and text.isascii() and text.isdigit() and len(text) < 10 else -1


def _text_of(si: Element) -> str:
    """A shared string: its text, or its rich-text runs' texts, without phonetic readings (`rPh`)."""
    parts: list[str] = []
    for child in si:
        if child.tag == f"{_MAIN}t":
            parts.append(child.text or "")
        elif child.tag == f"{_MAIN}r":
            parts.extend(t.text or "" for t in child.iter(f"{_MAIN}t"))
    return "".join(parts)
