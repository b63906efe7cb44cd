"""Dutch texts for monitoring (SPEC §10): what is due, per practice and per region."""

MESSAGES: dict[str, str] = {
    # --- the store (store/monitoring) ---------------------------------------------------------
    "monitoring.store.stale": "Dit is intussen door iemand anders gewijzigd. Er is niets opgeslagen; open het opnieuw om de huidige stand te zien.",
    "monitoring.store.future": "Deze datum ligt in de toekomst. Leg vast wat er al gebeurd is.",
    "monitoring.store.no_plan_year": "Planjaar {year} bestaat niet in deze regeling.",
    "monitoring.store.no_wijk": "Vul de wijk van de bijeenkomst in.",
    "monitoring.store.no_region": "Regio '{region}' bestaat niet in deze regeling.",
}
