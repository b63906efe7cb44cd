"""Dutch texts for the help screen (F1), the footer, key names and the command palette.

`help.screen.*` says per screen what it is for; the keys are not written here: the help screen
lists them from the screen's active bindings, so they cannot go stale.
"""

MESSAGES: dict[str, str] = {
    # --- key names (widgets/keys.py) -----------------------------------------------------------
    "key.escape": "Esc",
    "key.enter": "Enter",
    "key.space": "spatie",
    "key.delete": "Delete",
    "key.backspace": "Backspace",
    "key.tab": "Tab",
    "key.pageup": "PgUp",
    "key.pagedown": "PgDn",
    "key.home": "Home",
    "key.end": "End",
    # --- the footer ------------------------------------------------------------------------------
    "footer.help": "Help",
    "footer.more": "Meer toetsen",
    # --- app-wide keys -------------------------------------------------------------------------
    "app.help": "Help",
    "app.help.help": "Uitleg bij dit scherm en al zijn toetsen",
    # --- the help screen ---------------------------------------------------------------------
    "help.title": "Help",
    "help.close.key": "Help sluiten",
    "help.purpose": "Waarvoor dit scherm is",
    "help.keys.screen": "Toetsen van dit scherm",
    "help.keys.app": "Toetsen die overal werken",
    "help.keys.none": "Dit scherm heeft geen eigen toetsen.",
    "help.keys.moving": "Bewegen",
    "help.keys.moving.keys": "↑ ↓ PgUp PgDn Home End",
    "help.keys.moving.text": "door een lijst of tekst bewegen",
    "help.keys.fields": "Tab / Shift+Tab",
    "help.keys.fields.text": "naar het volgende / vorige veld of de volgende / vorige knop",
    "help.keys.dimmed": "Een grijze toets werkt nu niet (bijvoorbeeld omdat er niets is gekozen).",
    "help.keys.fn": "Werken de F-toetsen niet (op veel laptops moet Fn erbij), gebruik dan de tweede toets die erachter staat, of Ctrl+P om een opdracht te zoeken.",
    "help.data": "Waar uw gegevens staan",
    "help.data.database": "Database (alles wat u invoert, direct opgeslagen)",
    "help.data.export": "Map voor exports en documenten",
    "help.data.backups": "Reservekopieën",
    "help.close": "F1, ? of Esc: sluiten · ↑ ↓ PgUp PgDn: scrollen",
    # --- what each screen is for ---------------------------------------------------------------
    "help.screen.register": (
        "Het praktijkenregister: alle praktijken met AGB-code, regio, ION en status. Zoek met /, "
        "filter op regio, sorteer, en open een praktijk om haar te bewerken. Vanuit hier maakt "
        "u ook het praktijkplan (p), legt u het ION per peildatum vast (i), bekijkt u het "
        "logboek van de praktijk (l) en importeert of exporteert u praktijken."
    ),
    "help.screen.practice_form": (
        "Eén praktijk toevoegen of wijzigen. Fouten staan direct bij het veld terwijl u typt. "
        "Enter gaat naar het volgende veld; opslaan kan pas als alle velden kloppen. Esc vraagt "
        "eerst of u de wijzigingen wilt weggooien. Heeft iemand anders de praktijk intussen "
        "opgeslagen, dan laadt 'Opnieuw laden' diens versie en blijft wat u typte staan; waar u "
        "allebei iets wijzigde, zet ctrl+r in dat veld uw eigen waarde terug."
    ),
    "help.screen.plan_wizard": (
        "Het praktijkplan in zes stappen: de praktijk, de reflectie, de interventies per "
        "planjaar, de ondersteuning en het overzicht. Rechts staan de regels van de regeling; "
        "een stap met open regels is gemarkeerd. U kunt op elk moment als concept opslaan; "
        "indienen kan als alle regels kloppen."
    ),
    "help.screen.plans": (
        "Het overzicht van alle praktijkplannen: waar elke praktijk staat (geen plan, concept, "
        "ingediend, te laat), en welke interventies praktijken kiezen, zodat de ondersteuning "
        "kan worden gepland."
    ),
    "help.screen.lottery": (
        "De loting per regio, in de vergadering: de pool voorbereiden en vastleggen, de bronnen "
        "invoeren, de trekking stap voor stap tonen, definitief maken en het protocol opslaan. "
        "Elke stap wordt direct opgeslagen; na een onderbreking gaat u verder waar u was."
    ),
    "help.screen.declarations": (
        "Het declaratieoverzicht per kwartaal: welke praktijk wat mag declareren, de status "
        "(gedeclareerd, betaald, afgewezen) en de totalen. ← en → kiezen het kwartaal; de "
        "export is voor de financiële administratie (CSV en Excel)."
    ),
    "help.screen.audit": (
        "Het logboek: elke wijziging, de nieuwste eerst, met wanneer, door wie, en wat ervoor "
        "en erna stond. Zoek met / of kies een onderdeel."
    ),
    "help.screen.import_file": (
        "Praktijken importeren, stap 1: kies het bestand (CSV of Excel). Typ een pad of kies "
        "een bestand uit de lijst. Er wordt nog niets opgeslagen."
    ),
    "help.screen.import_preview": (
        "Praktijken importeren, stap 2: het voorbeeld. Per regel ziet u wat het importeren zou "
        "doen (nieuw, gewijzigd, ongewijzigd of fout). Er wordt pas iets opgeslagen als u "
        "importeert."
    ),
    "help.screen.intervisie": (
        "De bijeenkomsten van de wijkgroepen, de nieuwste eerst. Kies met r een regio en met w "
        "een wijk; n voegt een bijeenkomst toe, Enter opent er een om de aanwezigheid af te "
        "vinken, Delete verwijdert er een (na een vraag). Een praktijk voldoet aan de "
        "intervisie van een planjaar als ze dat jaar een bijeenkomst met MTVDP op de agenda "
        "bijwoonde."
    ),
    "help.screen.meeting_dialog": (
        "Eén bijeenkomst van een wijkgroep: datum, wijk en of MTVDP op de agenda stond, en wie "
        "er was. In de lijst: ↑↓ kiest een praktijk, spatie zet haar aanwezig of niet, a zet "
        "ze allemaal aanwezig. Ctrl+S slaat op; Escape vraagt eerst als er iets niet is "
        "opgeslagen."
    ),
    "help.screen.timeline": (
        "Wat één praktijk moet doen en wanneer, vanaf haar startdatum: de metingen, het sociaal "
        "domein, het praktijkplan, en per planjaar de intervisie en het jaarverslag. Te laat "
        "staat in rood, binnenkort (binnen 30 dagen) in geel, afgerond grijs."
    ),
    "help.screen.ion_history": (
        "Het ION van één praktijk per peildatum: de geschiedenis, en een nieuw getal vastleggen "
        "of verwijderen. De declaraties gebruiken het ION van de peildatum van het kwartaal."
    ),
    "help.screen.monitoring": (
        "Wat er per praktijk moet gebeuren en wanneer: de metingen, de start met het sociaal "
        "domein, het praktijkplan, en per planjaar de intervisie en het jaarverslag. Bovenaan "
        "hoeveel onderdelen te laat, binnenkort (binnen 30 dagen), gepland en afgerond zijn, "
        "per regio of (v) per onderdeel; daaronder wat aandacht nodig heeft, het ergste eerst. "
        "Enter legt vast wat gedaan is (of opent het plan of de intervisie van de wijk); g legt "
        "een meting vast voor de hele startgroep van de praktijk, na een vraag."
    ),
    "help.screen.monitoring_dialog": (
        "De datum vastleggen waarop een meting is verstuurd, de samenwerking met het sociaal "
        "domein is gestart of het jaarverslag is ontvangen. Een datum in de toekomst kan niet."
    ),
    "help.screen.status_dialog": (
        "De datum van een nieuwe declaratiestatus vastleggen (en bij afwijzen de reden)."
    ),
    "help.screen.confirm": "Een vraag die om een bevestiging vraagt. Esc annuleert altijd.",
    "help.screen.discard": (
        "Een loting verwerpen: geef de reden van het bestuur op; die wordt bij de poging "
        "bewaard. Esc annuleert."
    ),
    "help.screen.palette": (
        "Zoek een opdracht op (een deel van de naam is genoeg) en kies met Enter. Hier staan ook "
        "de toetsen die niet in de onderste regel passen."
    ),
    "help.screen.help": "Deze uitleg. Sluit met F1, ? of Esc; de toetsen hieronder horen bij het scherm eronder.",
    "help.screen.other": "Dit scherm heeft geen eigen uitleg.",
    # --- the command palette -------------------------------------------------------------------
    "palette.no_matches": "Geen opdracht gevonden",
    "palette.close": "Sluiten",
}
