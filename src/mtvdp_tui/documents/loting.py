"""A lottery protocol for people: a printable Dutch HTML page, and a plain table for the terminal.

Both render a protocol dict (as `lottery_protocol.build_protocol` or `simulate` make it), so what
is shown is exactly what the file says. The page starts with its banners and both seals, and
carries the protocol's JSON inside it; `loting_check` verifies a page against that JSON.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from mtvdp_tui import formatting
from mtvdp_tui.documents.loting_seals import attempts_html, banners, embedded_json, seals_table
from mtvdp_tui.domain.lottery_protocol import TIME_ORDER
from mtvdp_tui.domain.lottery_seals import grouped
from mtvdp_tui.i18n import t

Protocol = Mapping[str, Any]
KNOWN_TIMES = TIME_ORDER


# --- HTML ----------------------------------------------------------------------------------------


def protocol_html(protocol: Protocol) -> str:
    title = t("loting.doc.titel", regio=protocol["regio"])
    body = [
        *banners(protocol),
        f"<h1>{_esc(title)}</h1>",
        seals_table(protocol),
        _p(_introduction(protocol)),
        _h2("loting.doc.gegevens"),
        _table(_facts(protocol), table_id="gegevens"),
        _h2("loting.doc.pogingen"),
        attempts_html(protocol),
        _h2("loting.doc.momenten"),
        _table(_moment_rows(protocol), table_id="momenten"),
        _p(t("loting.doc.capaciteit.uitleg")),
        _h2("loting.doc.pool"),
        _p(t("loting.doc.pool.uitleg")),
        _table(_pool_rows(protocol), numeric=(0, 3), table_id="pool"),
        _excluded_html(protocol),
        _h2("loting.doc.bronnen"),
        _sources_html(protocol),
        f"<p>{_esc(t('loting.doc.sleutel'))}:</p>",
        f'<p class="sleutel"><code>{_esc(protocol["sleutel"])}</code></p>',
        _p(t("loting.doc.sleutel.uitleg")),
        _h2("loting.doc.trekking"),
        _steps_html(protocol),
        _h2("loting.doc.uitkomst"),
        _table(_total_rows(protocol), numeric=(1, 2, 3, 4), table_id="uitkomst"),
        _h2("loting.doc.tijden"),
        _times_html(protocol),
        _h2("loting.doc.controle"),
        f"<p>{_esc(t('loting.doc.sha256'))}:</p>",
        f'<p class="hash"><code>{_esc(protocol["sha256"])}</code></p>',
        *(_p(t(f"loting.doc.narekenen.{n}")) for n in (1, 2, 3, 4, 5)),
        embedded_json(protocol),
    ]
    return HTML_PAGE.format(title=_esc(title), body="\n".join(body))


def _excluded_html(protocol: Protocol) -> str:
    left_out = protocol["uitgesloten"]
    if not left_out:
        return _p(t("loting.doc.geen_uitgesloten"))
    rows = [(t("loting.doc.agb"), t("loting.doc.praktijk"), t("loting.doc.reden"))]
    rows += [(item["agb"], item["naam"], item["reden"]) for item in left_out]
    return _p(t("loting.doc.uitgesloten")) + _table(rows, table_id="uitgesloten")


def _introduction(protocol: Protocol) -> str:
    return t("loting.doc.inleiding", regio=protocol["regio"], regeling=_ruleset(protocol))


def _facts(protocol: Protocol) -> list[tuple[str, ...]]:
    return [
        (t("loting.doc.veld"), t("loting.doc.waarde")),
        (t("loting.doc.regio"), protocol["regio"]),
        (t("loting.doc.regeling"), _ruleset(protocol)),
        (t("loting.doc.algoritme"), protocol["algoritme"]),
        (t("loting.doc.ion_regio"), formatting.number(protocol["ion_regio"])),
        (t("loting.doc.deelnemers"), formatting.number(len(protocol["pool"]))),
    ]


def _steps_html(protocol: Protocol) -> str:
    if not protocol["stappen"]:
        return _p(t("loting.doc.geen_stappen"))
    pool = _pool_by_number(protocol)
    header = (
        t("loting.doc.stap"),
        t("loting.doc.pool_nummer"),
        t("loting.doc.agb"),
        t("loting.doc.praktijk"),
        t("loting.doc.ion"),
        t("loting.doc.voorkeur"),
        t("loting.doc.toegewezen"),
        t("loting.doc.gebruikt"),
    )
    rows = []
    for step in protocol["stappen"]:
        entry = pool.get(step["pool_nummer"], {})
        moment = _esc(_day(step["instroommoment"]))
        if step["doorgeschoven"]:
            moment += (
                f' <strong class="doorgeschoven">{_esc(t("loting.doc.doorgeschoven"))}</strong>'
            )
        cells = [
            _esc(str(step["nummer"])),
            _esc(str(step["pool_nummer"])),
            _esc(step["agb"]),
            _esc(entry.get("naam", "?")),
            _esc(_ion(entry)),
            _esc(_day(step["voorkeur"])),
            moment,
            _esc(" / ".join(formatting.number(u) for u in step["gebruikt"])),
        ]
        css = ' class="doorgeschoven"' if step["doorgeschoven"] else ""
        rows.append(f"<tr{css}>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>")
    head = "".join(f"<th>{_esc(cell)}</th>" for cell in header)
    table = (
        f'<table id="stappen"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )
    return table + _p(t("loting.doc.doorgeschoven.uitleg"))


def _sources_html(protocol: Protocol) -> str:
    items = "".join(
        f"<li>{_esc(t('loting.doc.bron', nummer=n, getallen=_numbers(source)))}</li>"
        for n, source in enumerate(protocol["bronnen"], start=1)
    )
    return f"<ul>{items}</ul>"


def _times_html(protocol: Protocol) -> str:
    times = protocol.get("tijden") or {}
    if not times:
        return _p(t("loting.doc.geen_tijden"))
    rows = [(t("loting.doc.tijdstip"), t("loting.doc.tijd"))]
    rows += [(_time_label(key), _timestamp(value)) for key, value in _ordered_times(times)]
    return _table(rows, table_id="tijden")


def _h2(key: str) -> str:
    return f"<h2>{_esc(t(key))}</h2>"


def _p(text: str) -> str:
    return f"<p>{_esc(text)}</p>"


def _table(rows: Sequence[Sequence[str]], numeric: tuple[int, ...] = (), table_id: str = "") -> str:
    header, *body = rows
    head = "".join(f"<th>{_esc(cell)}</th>" for cell in header)
    cells = "".join(
        "<tr>"
        + "".join(
            f'<td class="getal">{_esc(c)}</td>' if i in numeric else f"<td>{_esc(c)}</td>"
            for i, c in enumerate(row)
        )
        + "</tr>"
        for row in body
    )
    attribute = f' id="{table_id}"' if table_id else ""
    return f"<table{attribute}><thead><tr>{head}</tr></thead><tbody>{cells}</tbody></table>"


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


# --- plain text ----------------------------------------------------------------------------------


def draw_text(protocol: Protocol) -> str:
    """The draw as an aligned plain-text table, for `mtvdp-tui loting simulate`."""
    regelset = protocol["regelset"]
    lines = [
        t(
            "loting.doc.tekst.kop",
            regio=protocol["regio"],
            regeling=regelset["naam"],
            versie=regelset["versie"],
        ),
        *([t("loting.doc.banner.oefening")] if protocol["oefening"] else []),
        f"{t('loting.doc.poolzegel')}: {grouped(protocol['poolzegel'])}",
        f"{t('loting.doc.trekkingszegel')}: {grouped(protocol['trekkingszegel'])}",
        f"{t('loting.doc.ion_regio')}: {formatting.number(protocol['ion_regio'])}",
        *(
            t("loting.doc.bron", nummer=n, getallen=_numbers(source))
            for n, source in enumerate(protocol["bronnen"], start=1)
        ),
        f"{t('loting.doc.sleutel')}: {protocol['sleutel']}",
        "",
        *_text_table(_moment_rows(protocol), numeric=(1, 2)),
        "",
    ]
    if protocol["stappen"]:
        lines += _text_table(_step_rows(protocol), numeric=(0, 1, 4))
        lines += ["", t("loting.doc.voorkeur.standaard_noot"), ""]
    else:
        lines += [t("loting.doc.geen_stappen"), ""]
    lines += [t("loting.doc.uitkomst"), *_text_table(_total_rows(protocol), numeric=(1, 2, 3, 4))]
    lines += ["", f"{t('loting.doc.sha256')}: {protocol['sha256']}"]
    return "\n".join(lines) + "\n"


def _step_rows(protocol: Protocol) -> list[tuple[str, ...]]:
    pool = _pool_by_number(protocol)
    rows: list[tuple[str, ...]] = [
        (
            t("loting.doc.stap"),
            t("loting.doc.pool_nummer"),
            t("loting.doc.agb"),
            t("loting.doc.praktijk"),
            t("loting.doc.ion"),
            t("loting.doc.voorkeur"),
            t("loting.doc.toegewezen"),
            "",
        )
    ]
    for step in protocol["stappen"]:
        entry = pool.get(step["pool_nummer"], {})
        marker = t("loting.doc.voorkeur.standaard_kort") if entry.get("voorkeur_standaard") else ""
        rows.append(
            (
                str(step["nummer"]),
                str(step["pool_nummer"]),
                step["agb"],
                _shorten(entry.get("naam", "?"), 40),
                _ion(entry),
                _day(step["voorkeur"]) + marker,
                _day(step["instroommoment"]),
                t("loting.doc.doorgeschoven") if step["doorgeschoven"] else "",
            )
        )
    return rows


def _text_table(rows: Sequence[Sequence[str]], numeric: tuple[int, ...] = ()) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  ".join(
            cell.rjust(width) if i in numeric else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    ]


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


# --- shared rows ---------------------------------------------------------------------------------


def _moment_rows(protocol: Protocol) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = [
        (t("loting.doc.moment"), t("loting.doc.percentage"), t("loting.doc.capaciteit"))
    ]
    rows += [
        (_day(m["datum"]), f"{m['percentage']}%", formatting.number(m["capaciteit"]))
        for m in protocol["momenten"]
    ]
    return rows


def _pool_rows(protocol: Protocol) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = [
        (
            t("loting.doc.nummer"),
            t("loting.doc.agb"),
            t("loting.doc.praktijk"),
            t("loting.doc.ion"),
            t("loting.doc.voorkeur"),
        )
    ]
    for entry in protocol["pool"]:
        preference = _day(entry["voorkeur"])
        if entry["voorkeur_standaard"]:
            preference = t("loting.doc.voorkeur.standaard", datum=preference)
        rows.append((str(entry["nummer"]), entry["agb"], entry["naam"], _ion(entry), preference))
    return rows


def _total_rows(protocol: Protocol) -> list[tuple[str, ...]]:
    pool = _pool_by_number(protocol)
    count: dict[str, int] = {}
    ion: dict[str, int] = {}
    for step in protocol["stappen"]:
        moment = step["instroommoment"]
        count[moment] = count.get(moment, 0) + 1
        ion[moment] = ion.get(moment, 0) + pool.get(step["pool_nummer"], {}).get("ion", 0)
    rows: list[tuple[str, ...]] = [
        (
            t("loting.doc.moment"),
            t("loting.doc.praktijken"),
            t("loting.doc.ion_toegewezen"),
            t("loting.doc.cumulatief"),
            t("loting.doc.capaciteit"),
        )
    ]
    used = 0
    for m in protocol["momenten"]:
        used += ion.get(m["datum"], 0)
        rows.append(
            (
                _day(m["datum"]),
                formatting.number(count.get(m["datum"], 0)),
                formatting.number(ion.get(m["datum"], 0)),
                formatting.number(used),
                formatting.number(m["capaciteit"]),
            )
        )
    return rows


def _ruleset(protocol: Protocol) -> str:
    regelset = protocol["regelset"]
    return t(
        "loting.doc.regeling.waarde",
        naam=regelset["naam"],
        id=regelset["id"],
        versie=regelset["versie"],
    )


def _pool_by_number(protocol: Protocol) -> dict[int, Mapping[str, Any]]:
    return {entry["nummer"]: entry for entry in protocol["pool"]}


def _ion(entry: Mapping[str, Any]) -> str:
    return formatting.number(entry["ion"]) if "ion" in entry else "?"


def _numbers(source: Sequence[int]) -> str:
    return " ".join(str(n) for n in source)


def _day(iso: str) -> str:
    return formatting.short_date(date.fromisoformat(iso))


def _ordered_times(times: Mapping[str, str]) -> list[tuple[str, str]]:
    known = [(key, times[key]) for key in KNOWN_TIMES if key in times]
    return known + sorted((k, v) for k, v in times.items() if k not in KNOWN_TIMES)


def _time_label(key: str) -> str:
    return t(f"loting.doc.tijd.{key}") if key in KNOWN_TIMES else key


def _timestamp(value: str) -> str:
    """An ISO-8601 timestamp the Dutch way ('22 nov 2026 14:03:05 (+01:00)'); else as written."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    text = f"{formatting.short_date(moment.date())} {moment:%H:%M:%S}"
    if moment.tzinfo is None:
        return text
    offset = moment.strftime("%z")  # '+0100'
    return f"{text} ({offset[:3]}:{offset[3:5]})"


