"""Dutch texts for the werkkopie: making one, working offline, synchronising and the conflicts
(SPEC §9)."""

MESSAGES: dict[str, str] = {
    # --- what a werkkopie does not change, and why (store/outbox.refuse_in_werkkopie) ---------
    "werkkopie.read_only.lottery": "Dit is een werkkopie: de loting wordt alleen online getrokken, in de database van de organisatie.",
    "werkkopie.read_only.declarations": "Dit is een werkkopie: declaratiestatussen worden alleen online bijgewerkt, in de database van de organisatie.",
    "werkkopie.read_only.ruleset": "Dit is een werkkopie: de regeling wordt alleen online gewijzigd, in de database van de organisatie.",
    "field.agb.werkkopie": "In een werkkopie blijft de AGB-code van een praktijk die de organisatie al kent zoals hij is: de server herkent de praktijk eraan. Corrigeer de AGB-code online, in de database van de organisatie.",
    "werkkopie.read_only.monitoring": "Dit is een werkkopie: de monitoring (metingen, sociaal domein, intervisie, jaarverslagen) wordt alleen online vastgelegd, in de database van de organisatie.",
    "werkkopie.read_only.delete": "Dit is een werkkopie: een praktijk verwijderen kan alleen online, in de database van de organisatie.",
    # --- making a werkkopie (store/werkkopie_make) ----------------------------------------------
    "werkkopie.make.not_server": "Een werkkopie wordt gemaakt van de database van de organisatie (een postgresql://-adres); '{source}' is dat niet.",
    "werkkopie.make.not_file": "Een werkkopie is een bestand op deze computer; '{target}' is een serverdatabase. Geef een bestandsnaam.",
    "werkkopie.make.no_identity": "De database van de organisatie heeft geen kenmerk (database_id); laat de beheerder de database bijwerken en probeer het opnieuw.",
    # --- synchronising (store/sync) ------------------------------------------------------------
    "sync.not_werkkopie": "{name} is geen werkkopie: er is niets te synchroniseren. Een werkkopie maakt u met 'mtvdp-tui werkkopie URL BESTAND'.",
    "sync.other_database": "{server} is niet de database waarvan deze werkkopie gemaakt is; er is niets verstuurd of opgehaald. Gebruik de database van uw organisatie waarvan de werkkopie komt.",
    "sync.other_revision": "{server} heeft een andere versie van het programma dan deze werkkopie; er is niets verstuurd of opgehaald. Werk het programma bij (of laat de beheerder de database bijwerken) en synchroniseer opnieuw.",
    "sync.failed": "Synchroniseren is onderbroken: {error}. Wat al verstuurd was, is veilig opgeslagen; synchroniseer opnieuw om het af te maken.",
    "sync.damaged": "Wijziging {number} in de wachtrij van deze werkkopie is beschadigd of van buiten het programma veranderd; die en wat erna komt is niet verstuurd (wat ervoor stond wel). Laat de beheerder het bestand bekijken; er is niets weggegooid.",
    "sync.still_changing": "Tijdens het synchroniseren werd steeds verder gewijzigd; de laatste wijzigingen worden de volgende keer verstuurd.",
    # --- the command line: synchroniseren (sync_command) ----------------------------------------
    "cli.sync": "een werkkopie synchroniseren met de database van de organisatie: eerst uw wijzigingen versturen, dan de wijzigingen van anderen ophalen",
    "sync.no_file": "{path} bestaat niet. Geef het bestand van uw werkkopie met --db.",
    "sync.stage.verbinden": "Verbinden met de database van de organisatie…",
    "sync.stage.versturen": "Wijzigingen versturen: {done} van {total}",
    "sync.stage.ophalen": "Wijzigingen ophalen: tabel {done} van {total}",
    "sync.stage.verbinden.start": "Verbinden met de database van de organisatie…",
    "sync.stage.versturen.start": "Wijzigingen versturen ({total})…",
    "sync.stage.ophalen.start": "Wijzigingen van anderen ophalen…",
    "sync.done.sent_only": "Verstuurd: {sent} wijziging(en).",
    "sync.done.sent": "Verstuurd: {sent} wijziging(en); {already} was/waren al eerder aangekomen (niet dubbel toegepast).",
    "sync.done.received": "Opgehaald van de organisatie: {received} wijziging(en).",
    "sync.done.new_conflicts": "Nieuwe conflicten: {count}. Niets is weggegooid: uw versie en die van de organisatie zijn allebei bewaard.",
    "sync.done.open_conflicts": "Open conflicten: {count}. Kies per conflict welke versie blijft.",
    "sync.done.see_conflicts": "Bekijk de conflicten met 'mtvdp-tui --db {db} conflicten' of met F8 in het programma.",
}
