"""Dutch texts for reading a ruleset (regeling) and explaining what is wrong with it. Keys are
dotted: `<area>.<thing>`."""

MESSAGES: dict[str, str] = {
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
    "ruleset.unreadable": "het bestand kan niet worden gelezen: {error}",
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
    "ruleset.date_range": "moet tussen {first} en {last} liggen, gevonden {day}",
    "ruleset.text.invisible": "bevat een onzichtbaar teken ({code}); typ de tekst opnieuw",
    "ruleset.region.letters": "'{name}' bevat tekens die niet in een regionaam horen ('{char}'); gebruik Latijnse letters, cijfers, spaties en - ' ( ) . , &",
    "ruleset.region.lookalike": "'{name}' is dezelfde naam als {other} ('{other_name}'), op hoofdletters, accenten of onzichtbare tekens na",
    "ruleset.range": "moet tussen {minimum} en {maximum} liggen, gevonden {value}",
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