HTML_PAGE = """<!DOCTYPE html>
<html lang="nl">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
  body {{ font-family: Georgia, serif; max-width: 60em; margin: 2em auto; color: #111; }}
  h1 {{ font-size: 1.6em; border-bottom: 2px solid #111; }}
  h2 {{ font-size: 1.2em; margin-top: 1.6em; }}
  table {{ border-collapse: collapse; width: 100%; }}
  th, td {{ border: 1px solid #999; padding: 0.3em 0.5em; text-align: left; vertical-align: top; }}
  th {{ background: #eee; }}
  td.getal {{ text-align: right; }}
  code {{ font-family: "DejaVu Sans Mono", Consolas, monospace; word-break: break-all; }}
  .sleutel code {{ font-size: 1.4em; font-weight: bold; }}
  .banner {{ border: 4px solid #111; padding: 0.5em; font-size: 1.6em; font-weight: bold;
             text-align: center; letter-spacing: 0.1em; }}
  #zegels th {{ width: 10em; }}
  code.zegel {{ font-size: 1.3em; font-weight: bold; word-break: normal; }}
  tr.doorgeschoven td {{ background: #f3f3f3; }}
  strong.doorgeschoven {{ text-transform: uppercase; letter-spacing: 0.05em; }}
  @media print {{ body {{ margin: 0; max-width: none; }} h2 {{ page-break-after: avoid; }} }}
</style>
</head>
<body>
{body}
</body>
</html>
"""
