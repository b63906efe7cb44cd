"""Dutch texts. Keys are dotted: `<area>.<thing>`. Keep sections per area."""

MESSAGES: dict[str, str] = {
    # --- app shell ---------------------------------------------------------------------------
    "app.title": "MTVDP",
    "app.subtitle": "{database} · {ruleset}",
    "app.quit": "Afsluiten",
    "app.quit.help": "Het programma sluiten",
    "app.theme": "Thema",
    "app.theme.help": "Een ander kleurthema kiezen",
    "app.contrast": "Hoog contrast",
    "app.contrast.help": "Hoog contrast aan/uit (voor de beamer)",
    "app.keys": "Toetsen",
    "app.keys.help": "Overzicht van de toetsen tonen of verbergen",
    "app.register": "Praktijken",
    "app.register.help": "Het praktijkenregister",
    # --- database ----------------------------------------------------------------------------
    "db.newer_version": (
        "Het bestand '{path}' is gemaakt met een nieuwere versie van mtvdp-tui. "
        "Werk het programma bij; het bestand is niet gewijzigd."
    ),
    "db.not_mtvdp": "Het bestand '{path}' is geen MTVDP-database; het is niet gewijzigd.",
    "db.not_sqlite": "Het bestand '{path}' is geen database (geen SQLite-bestand); het is niet gewijzigd.",
    "db.cannot_read": "Het bestand '{path}' kan niet worden gelezen: {error}.",
    "db.unreadable": "De database '{path}' is beschadigd of onleesbaar ({error}); het bestand is niet gewijzigd.",
    "db.no_ruleset": "Deze database heeft geen regeling; maak een nieuwe database met --ruleset.",
    # --- practice fields -----------------------------------------------------------------------
    "field.agb.required": "AGB-code is verplicht.",
    "field.agb.format": "AGB-code moet precies 8 cijfers zijn.",
    "field.agb.taken": "AGB-code {agb} is al in gebruik bij een andere praktijk.",
    "field.name.required": "Naam is verplicht.",
    "field.name.too_long": "Naam is te lang: {length} tekens, maximaal {max}.",
    "field.ion.format": "ION moet een heel getal zijn, bijvoorbeeld 2345 of 2.345.",
    "field.ion.range": "ION moet tussen {min} en {max} liggen.",
    "field.email.format": "Dit is geen geldig e-mailadres (voorbeeld: info@praktijk.nl).",
    "field.date.format": "Datum als dd-mm-jjjj, bijvoorbeeld 01-07-2023.",
    "field.date.invalid": "Deze datum bestaat niet.",
    "field.start_date.quarter": "Een startdatum is altijd de eerste dag van een kwartaal (1-1, 1-4, 1-7 of 1-10).",
    "field.excluded_reason.required": "Geef de reden van uitsluiting (bijvoorbeeld Krachtige Basiszorg).",
    "field.region.required": "Kies een regio.",
    "field.region.unknown": "Regio '{region}' bestaat niet in deze regeling.",
    # --- practice register ---------------------------------------------------------------------
    "practice.in_use": "Deze praktijk kan niet worden verwijderd: er is nog {reasons}.",
    "practice.stale": (
        "Deze praktijk is intussen door iemand anders gewijzigd. "
        "Laad de praktijk opnieuw; uw wijzigingen zijn niet opgeslagen."
    ),
    "plan.stale": "Dit plan is intussen door iemand anders opgeslagen. Open het plan opnieuw; uw wijzigingen zijn niet opgeslagen.",
    "plan.already_submitted": "Dit plan is al ingediend.",
    "practice.gone": "Deze praktijk bestaat niet meer (intussen verwijderd).",
    # --- app shell (more) ----------------------------------------------------------------------
    "app.palette": "Opdrachten",
    "app.palette.key": "Toets: {key}",
    "app.palette.placeholder": "Zoek een opdracht…",
    # --- Textual's own texts (see textual_texts.py) ---------------------------------------------
    "textual.select.dismiss": "Menu sluiten",
    # --- command line --------------------------------------------------------------------------
    "cli.description": (
        "MTVDP (Meer Tijd Voor De Patiënt): praktijkenregister, praktijkplannen, loting en "
        "declaraties, in één lokaal databasebestand."
    ),
    "cli.usage": "gebruik: ",
    "cli.error": "{prog}: fout: {message}",
    "cli.phrase.unrecognized": "onbekende opties",
    "cli.phrase.expected_one": "hier hoort een waarde bij",
    "cli.phrase.argument": "optie ",
    "cli.size.invalid": "'{value}' is geen geldig aantal praktijken (een heel getal van 1 tot 100.000)",
    "cli.options": "opties",
    "cli.help": "deze hulp tonen en stoppen",
    "cli.version": "de versie tonen en stoppen",
    "cli.path": "PAD",
    "cli.db": "het databasebestand (standaard: mtvdp.sqlite in de gebruikersmap voor gegevens)",
    "cli.demo": "een aparte demodatabase openen (wordt bij eerste gebruik aangemaakt)",
    "cli.size": "aantal praktijken in een nieuwe demodatabase (standaard 140)",
    "cli.ruleset": "de regeling voor een nieuwe database: hoog-2023, roha-2023 of een eigen TOML-bestand",
    # --- confirm dialog ------------------------------------------------------------------------
    "confirm.cancel": "Annuleren",
    # --- practice register ---------------------------------------------------------------------
    "register.col.agb": "AGB",
    "register.col.name": "Naam",
    "register.col.region": "Regio",
    "register.col.wijk": "Wijk",
    "register.col.ion": "ION",
    "register.col.preference": "Voorkeur",
    "register.col.status": "Status",
    "register.key.new": "Nieuw",
    "register.key.edit": "Bewerken",
    "register.key.delete": "Verwijderen",
    "register.key.search": "Zoeken",
    "register.key.region": "Regio",
    "register.key.sort": "Sorteren",
    "register.key.reverse": "Volgorde omdraaien",
    "register.key.to_list": "Naar de lijst",
    "register.search.label": "Zoeken:",
    "register.search.placeholder": "naam, AGB-code of wijk",
    "register.region.all": "Alle regio's",
    "register.empty.none": "Nog geen praktijken. Druk op n om een praktijk toe te voegen.",
    "register.empty.filtered": "Geen praktijken gevonden. Pas de zoekterm of het regiofilter aan.",
    "totals.heading": "Per regio",
    "totals.heading.filtered": "Gefilterd",
    "totals.all": "Totaal",
    "totals.practices": "praktijken",
    "totals.ion": "ION",
    "register.nothing_selected": "Er is geen praktijk geselecteerd.",
    "register.delete.question": "Praktijk {name} (AGB {agb}) verwijderen?\nDit kan niet ongedaan worden gemaakt.",
    "register.delete.confirm": "Verwijderen",
    "register.deleted": "{name} is verwijderd.",
    "practice.pref.unknown": "weet ik niet",
    "practice.pref.no_answer": "geen antwoord",
    "practice.status.aangemeld": "aangemeld",
    "practice.status.start_gepland": "start {date}",
    "practice.status.gestart": "gestart {date}",
    "practice.status.gestopt": "gestopt",
    "practice.status.uitgesloten": "uitgesloten",
    # --- practice form -------------------------------------------------------------------------
    "form.title.new": "Nieuwe praktijk",
    "form.title.edit": "Praktijk bewerken: {name} (AGB {agb})",
    "form.label.agb": "AGB-code *",
    "form.label.name": "Naam *",
    "form.label.region": "Regio *",
    "form.label.wijk": "Wijk",
    "form.label.ion": "ION (ingeschreven patiënten)",
    "form.label.email": "E-mail",
    "form.label.preference": "Voorkeur instroommoment",
    "form.label.survey": "Vragenlijst",
    "form.label.excluded": "Uitgesloten",
    "form.label.excluded_reason": "Reden van uitsluiting",
    "form.label.start_date": "Startdatum (buiten loting)",
    "form.label.notes": "Notities",
    "form.region.prompt": "Kies een regio",
    "form.survey.yes": "ingevuld",
    "form.excluded.yes": "uitgesloten van deelname",
    "form.excluded_reason.placeholder": "bijvoorbeeld Krachtige Basiszorg",
    "form.key.save": "Opslaan",
    "form.key.save_new": "Opslaan en nieuw",
    "form.key.close": "Sluiten",
    "form.button.save": "Opslaan (ctrl+s)",
    "form.button.save_new": "Opslaan en nieuw (ctrl+n)",
    "form.button.close": "Sluiten (esc)",
    "form.status.invalid": "Niet opgeslagen: {count} veld(en) kloppen nog niet (zie de rode meldingen).",
    "form.status.saved_next": "Opgeslagen: {name}. Vul de volgende praktijk in.",
    "form.status.ready": "Alle velden zijn in orde: ctrl+s slaat op.",
    "form.status.reloaded": "De praktijk is opnieuw geladen met de laatste gegevens.",
    "form.reload": "Opnieuw laden",
    "form.discard.question": "U heeft wijzigingen die niet zijn opgeslagen. Weggooien?",
    "form.discard.confirm": "Weggooien",
    # --- ruleset loader ------------------------------------------------------------------------
    "ruleset.error": "regelset '{source}': {problem}",
    "ruleset.error.key": "regelset '{source}', sleutel '{key}': {problem}",
    "ruleset.error.key_line": "regelset '{source}', sleutel '{key}' (regel {line}): {problem}",
    "ruleset.error.position": "regelset '{source}', regel {line}, kolom {column}: {problem}",
    "ruleset.syntax": "dit is geen geldige TOML ({detail})",
    "ruleset.too_deep": "dit is geen geldige TOML (te diep genest)",
    "ruleset.not_found": (
        "bestand niet gevonden; geef een standaardregeling ({presets}) of het pad naar een "
        "TOML-bestand"
    ),
    "ruleset.not_utf8": "het bestand is geen UTF-8-tekst; sla het op als UTF-8",
    "ruleset.unreadable": "het bestand kan niet worden gelezen ({error})",
    "ruleset.unknown_preset": "onbekende standaardregeling; kies uit {presets}",
    "ruleset.unknown_key": "onbekende sleutel (tikfout?); toegestaan zijn: {allowed}",
    "ruleset.misplaced_key": (
        "deze sleutel staat binnen [{table}]; zet hem bovenaan het bestand, vóór de eerste [tabel]"
    ),
    "ruleset.missing": "deze verplichte sleutel ontbreekt",
    "ruleset.empty": "mag niet leeg zijn",
    "ruleset.type.text": "verwacht tekst tussen aanhalingstekens, gevonden {found}",
    "ruleset.type.integer": "verwacht een heel getal, gevonden {found}",
    "ruleset.type.boolean": "verwacht true of false, gevonden {found}",
    "ruleset.type.date": (
        "verwacht een datum zoals 2023-07-01 (zonder aanhalingstekens), gevonden {found}"
    ),
    "ruleset.type.table": "verwacht een tabel, gevonden {found}",
    "ruleset.type.tables": "verwacht blokken [[{name}]], gevonden {found}",
    "ruleset.type.list": 'verwacht een lijst zoals ["a", "b"], gevonden {found}',
    "ruleset.found.boolean": "de waarde {value}",
    "ruleset.found.integer": "het getal {value}",
    "ruleset.found.float": "het kommagetal {value}",
    "ruleset.found.text": "tekst '{value}'",
    "ruleset.found.datetime": "een datum met tijd ({value})",
    "ruleset.found.date": "de datum {value}",
    "ruleset.found.time": "een tijd ({value})",
    "ruleset.found.list": "een lijst",
    "ruleset.found.table": "een tabel",
    "ruleset.range": "moet tussen {minimum} en {maximum} liggen, gevonden {value}",
    "ruleset.too_small": "moet minstens {minimum} zijn, gevonden {value}",
    "ruleset.no_regions": "er moet minstens één regio in de lijst staan",
    "ruleset.none": "er moet minstens één blok [[{section}]] zijn",
    "ruleset.duplicate": "'{value}' komt dubbel voor (ook bij {other})",
    "ruleset.unknown_kernelement": "onbekend kernelement '{value}'; bekend zijn: {known}",
    "ruleset.unknown_interventie": "onbekende interventie '{value}'; bekend zijn: {known}",
    "ruleset.moment.quarter": (
        "{day} is niet de eerste dag van een kwartaal (1 januari, 1 april, 1 juli of 1 oktober)"
    ),
    "ruleset.moment.order": "instroommomenten moeten oplopen: {day} komt niet na {previous}",
    "ruleset.capacity.order": (
        "de capaciteit is cumulatief en mag niet dalen: {value}% is minder dan {previous}% "
        "bij een eerder moment"
    ),
    "ruleset.capacity.missing": (
        "bij een loting heeft elk instroommoment een capaciteit_procent nodig"
    ),
    "ruleset.capacity.last": (
        "bij een loting moet het laatste instroommoment 100% zijn (dan kan iedereen instromen), "
        "gevonden {value}%"
    ),
    "ruleset.default_moment": "{day} is geen instroommoment; kies uit {moments}",
    "ruleset.beyond_plan": "{value} valt buiten het praktijkplan van {years} jaar",
    "ruleset.rule.needs": "een regel van soort '{kind}' heeft deze sleutel nodig",
    "ruleset.rule.unknown_kind": "onbekende soort '{kind}'; bekende soorten: {known}",
    "ruleset.tariff.end_before_start": "einddatum {end} ligt vóór begindatum {start}",
    "ruleset.tariff.amount": "het bedrag moet groter dan 0 cent zijn, gevonden {value}",
    "ruleset.tariff.payer": "onbekende betaler '{payer}'; kies uit {known}",
    "ruleset.tariff.overlap": (
        "periode {start} t/m {end} overlapt met {other} ({other_start} t/m {other_end})"
    ),
}
