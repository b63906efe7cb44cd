"""Dutch texts for the app shell, the database, the command line and shared dialogs. Keys are
dotted: `<area>.<thing>`. Other areas have their own module (see `__init__.py`)."""

MESSAGES: dict[str, str] = {
    # --- app shell ---------------------------------------------------------------------------
    "app.title": "MTVDP",
    "app.subtitle": "{database} · {ruleset}",
    "app.quit": "Afsluiten",
    "app.quit.help": "Het programma sluiten",
    "app.quit.unsaved": "Er zijn wijzigingen die niet zijn opgeslagen. Toch afsluiten? Die wijzigingen gaan dan verloren.",
    "app.quit.confirm": "Toch afsluiten",
    "app.theme": "Thema",
    "app.theme.help": "Een ander kleurthema kiezen",
    "app.contrast": "Hoog contrast",
    "app.contrast.help": "Hoog contrast aan/uit (voor de beamer)",
    "app.register": "Praktijken",
    "app.register.help": "Het praktijkenregister",
    "app.plans": "Plannen",
    "app.plans.help": "Overzicht van de praktijkplannen",
    "app.lottery": "Loting",
    "app.lottery.help": "De loting per regio: voorbereiden, trekken, definitief maken",
    "app.declarations": "Declaraties",
    "app.declarations.help": "Het declaratieoverzicht per kwartaal",
    "app.no_lottery": "De regeling {ruleset} kent geen loting: praktijken kiezen zelf hun instroommoment.",
    "app.audit": "Logboek",
    "app.audit.help": "Alle wijzigingen: wanneer, door wie, wat ervoor en erna",
    "app.palette": "Opdrachten",
    "app.palette.key": "Toets: {key}",
    "app.palette.help": "Een opdracht zoeken; hier staan ook de toetsen die onderaan niet passen",
    "app.palette.help_key": "{help} · {key}",
    "app.palette.same_title": "{title} ({key})",
    "app.palette.placeholder": "Zoek een opdracht…",
    # --- Textual's own texts (see textual_texts.py) ---------------------------------------------
    "textual.select.dismiss": "Menu sluiten",
    # --- database ----------------------------------------------------------------------------
    "db.newer_version": (
        "Het bestand '{path}' is gemaakt met een nieuwere versie van mtvdp-tui. "
        "Werk het programma bij; het bestand is niet gewijzigd."
    ),
    "db.not_mtvdp": "Het bestand '{path}' is geen MTVDP-database; het is niet gewijzigd.",
    "db.not_sqlite": "Het bestand '{path}' is geen database (geen SQLite-bestand); het is niet gewijzigd.",
    "db.cannot_read": "Het bestand '{path}' kan niet worden gelezen: {error}.",
    "db.unreadable": "De database '{path}' is beschadigd of onleesbaar: {error}. Het bestand is niet gewijzigd.",
    "db.read_only_file": "Het bestand '{path}' is alleen-lezen. Geef uzelf schrijfrechten of open een kopie in een eigen map; het bestand is niet gewijzigd.",
    "db.read_only_folder": "In de map '{path}' mag niet worden geschreven (de database heeft daar tijdelijke bestanden nodig). Kopieer de database naar een eigen map; er is niets gewijzigd.",
    "db.full": "De schijf is vol: de wijziging is niet opgeslagen (alles wat eerder is opgeslagen, blijft bewaard). Maak ruimte vrij en probeer het opnieuw.",
    "db.read_only_now": "De database is intussen alleen-lezen geworden: de wijziging is niet opgeslagen. Controleer de rechten van het bestand.",
    "db.locked": "De database is bezet door een ander programma: de wijziging is niet opgeslagen. Probeer het zo opnieuw.",
    "db.io": "De schijf gaf een fout bij het schrijven: de wijziging is niet opgeslagen. Controleer de schijf of de USB-stick.",
    "db.corrupt_now": "De database blijkt beschadigd: de wijziging is niet opgeslagen. Sluit het programma en zet een reservekopie terug.",
    "db.gone": "Het databasebestand is niet meer bereikbaar (verplaatst of losgekoppeld): de wijziging is niet opgeslagen.",
    "db.conflict": "Iemand anders heeft op hetzelfde moment hetzelfde opgeslagen; uw wijziging is niet opgeslagen. Het scherm is bijgewerkt; probeer het opnieuw.",
    "db.missing": "Het bestand '{path}' bestaat niet.",
    "db.no_ruleset": "Deze database heeft geen regeling; maak een nieuwe database met --ruleset.",
    # --- command line --------------------------------------------------------------------------
    "cli.description": (
        "MTVDP (Meer Tijd Voor De Patiënt): praktijkenregister, praktijkplannen, loting en "
        "declaraties, in een lokaal databasebestand of in de gedeelde database van de "
        "organisatie (PostgreSQL)."
    ),
    "cli.usage": "gebruik: ",
    "cli.commands": "opdrachten",
    "cli.arguments": "argumenten",
    "cli.command": "OPDRACHT",
    "cli.plan": "praktijkplannen (zie: mtvdp-tui plan export -h)",
    "cli.plan.export": "het praktijkplan van één praktijk als document opslaan (Markdown of HTML om te printen)",
    "cli.plan.agb": "de AGB-code van de praktijk",
    "cli.plan.format": "md (Markdown) of html (standaard, om te printen)",
    "cli.plan.output": "het bestand om het document in op te slaan",
    "cli.plan.no_practice": "Er is geen praktijk met AGB-code {agb}.",
    "cli.plan.no_plan": "Praktijk {name} (AGB {agb}) heeft nog geen praktijkplan.",
    "cli.plan.written": "Praktijkplan van {name} opgeslagen in {path}.",
    "cli.backup": "een reservekopie van de database maken (ook terwijl het programma open is)",
    "cli.backup.output": "het bestand voor de kopie (standaard: de map met reservekopieën naast de database, de nieuwste tien blijven bewaard)",
    "cli.backup.written": "Reservekopie gemaakt: {path}",
    "cli.error": "{prog}: fout: {message}",
    "cli.phrase.expected_one": "hier hoort een waarde bij",
    "cli.size.invalid": "'{value}' is geen geldig aantal praktijken (een heel getal van 1 tot 100.000)",
    "cli.options": "opties",
    "cli.help": "deze hulp tonen en stoppen",
    "cli.version": "de versie tonen en stoppen",
    "cli.path": "PAD",
    "cli.db": (
        "het databasebestand (standaard: mtvdp.sqlite in de gebruikersmap voor gegevens), of de "
        "database van de organisatie: postgresql://gebruiker@server/database"
    ),
    "cli.db_value": "PAD|URL",
    "cli.demo": "een aparte demodatabase openen (wordt bij eerste gebruik aangemaakt)",
    "cli.size": "aantal praktijken in een nieuwe demodatabase (standaard 140)",
    "cli.ruleset": "de regeling voor een nieuwe database: hoog-2023, roha-2023 of een eigen TOML-bestand",
    # --- confirm dialog ------------------------------------------------------------------------
    "confirm.cancel": "Annuleren",
    "confirm.keys": "Enter: {enter} · Esc: Annuleren · Tab of ←/→: andere knop",
    # --- reading a file the user named (reading.py) ----------------------------------------------
    "bestand.geweigerd": "'{naam}' wordt niet gelezen: {reden}.",
    "bestand.niet_gewoon": "het is geen gewoon bestand (maar {soort}); alleen gewone bestanden worden gelezen",
    "bestand.te_groot": "het is groter dan {max}, de grens voor dit soort bestand",
}
