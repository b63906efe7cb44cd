"""Dutch texts for the werkkopie: making one, working offline, synchronising and the conflicts
(SPEC §9)."""

MESSAGES: dict[str, str] = {
    # --- what a werkkopie does not change, and why (store/outbox.refuse_in_werkkopie) ---------
    "werkkopie.read_only.lottery": "Dit is een werkkopie: de loting wordt alleen online getrokken, in de database van de organisatie.",
    "werkkopie.read_only.declarations": "Dit is een werkkopie: declaratiestatussen worden alleen online bijgewerkt, in de database van de organisatie.",
    "werkkopie.read_only.ruleset": "Dit is een werkkopie: de regeling wordt alleen online gewijzigd, in de database van de organisatie.",
    "werkkopie.read_only.delete": "Dit is een werkkopie: een praktijk verwijderen kan alleen online, in de database van de organisatie.",
}
