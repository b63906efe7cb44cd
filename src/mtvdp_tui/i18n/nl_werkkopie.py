"""Dutch texts for the werkkopie: making one, working offline, synchronising and the conflicts
(SPEC §9)."""

MESSAGES: dict[str, str] = {
    # --- what a werkkopie does not change, and why (store/outbox.refuse_in_werkkopie) ---------
    "werkkopie.read_only.lottery": "Dit is een werkkopie: de loting wordt alleen online getrokken, in de database van de organisatie.",
    "werkkopie.read_only.declarations": "Dit is een werkkopie: declaratiestatussen worden alleen online bijgewerkt, in de database van de organisatie.",
    "werkkopie.read_only.ruleset": "Dit is een werkkopie: de regeling wordt alleen online gewijzigd, in de database van de organisatie.",
    "werkkopie.read_only.delete": "Dit is een werkkopie: een praktijk verwijderen kan alleen online, in de database van de organisatie.",
    # --- making a werkkopie (store/werkkopie_make) ----------------------------------------------
    "werkkopie.make.not_server": "Een werkkopie wordt gemaakt van de database van de organisatie (een postgresql://-adres); '{source}' is dat niet.",
    "werkkopie.make.not_file": "Een werkkopie is een bestand op deze computer; '{target}' is een serverdatabase. Geef een bestandsnaam.",
    "werkkopie.make.no_identity": "De database van de organisatie heeft geen kenmerk (database_id); laat de beheerder de database bijwerken en probeer het opnieuw.",
}
