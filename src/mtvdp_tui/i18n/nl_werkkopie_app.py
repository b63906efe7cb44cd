"""Dutch texts for the werkkopie in the app and on the command line: making one, its header
line, synchronising from the app, the read-only sections and the stale warning (SPEC §9)."""

MESSAGES: dict[str, str] = {
    # --- `mtvdp-tui werkkopie URL BESTAND` ------------------------------------------------------
    "cli.werkkopie": "een werkkopie maken: de database van de organisatie (postgresql://…) als bestand op deze computer, om offline te werken",
    "cli.werkkopie.server": "URL",
    "cli.werkkopie.server.help": "de database van de organisatie (postgresql://…); die wordt alleen gelezen",
    "cli.werkkopie.file": "BESTAND",
    "cli.werkkopie.file.help": "het nieuwe bestand dat de werkkopie wordt; een bestaand bestand wordt nooit overschreven",
    "werkkopie.app.start": "Werkkopie maken van {server} in {path}",
    "werkkopie.app.done": "Werkkopie gemaakt: {path} van {server} ({rows} rijen, gecontroleerd, in {seconds} s).",
    "werkkopie.app.exists": "'{path}' bestaat al; een werkkopie wordt nooit over een bestaand bestand geschreven. Kies een nieuwe bestandsnaam.",
}
