"""`loting verify` on either form of a protocol: the JSON file, or the HTML page.

The page carries the protocol's JSON in `<script type="application/json" id="protocol">`. That
JSON is verified like a file; then the page's visible tables and seals are compared, cell by
cell, with the page this program makes from that JSON, so an edited table (a name, a step, a
seal) is caught even when the embedded JSON was left alone. Pages saved before the seals carry no
JSON: for those, the JSON file saved beside the page is what can be verified.
"""

from __future__ import annotations

from dataclasses import replace
from html.parser import HTMLParser

from mtvdp_tui.documents.loting import protocol_html
from mtvdp_tui.documents.loting_seals import SCRIPT_ID
from mtvdp_tui.domain.lottery_legacy import predates_seals
from mtvdp_tui.domain.lottery_protocol import ProtocolError
from mtvdp_tui.domain.lottery_verify import (
    BOM,
    Verification,
    decode,
    read_json,
    verify,
    verify_protocol,
)
from mtvdp_tui.i18n import t


def verify_file(data: bytes) -> Verification:
    """Verify a protocol file, JSON or HTML (told apart by the first character)."""
    try:
        text = decode(data)
    except ProtocolError as error:
        return Verification(False, str(error))
    if not text.removeprefix(BOM).lstrip().startswith("<"):
        return verify(data)
    return verify_page(text)


def verify_page(page: str) -> Verification:
    seen = _PageReader.read(page)
    if seen.script is None:
        return Verification(False, t("loting.controle.pagina_zonder_json"))
    try:
        protocol = read_json(seen.script)
    except ProtocolError as error:
        return Verification(False, str(error))
    if predates_seals(protocol):  # old pages had no JSON; their tables cannot be checked
        return Verification(False, t("loting.controle.pagina_oud_protocol"))
    verification = verify_protocol(protocol)
    if not verification.ok:
        return verification
    expected_page = protocol_html(protocol)
    difference = _visible_difference(seen, _PageReader.read(expected_page))
    if difference:
        return Verification(False, difference)
    return replace(verification, reformatted=page != expected_page)


def _visible_difference(seen: _PageReader, expected: _PageReader) -> str | None:
    for name in sorted(set(seen.tables) | set(expected.tables)):
        mine, theirs = seen.tables.get(name), expected.tables.get(name)
        if mine is None or theirs is None:
            return t("loting.controle.pagina_tabel", tabel=name)
        for row, (written, made) in enumerate(zip(mine, theirs, strict=False), start=1):
            for column, (cell, right) in enumerate(zip(written, made, strict=False), start=1):
                if cell != right:
                    return t(
                        "loting.controle.pagina_cel",
                        tabel=name,
                        rij=row,
                        kolom=column,
                        pagina=cell,
                        json=right,
                    )
            if len(written) != len(made):
                return t("loting.controle.pagina_rij", tabel=name, rij=row)
        if len(mine) != len(theirs):
            return t("loting.controle.pagina_rijen", tabel=name, pagina=len(mine), json=len(theirs))
    return None


class _PageReader(HTMLParser):
    """Collects the embedded JSON and the text of every cell of every table with an id."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.script: str | None = None
        self.tables: dict[str, list[list[str]]] = {}
        self._in_script = False
        self._script_parts: list[str] = []
        self._table: str | None = None
        self._cell: list[str] | None = None

    @classmethod
    def read(cls, page: str) -> _PageReader:
        reader = cls()
        reader.feed(page)
        reader.close()
        return reader

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "script" and attributes.get("type") == "application/json":
            self._in_script = attributes.get("id") == SCRIPT_ID
        elif tag == "table" and attributes.get("id"):
            self._table = str(attributes["id"])
            self.tables[self._table] = []
        elif tag == "tr" and self._table is not None:
            self.tables[self._table].append([])
        elif tag in ("td", "th") and self._table is not None:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._in_script:
            self._in_script = False
            if self.script is None:
                self.script = "".join(self._script_parts)
        elif tag == "table":
            self._table = None
        elif tag in ("td", "th") and self._cell is not None and self._table is not None:
            rows = self.tables[self._table]
            if rows:
                rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self._script_parts.append(data)
        elif self._cell is not None:
            self._cell.append(data)
