
MESSAGES: dict[str, str] = {
    # --- the file (documents/monitoring_export) -----------------------------------------------
    "monitoring.export.blad": "Monitoring",
}
