"""Dutch texts for `overzetten` (a whole database to another engine) and the backup of a
PostgreSQL database as a SQLite file."""

MESSAGES: dict[str, str] = {
    # --- the command line -------------------------------------------------------------------------
    "cli.transfer": "een hele database overzetten naar een lege database (SQLite ↔ PostgreSQL), gecontroleerd per tabel",
    "cli.transfer.source": "VAN",
    "cli.transfer.source.help": "de database die wordt gekopieerd (een bestand of postgresql://…); die wordt alleen gelezen",
    "cli.transfer.target": "NAAR",
    "cli.transfer.target.help": "de lege database die de kopie wordt: een nieuw of leeg bestand, of een PostgreSQL-database zonder tabellen (postgresql://…)",
    # --- progress and the result -------------------------------------------------------------------
    "transfer.start": "Overzetten van {source} naar {target}",
    "transfer.progress": "  {table}: {done} van {total} rijen",
    "transfer.table_done": "  {table}: {rows} rijen gekopieerd",
    "transfer.table_done.one": "  {table}: 1 rij gekopieerd",
    "transfer.checking": "Controleren: aantallen en controlegetallen per tabel, in de bron en in de kopie…",
    "transfer.checking.table": "Controleren: {table}…",
    "transfer.done": "Klaar: {tables} tabellen, {rows} rijen overgezet en gecontroleerd (aantallen en controlegetallen gelijk) in {seconds} s. De database staat nu in {target}.",
    # --- refusals and failures (nothing written) ----------------------------------------------------
    "transfer.source_not_mtvdp": "{source} is geen database van dit programma; er is niets overgezet.",
    "transfer.source_revision": "{source} heeft een andere schemaversie ({found}) dan dit programma. Open die database eerst met dit programma (dan wordt hij bijgewerkt) en zet hem daarna over. Er is niets overgezet.",
    "transfer.target_is_source": "'{target}' is de database die wordt overgezet; kies een andere, lege database. Er is niets overgezet.",
    "transfer.target_not_empty": "'{target}' is niet leeg. Overzetten kan alleen naar een nieuw of leeg bestand; er is niets overgezet.",
    "transfer.target_has_tables": "De database {target} is niet leeg (er staan {count} tabellen in). Overzetten kan alleen naar een lege database; er is niets overgezet.",
    "transfer.no_folder": "De map '{folder}' bestaat niet; er is niets overgezet.",
    "transfer.table_failed": "Het kopiëren van tabel {table} is mislukt: {error}. Er is niets overgezet.",
    "transfer.count_differs": "Controle mislukt: tabel {table} heeft {source} rijen in de bron maar {target} in de kopie. Er is niets overgezet.",
    "transfer.checksum_differs": "Controle mislukt: de inhoud van tabel {table} is in de kopie anders dan in de bron. Er is niets overgezet.",
    "transfer.reason.no_rights": "deze gebruiker heeft daarvoor geen rechten op de PostgreSQL-server",
    "transfer.reason.dropped": "de verbinding met de PostgreSQL-server is verbroken",
    "transfer.reason.too_long": "een waarde is langer dan de kolom in PostgreSQL toestaat (SQLite controleert dat niet); maak die waarde korter in de bron",
    "transfer.reason.foreign_key": "een rij verwijst naar een rij die niet bestaat",
    "transfer.reason.unique": "een waarde die maar één keer mag voorkomen, komt dubbel voor",
    "transfer.reason.not_null": "een verplichte waarde ontbreekt",
    "transfer.reason.nul": "een tekst bevat een NUL-teken, dat PostgreSQL niet kan opslaan",
    "transfer.reason.out_of_range": "een getal of datum valt buiten wat PostgreSQL kan opslaan",
    "transfer.reason.full": "de schijf van de databaseserver is vol",
    "transfer.reason.other": "de PostgreSQL-server gaf een fout",
    "transfer.failed": "Overzetten is mislukt: {error}. Er is niets overgezet.",
}
