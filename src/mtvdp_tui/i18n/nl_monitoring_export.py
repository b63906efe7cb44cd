"""Dutch texts for the monitoring export and its command line (SPEC §10, issue 18 part 5)."""

MESSAGES: dict[str, str] = {
    # --- the file (documents/monitoring_export) -----------------------------------------------
    "monitoring.export.blad": "Monitoring",
    # --- the command line: mtvdp-tui monitoring export ----------------------------------------
    "cli.monitoring": "monitoring: wat per praktijk moet gebeuren (zie: mtvdp-tui monitoring export -h)",
    "cli.monitoring.export": "de monitoringlijst opslaan als CSV of Excel (XLSX): een regel per praktijk en onderdeel, met uiterlijke datum en status op de peildatum",
    "cli.monitoring.peildatum": "de dag waarop de status wordt bepaald, als JJJJ-MM-DD (standaard: vandaag)",
    "cli.monitoring.format": "csv (puntkomma's, opent goed in Nederlandse Excel) of xlsx; standaard volgt het de naam van het bestand (.csv of .xlsx), anders csv",
    "cli.monitoring.output": "het bestand om in op te slaan",
    "cli.monitoring.bad_peildatum": "'{value}' is geen datum; geef de peildatum als JJJJ-MM-DD, bijvoorbeeld 2026-11-23. Er is niets opgeslagen.",
    "cli.monitoring.format_conflict": "'{naam}' eindigt op .{soort}, maar --format is {format}; kies een naam die bij de vorm past. Er is niets opgeslagen.",
    "cli.monitoring.written.een": "1 regel (peildatum {peildatum}) opgeslagen in {pad}.",
    "cli.monitoring.written.meer": "{aantal} regels (peildatum {peildatum}) opgeslagen in {pad}.",
}
