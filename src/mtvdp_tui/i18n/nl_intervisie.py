"""Dutch texts of the intervisie meetings (wijkgroepen) and of a practice's monitoring
timeline."""

MESSAGES: dict[str, str] = {
    # the wijkgroep meetings of a wijk
    "wijkgroep.screen_title": "Intervisie: bijeenkomsten van de wijkgroepen",
    "wijkgroep.region.all": "Alle regio's",
    "wijkgroep.wijk.all": "Kies een wijk",
    "wijkgroep.col.held_on": "Datum",
    "wijkgroep.col.wijk": "Wijk",
    "wijkgroep.col.region": "Regio",
    "wijkgroep.col.agenda": "MTVDP op de agenda",
    "wijkgroep.col.present": "Aanwezig",
    "wijkgroep.yes": "ja",
    "wijkgroep.no": "nee",
    "wijkgroep.where": " van {wijk}",
    "wijkgroep.empty": (
        "Nog geen bijeenkomsten{where} vastgelegd. Druk op n om een bijeenkomst toe te voegen."
    ),
    "wijkgroep.detail": "{day}, {wijk}: {present} praktijk(en) aanwezig. Enter: aanwezigheid.",
    "wijkgroep.detail.none": "Druk op n om een bijeenkomst van deze wijk toe te voegen.",
    "wijkgroep.detail.pick": "Kies met w een wijk om er een bijeenkomst aan toe te voegen.",
    "wijkgroep.pick_first": "Kies eerst een wijk (w).",
    "wijkgroep.key.new": "Nieuwe bijeenkomst",
    "wijkgroep.key.open": "Aanwezigheid",
    "wijkgroep.key.wijk": "Wijk",
    "wijkgroep.key.region": "Regio",
    "wijkgroep.key.delete": "Verwijderen",
    "wijkgroep.key.back": "Terug",
    "wijkgroep.saved": "Bijeenkomst van {day} opgeslagen: {present} praktijk(en) aanwezig.",
    "wijkgroep.delete.question": (
        "De bijeenkomst van {day} in {wijk} verwijderen, met de aanwezigheid van {present} "
        "praktijk(en)?"
    ),
    "wijkgroep.delete.confirm": "Verwijderen",
    "wijkgroep.delete_failed": "Niet verwijderd: {error}",
    # one meeting and its attendance
    "wijkgroep.title.new": "Nieuwe bijeenkomst van een wijkgroep in {region}",
    "wijkgroep.title.edit": "Bijeenkomst van een wijkgroep in {region}",
    "wijkgroep.field.held_on": "Datum",
    "wijkgroep.field.wijk": "Wijk",
    "wijkgroep.field.agenda": "MTVDP op de agenda",
    "wijkgroep.field.agenda.box": "ja",
    "wijkgroep.col.tick": "Aanw.",
    "wijkgroep.col.agb": "AGB",
    "wijkgroep.col.name": "Praktijk",
    "wijkgroep.count": "{present} van {listed} praktijken aanwezig (spatie: aan/uit, a: allemaal)",
    "wijkgroep.no_practices": "Geen praktijken in de wijk {wijk}.",
    "wijkgroep.key.toggle": "Aanwezig aan/uit",
    "wijkgroep.key.all": "Allemaal",
    "wijkgroep.key.save": "Opslaan",
    "wijkgroep.key.close": "Sluiten",
    "wijkgroep.wijk_required": "Vul de wijk in.",
    "wijkgroep.date_required": "Vul de datum van de bijeenkomst in.",
    "wijkgroep.date_future": "Deze datum ligt in de toekomst; leg een bijeenkomst vast als ze is geweest.",
    "wijkgroep.still_reading": "De praktijken van de wijk worden nog gelezen; probeer het zo opnieuw.",
    "wijkgroep.saving": "Bezig met opslaan…",
    "wijkgroep.save_failed": "Niet opgeslagen: {error} De aanwezigheid blijft staan.",
    "wijkgroep.read_failed": "De praktijken van de wijk zijn niet gelezen: {error}",
    "wijkgroep.discard.question": "De wijzigingen aan deze bijeenkomst zijn niet opgeslagen. Weggooien?",
    "wijkgroep.discard.confirm": "Weggooien",
    # a practice's timeline
    "tijdlijn.register_key": "Tijdlijn",
    "tijdlijn.register_key.help": "Wat de praktijk moet doen en wanneer: metingen, plan, intervisie",
    "tijdlijn.title": "Tijdlijn van {name} ({agb})",
    "tijdlijn.dates": "Gestart op {start} · praktijkplan uiterlijk {deadline}",
    "tijdlijn.no_start": "Startdatum: nog niet bekend",
    "tijdlijn.not_started": (
        "Er is nog niets te volgen: deze praktijk heeft nog geen startdatum. De metingen, het "
        "sociaal domein, het praktijkplan, de intervisie en de jaarverslagen tellen vanaf de start."
    ),
    "tijdlijn.empty": "Geen onderdelen te volgen.",
    "tijdlijn.col.label": "Onderdeel",
    "tijdlijn.col.due": "Uiterlijk",
    "tijdlijn.col.state": "Status",
    "tijdlijn.col.done": "Datum",
    "tijdlijn.key.back": "Terug",
    "tijdlijn.read_failed": "De tijdlijn is niet gelezen: {error}",
}
