"""The lottery protocol for people: the printable HTML page and the terminal table."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from mtvdp_tui.documents.loting import draw_text, protocol_html
from mtvdp_tui.documents.loting_check import verify_file
from mtvdp_tui.domain.lottery import Participant, draw_all, prepare_inputs
from mtvdp_tui.domain.lottery_protocol import build_protocol, simulate
from mtvdp_tui.domain.lottery_seals import grouped
from mtvdp_tui.domain.ruleset_loader import load_preset

HOOG = load_preset("hoog-2023")
DATA = Path(__file__).parents[1] / "data"
JUL, OKT = date(2023, 7, 1), date(2023, 10, 1)
PARTICIPANTS = [
    Participant("01000001", "De Linde", 3100, JUL),
    Participant("01000002", "Praktijk 't Hof", 1800, OKT),
    Participant("01000003", "Gezondheidscentrum Noord", 5200, None),
    Participant("01000004", "Dokter Één", 2900, JUL),
    Participant("01000005", "<script>alert(1)</script> & Zn", 2400, JUL),
    Participant("01000006", "Huisarts Zuid", 1500, JUL),
]
SOURCES = [[9319], [10, 2, 8, 12, 5], [45, 9, 18, 26, 34, 41]]
KEY = "9319./2.5.8.10.12./9.18.26.34.41.45./"
TIMES = {"pool_vastgelegd": "2026-11-22T10:00:00+01:00", "getrokken": "2026-11-22T10:20:00"}


def inputs():
    return prepare_inputs(HOOG, "Apeldoorn", 16_000, PARTICIPANTS, SOURCES)


def protocol():
    return build_protocol(draw_all(inputs()), TIMES)


def test_html_shows_everything_a_reader_needs_to_recheck() -> None:
    made = protocol()
    page = protocol_html(made)
    assert page.startswith("<!DOCTYPE html>") and '<html lang="nl">' in page
    for expected in (
        "<h1>Loting Apeldoorn</h1>",
        "HOOG 2023 (hoog-2023, versie 1)",
        "rfc3797-md5/mtvdp-1",
        "<td>16.000</td>",  # T
        "<td>1 jul 2023</td><td>50%</td><td>8.000</td>",  # a moment with its capacity
        "Bron 2: 10 2 8 12 5",
        f"<code>{KEY}</code>",
        "1 jan 2024 (standaard: geen voorkeur opgegeven)",
        '<strong class="doorgeschoven">doorgeschoven</strong>',
        "<h2>Uitkomst per instroommoment</h2>",
        "<td>Pool vastgelegd</td><td>22 nov 2026 10:00:00 (+01:00)</td>",
        "<td>Trekking voltooid</td><td>22 nov 2026 10:20:00</td>",
        f"<code>{made['sha256']}</code>",
        "RFC 3797",
        "mtvdp-tui loting verify",
    ):
        assert expected in page, expected
    for entry in made["pool"]:
        assert f'<td class="getal">{entry["nummer"]}</td><td>{entry["agb"]}</td>' in page
    for name in ("De Linde", "Praktijk &#x27;t Hof", "Dokter Één", "Huisarts Zuid"):
        assert f"<td>{name}</td>" in page


def test_html_escapes_names() -> None:
    page = protocol_html(protocol())
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Zn" in page


def test_a_rehearsal_says_so() -> None:
    page = protocol_html(simulate(inputs()))
    assert '<p class="banner oefening">OEFENING' in page
    assert "Er zijn geen tijdstippen vastgelegd." in page
    assert "OEFENING" not in protocol_html(protocol())


def test_the_seals_stand_at_the_top_and_a_protocol_not_final_says_so() -> None:
    made = protocol()
    page = protocol_html(made)
    top = page[: page.index("<h2>")]
    assert '<p class="banner niet-definitief">NIET DEFINITIEF' in top
    for name in ("poolzegel", "trekkingszegel"):
        assert grouped(made[name]) in top
    final = build_protocol(draw_all(inputs()), {**TIMES, "definitief": "x"}, final=True)
    assert "NIET DEFINITIEF" not in protocol_html(final)


def test_the_page_embeds_the_protocol() -> None:
    made = protocol()
    page = protocol_html(made)
    start = page.index('<script type="application/json" id="protocol">') + 46
    embedded = page[start : page.index("</script>", start)]
    assert "<script>" not in embedded  # a name with markup cannot close the block
    assert json.loads(embedded) == made


def test_an_empty_pool_renders() -> None:
    empty = build_protocol(draw_all(prepare_inputs(HOOG, "Zutphen", 0, [], [[1]])))
    assert "Er zijn geen stappen: de pool is leeg." in protocol_html(empty)
    assert "Er zijn geen stappen: de pool is leeg." in draw_text(empty)


def test_terminal_table() -> None:
    made = protocol()
    text = draw_text(made)
    lines = text.splitlines()
    assert lines[0] == "Loting Apeldoorn — HOOG 2023 (versie 1)"
    assert f"Sleutel: {KEY}" in lines
    assert "ION van de regio (T): 16.000" in lines
    header = next(line for line in lines if line.startswith("Stap"))
    rows = lines[lines.index(header) + 1 : lines.index(header) + 7]
    assert [int(row.split()[0]) for row in rows] == [1, 2, 3, 4, 5, 6]
    column = header.index("AGB-code")
    assert all(row[column : column + 8].isdigit() for row in rows)  # aligned
    assert any(row.endswith("doorgeschoven") for row in rows)
    assert any("1 jan 2024*" in row for row in rows)  # the default preference is marked
    assert f"SHA-256 van het protocol: {made['sha256']}" in lines
    assert f"Poolzegel: {grouped(made['poolzegel'])}" in lines
    assert "OEFENING" in draw_text(simulate(inputs()))


def test_a_page_from_before_the_seals_points_to_the_json_file() -> None:
    """Pages saved before the seals carry no protocol JSON: verify says so and where to look
    (tests/data/loting-voor-zegels.html was written by the code of commit 7a0be93)."""
    old_page = (DATA / "loting-voor-zegels.html").read_bytes()
    result = verify_file(old_page)
    assert not result.ok
    assert "Deze pagina bevat het protocol niet" in result.message
    assert result.message.endswith("controleer het JSON-bestand dat ernaast is opgeslagen.")


def test_a_page_embedding_an_old_protocol_is_not_taken_for_one_this_program_made() -> None:
    old_json = (DATA / "loting-voor-zegels.json").read_text(encoding="utf-8")
    page = f'<html><script type="application/json" id="protocol">{old_json}</script></html>'
    result = verify_file(page.encode())
    assert not result.ok and "vóór de zegels" in result.message
    assert result.message.endswith("controleer het JSON-bestand.")
