"""Dutch texts for a database on a PostgreSQL server (`--db postgresql://…`)."""

MESSAGES: dict[str, str] = {
    "pg.no_driver": "Voor een PostgreSQL-database is het onderdeel 'postgres' nodig. Installeer het met: pip install 'mtvdp-tui[postgres]' (of pipx install 'mtvdp-tui[postgres]'). Er is niets gewijzigd.",
    "pg.bad_url": "'{url}' is geen geldig adres van een PostgreSQL-database: {error}. Er is niets gewijzigd.",
    "pg.unreachable": "De databaseserver van '{database}' is niet bereikbaar (staat hij aan, klopt het adres, is er netwerk?). Er is niets gewijzigd; probeer het opnieuw.",
    "pg.wrong_password": "De databaseserver weigert de aanmelding voor '{database}': gebruikersnaam of wachtwoord klopt niet (het wachtwoord komt uit PGPASSWORD, ~/.pgpass of een servicebestand). Er is niets gewijzigd.",
    "pg.no_access": "De databaseserver laat u niet toe tot '{database}' (geen recht om te verbinden). Vraag de beheerder om toegang; er is niets gewijzigd.",
    "pg.missing_database": "De database '{database}' bestaat niet op de server. Laat de beheerder haar aanmaken; er is niets gewijzigd.",
    "pg.tls_required": "De databaseserver eist een versleutelde verbinding (TLS) voor '{database}'. Zet sslmode=require (of strenger) in het adres; er is niets gewijzigd.",
    "pg.refused": "De databaseserver weigert de verbinding met '{database}': {error}. Er is niets gewijzigd.",
    "pg.connection_lost": "De verbinding met de databaseserver is weggevallen: wat op dat moment gebeurde, is niet doorgegaan (alles wat eerder is opgeslagen, blijft bewaard). Probeer het opnieuw.",
    "pg.not_mtvdp": "De database '{database}' bevat al tabellen van een ander programma. Kies een lege database of een MTVDP-database; er is niets gewijzigd.",
    "pg.newer_version": "De database '{database}' is gemaakt met een nieuwere versie van dit programma. Werk het programma bij; er is niets gewijzigd.",
    "pg.needs_admin": "De database '{database}' moet worden bijgewerkt door de beheerder (een rol die het schema mag wijzigen); uw rol mag alleen gegevens wijzigen. Er is niets gewijzigd.",
    "loting.claimed": "De loting van {region} wordt getrokken door {holder} sinds {since}. Wacht tot die klaar is; er is niets gewijzigd.",
    "pg.file_only": "Dit werkt alleen met een databasebestand, niet met een database op een PostgreSQL-server. Er is niets gewijzigd.",
    "info.backups.server": "(op de server: de reservekopieën maakt de beheerder)",
}
