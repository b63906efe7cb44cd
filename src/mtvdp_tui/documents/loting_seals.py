"""The parts of the lottery page that carry its proof: the banners (OEFENING, NIET DEFINITIEF),
the two seals at the top, the region's earlier attempts, and the protocol's JSON embedded in the
page, so the page alone is enough for `loting verify`."""

from __future__ import annotations

import html
import json
from collections.abc import Mapping
from typing import Any

from mtvdp_tui.domain.lottery_seals import grouped
from mtvdp_tui.i18n import t

Protocol = Mapping[str, Any]
SCRIPT_ID = "protocol"
# inside <script> the JSON must not be able to close the element: escape what HTML could read
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def banners(protocol: Protocol) -> list[str]:
    found = []
    if protocol["oefening"]:
        found.append(_banner("oefening", t("loting.doc.banner.oefening")))
    elif not protocol["definitief"]:
        found.append(_banner("niet-definitief", t("loting.doc.banner.niet_definitief")))
    return found


def _banner(css: str, text: str) -> str:
    return f'<p class="banner {css}">{_esc(text)}</p>'


def seals_table(protocol: Protocol) -> str:
    rows = "".join(
        f'<tr><th scope="row">{_esc(t(f"loting.doc.{name}"))}</th>'
        f'<td><code class="zegel">{_esc(grouped(protocol[name]))}</code></td></tr>'
        for name in ("poolzegel", "trekkingszegel")
    )
    note = f"<p>{_esc(t('loting.doc.zegels.uitleg'))}</p>"
    return f'<table id="zegels"><tbody>{rows}</tbody></table>{note}'


def attempts_html(protocol: Protocol) -> str:
    heading = f"<p>{_esc(t('loting.doc.poging', nummer=protocol['poging']))}</p>"
    earlier = protocol["eerdere_pogingen"]
    if not earlier:
        return heading + f"<p>{_esc(t('loting.doc.geen_eerdere'))}</p>"
    head = "".join(
        f"<th>{_esc(t(key))}</th>"
        for key in (
            "loting.doc.poging.nummer",
            "loting.doc.tijd.pool_vastgelegd",
            "loting.doc.poging.verworpen",
            "loting.doc.poging.reden",
            "loting.doc.poolzegel",
        )
    )
    rows = "".join(
        "<tr>"
        + "".join(
            f"<td>{cell}</td>"
            for cell in (
                _esc(str(item["nummer"])),
                _esc(item["pool_vastgelegd"]),
                _esc(item["verworpen"]),
                _esc(item["reden"]),
                f'<code class="zegel">{_esc(grouped(item["poolzegel"]))}</code>',
            )
        )
        + "</tr>"
        for item in earlier
    )
    return (
        heading
        + f'<table id="pogingen"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'
    )


def embedded_json(protocol: Protocol) -> str:
    """The protocol's canonical JSON in a script block (characters HTML could read as markup are
    written as JSON `\\u` escapes, which read back as the same text)."""
    text = json.dumps(protocol, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (
        f'<script type="application/json" id="{SCRIPT_ID}">{text.translate(_SCRIPT_SAFE)}</script>'
    )


def _esc(text: str) -> str:
    return html.escape(text, quote=True)
