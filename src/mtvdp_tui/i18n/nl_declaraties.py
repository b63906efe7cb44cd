"""Dutch texts for the declaraties area. Keys are dotted: `<area>.<thing>`."""

MESSAGES: dict[str, str] = {
    # --- quarters ------------------------------------------------------------------------------------
    "declaraties.kwartaal": "{nummer}e kwartaal {jaar}",
    "declaraties.fout.kwartaal": "'{tekst}' is geen kwartaal; schrijf het als 2024-Q1 (jaar, streepje, Q en een cijfer van 1 tot en met 4).",
    # --- statuses ------------------------------------------------------------------------------------
    "declaraties.status.te_declareren": "te declareren",
    "declaraties.status.gedeclareerd": "gedeclareerd",
    "declaraties.status.uitbetaald": "uitbetaald",
    "declaraties.status.afgewezen": "afgewezen",
    "declaraties.onbekende_datum": "datum onbekend",
    "declaraties.fout.toekomst": "{datum} ligt in de toekomst; kies vandaag of een eerdere datum.",
    "declaraties.fout.datum_nodig": "Vul een datum in.",
    "declaraties.fout.voor_declaratie": "{datum} ligt vóór de declaratiedatum ({gedeclareerd}); kies die dag of een latere.",
    "declaraties.fout.uitbetaald_niet_gedeclareerd": "Dit kwartaal is nog niet gedeclareerd; het kan pas uitbetaald zijn nadat het gedeclareerd is.",
    "declaraties.fout.uitbetaald_na_afwijzing": "Deze declaratie is afgewezen; declareer eerst opnieuw voordat u 'uitbetaald' kiest.",
    "declaraties.fout.al_uitbetaald": "Dit kwartaal is al uitbetaald ({datum}). Klopt dat niet, zet het dan eerst terug naar 'te declareren'.",
    "declaraties.fout.al_gedeclareerd": "Dit kwartaal is al gedeclareerd ({datum}). Zet het eerst terug naar 'te declareren' om de datum te wijzigen.",
    "declaraties.fout.al_afgewezen": "Dit kwartaal is al afgewezen. Zet het eerst terug naar 'te declareren' om een andere reden te geven.",
    "declaraties.fout.reden_nodig": "Geef een reden voor de afwijzing.",
    "declaraties.fout.reden_te_lang": "De reden is te lang: hoogstens {max} tekens.",
    # --- flags (the "Opmerking" of a row) ------------------------------------------------------------
    "declaraties.vlag.plan_te_laat": "plan te laat",
    "declaraties.vlag.geen_ion": "geen ION",
    "declaraties.vlag.ion_ouder": "ION ouder dan het kwartaal",
    "declaraties.vlag.ion_later": "ION van een latere peildatum",
    "declaraties.vlag.tarief_onbekend": "tarief onbekend",
    # --- payers --------------------------------------------------------------------------------------
    "declaraties.betaler.organisatie": "organisatie",
    "declaraties.betaler.zorgverzekeraar": "zorgverzekeraar",
    # --- columns (screen and export) -----------------------------------------------------------------
    "declaraties.kolom.kwartaal": "Kwartaal",
    "declaraties.kolom.agb": "AGB",
    "declaraties.kolom.naam": "Naam",
    "declaraties.kolom.regio": "Regio",
    "declaraties.kolom.ion": "ION",
    "declaraties.kolom.peildatum": "Peildatum ION",
    "declaraties.kolom.tarief": "Tarief",
    "declaraties.kolom.bedrag": "Bedrag",
    "declaraties.kolom.betaler": "Betaler",
    "declaraties.kolom.status": "Status",
    "declaraties.kolom.datum": "Datum",
    "declaraties.kolom.reden": "Reden",
    "declaraties.kolom.opmerking": "Opmerking",
    # --- export --------------------------------------------------------------------------------------
    "declaraties.export.totaal": "Totaal",
    "declaraties.export.praktijken.een": "1 praktijk",
    "declaraties.export.praktijken.meer": "{aantal} praktijken",
    "declaraties.export.zonder_ion": "{aantal} zonder ION",
    "declaraties.export.blad": "Declaraties",
    "declaraties.export.blad_kwartaal": "Declaraties {kwartaal}",
    # --- storage --------------------------------------------------------------------------------
    "declaraties.store.stale": "De status is intussen door iemand anders gewijzigd. Het overzicht is bijgewerkt; er is niets opgeslagen, probeer het opnieuw.",
}
