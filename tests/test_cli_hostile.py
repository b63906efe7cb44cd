"""The command line against hostile input: odd paths, files that are not what they seem,
outputs that would hit the database, broken rulesets and arguments argparse rejects.

One row per input (see tests/hostile.py for the machinery). For every row: the exit code, a
Dutch message, no traceback and no English (Python's, argparse's or the OS's), and nothing in the
folder changed but what the row allows — a refusal leaves the folder exactly as it found it.
To add a case, add a row.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile import (
    ENGLISH,
    NOBODY,
    Case,
    chmod,
    corrupt,
    db,
    device,
    fifo,
    folder,
    hard_link,
    link,
    run_case,
    text,
    unix_socket,
)


def long_name(size: int, suffix: str = ".sqlite") -> str:
    """A file name of exactly `size` bytes."""
    return "p" * (size - len(suffix)) + suffix


EXPORT = ("export", "uit.csv")  # opens the database and writes a file: the simplest full run
DECL = ("declaraties", "export", "--kwartaal", "all", "--format", "csv")
PLAN = ("plan", "export", "--agb", "01000001")
OK_EXPORT = "praktijken opgeslagen in"
IS_DB = "is de database"
EXISTS = "bestaat al en is niet vervangen"
RULESET = "[regeling]\nid = 'x'\n"

# --- --db: names that look like URL syntax open exactly the file named ---------------------------
URL_NAMES = [
    "regio%202024.sqlite",
    "x?y.sqlite",
    "a?b#c.sqlite",
    "x#y.sqlite",
    "%41%42.sqlite",
    "file:x.sqlite",
    ":memory:",
    "x?mode=ro.sqlite",
    "x?immutable=1",
    "met spatie.sqlite",
    "praktijk-é-ß.sqlite",
    "regel\nbreuk.sqlite",
    "'quote\".sqlite",
]
ROWS = [
    Case(f"db-name {n!r}", ("--db", n, *EXPORT), 0, OK_EXPORT, may_change=(n, "uit.csv"))
    for n in URL_NAMES
]

# --- --db: not a regular file, or a path that cannot be one --------------------------------------
ROWS += [
    Case("db empty value", ("--db", "", *EXPORT), 2, "geef een bestandsnaam"),
    Case("db is this folder", ("--db", ".", *EXPORT), 1, "maar een map"),
    Case("db is a folder", ("--db", "map", *EXPORT), 1, "maar een map", (folder("map"),)),
    Case("db is a fifo", ("--db", "pijp", *EXPORT), 1, "een pijp (FIFO)", (fifo("pijp"),)),
    Case("db is null device", ("--db", "null", *EXPORT), 1, "een apparaat", (device("null", 3),)),
    Case("db is zero device", ("--db", "zero", *EXPORT), 1, "een apparaat", (device("zero", 5),)),
    Case("db is full device", ("--db", "full", *EXPORT), 1, "een apparaat", (device("full", 7),)),
    Case("db is a socket", ("--db", "s", *EXPORT), 1, "een socket", (unix_socket("s"),)),
    Case(
        "db links to a folder", ("--db", "l", *EXPORT), 1, "een map", (folder("m"), link("l", "m"))
    ),
    Case("db links to a fifo", ("--db", "l", *EXPORT), 1, "FIFO", (fifo("p"), link("l", "p"))),
    Case("db link loop", ("--db", "lus", *EXPORT), 1, "naar zichzelf", (link("lus", "lus"),)),
    Case(
        "db link loop of two",
        ("--db", "a", *EXPORT),
        1,
        "naar zichzelf",
        (link("a", "b"), link("b", "a")),
    ),
    Case("db through a file", ("--db", "db.sqlite/x.sqlite", *EXPORT), 1, "geen map", (db(),)),
    Case(
        "db with a trailing slash is the file",
        ("--db", "db.sqlite/", *EXPORT),
        0,
        OK_EXPORT,
        (db(),),
        ("uit.csv",),
    ),
    Case(
        "db name like a URL is a path",
        ("--db", "sqlite:///elders.sqlite", *EXPORT),
        0,
        OK_EXPORT,
        may_change=("sqlite:", "sqlite:/elders.sqlite", "uit.csv"),
    ),
    Case(
        "db is a text file",
        ("--db", "t.sqlite", *EXPORT),
        1,
        "geen SQLite",
        (text("t.sqlite", "hoi"),),
    ),
    Case(
        "db is binary junk",
        ("--db", "j.sqlite", *EXPORT),
        1,
        "geen SQLite",
        (text("j.sqlite", b"\0\1" * 99),),
    ),
    Case(
        "db header only",
        ("--db", "h.sqlite", *EXPORT),
        1,
        "beschadigd",
        (text("h.sqlite", b"SQLite format 3\0"),),
    ),
    Case("db corrupt pages", ("--db", "db.sqlite", *EXPORT), 1, "beschadigd", (corrupt(),)),
    Case(
        "db of a newer version",
        ("--db", "db.sqlite", *EXPORT),
        1,
        "nieuwere versie",
        (db(change="UPDATE alembic_version SET version_num = '9999'"),),
    ),
    Case(
        "db without a revision row",
        ("--db", "db.sqlite", *EXPORT),
        1,
        "geen MTVDP-database",
        (db(change="DELETE FROM alembic_version"),),
    ),
    Case(
        "db of another program",
        ("--db", "ander.sqlite", *EXPORT),
        1,
        "geen MTVDP-database",
        (db("ander.sqlite", change="DROP TABLE alembic_version"),),
    ),
    Case(
        "db with a dropped table",
        ("--db", "db.sqlite", *EXPORT),
        1,
        "onvolledig: audit ontbreekt",
        (db(change="DROP TABLE audit"),),
    ),
    Case(
        "db with a dropped column",
        ("--db", "db.sqlite", *EXPORT),
        1,
        "practice.email ontbreekt",
        (db(change="ALTER TABLE practice DROP COLUMN email"),),
    ),
    Case(
        "db read-only file",
        ("--db", "db.sqlite", *EXPORT),
        1,
        "alleen-lezen",
        (db(), chmod("db.sqlite", 0o444)),
    ),
    Case(
        "db in a read-only folder",
        ("--db", "ro/db.sqlite", *EXPORT),
        1,
        "mag niet worden geschreven",
        (db("ro/db.sqlite"), chmod("ro", 0o555)),
    ),
    Case(
        "db empty regular file is new",
        ("--db", "leeg.sqlite", *EXPORT),
        0,
        OK_EXPORT,
        (text("leeg.sqlite"),),
        ("leeg.sqlite", "uit.csv"),
    ),
    Case(
        "db hard link works",
        ("--db", "h.sqlite", *EXPORT),
        0,
        OK_EXPORT,
        (db(), hard_link("h.sqlite", "db.sqlite")),
        ("uit.csv",),
    ),
    Case(
        "db in a new folder",
        ("--db", "nieuw/sub/db.sqlite", *EXPORT),
        0,
        OK_EXPORT,
        (),
        ("nieuw", "nieuw/*", "uit.csv"),
    ),
]
# --- --db: names at and over the file system's limit (255 bytes) --------------------------------
for size in (242, 245, 247):
    ROWS.append(
        Case(
            f"db name of {size} bytes",
            ("--db", long_name(size), *EXPORT),
            0,
            OK_EXPORT,
            may_change=(long_name(size), "uit.csv"),
        )
    )
for size in (248, 250, 252, 255):
    ROWS.append(Case(f"db name of {size} bytes", ("--db", long_name(size), *EXPORT), 1, "te lang"))
ROWS += [
    Case("db name of 256 bytes", ("--db", long_name(256), *EXPORT), 1, "te lang"),
    Case(
        "db folder name of 256 bytes",
        ("--db", f"{'m' * 256}/x.sqlite", *EXPORT),
        1,
        "de naam is te lang",
    ),
    Case(
        "backup of a 247-byte name",
        ("--db", long_name(247), "backup"),
        0,
        "Reservekopie gemaakt",
        (db(long_name(247)),),
        (f"{long_name(247)}-backups", f"{long_name(247)}-backups/*"),
    ),
]

# --- outputs: never the database, its side files or backups; never an existing file unasked -----
COMMANDS = {
    "declaraties": (*DECL, "-o"),
    "plan": (*PLAN, "--format", "md", "-o"),
    "backup": ("backup", "-o"),
}
for label, command in COMMANDS.items():
    args = ("--db", "db.sqlite", *command)
    ROWS += [
        Case(f"{label} -o the database", (*args, "db.sqlite"), 1, IS_DB, (db(),)),
        Case(
            f"{label} -o the database, --overschrijven",
            (*args, "db.sqlite", "--overschrijven"),
            1,
            IS_DB,
            (db(),),
        ),
        Case(
            f"{label} -o ./sub/../database",
            (*args, "sub/../db.sqlite", "--overschrijven"),
            1,
            IS_DB,
            (db(), folder("sub")),
        ),
        Case(f"{label} -o its WAL", (*args, "db.sqlite-wal", "--overschrijven"), 1, IS_DB, (db(),)),
        Case(
            f"{label} -o a link to it",
            (*args, "l.csv", "--overschrijven"),
            1,
            IS_DB,
            (db(), link("l.csv", "db.sqlite")),
        ),
        Case(
            f"{label} -o a hard link to it",
            (*args, "h.csv", "--overschrijven"),
            1,
            IS_DB,
            (db(), hard_link("h.csv", "db.sqlite")),
        ),
        Case(
            f"{label} -o into its backups",
            (*args, "db.sqlite-backups/x", "--overschrijven"),
            1,
            "reservekopie",
            (db(), folder("db.sqlite-backups")),
        ),
        Case(
            f"{label} -o into old backups",
            (*args, "db-backups/x", "--overschrijven"),
            1,
            "reservekopie",
            (db(), folder("db-backups")),
        ),
        Case(
            f"{label} -o an existing file",
            (*args, "oud.txt"),
            1,
            EXISTS,
            (db(), text("oud.txt", "bewaar mij")),
        ),
        Case(f"{label} -o empty", (*args, ""), 2, "geef een bestandsnaam", (db(),)),
        Case(f"{label} -o a folder", (*args, "map"), 1, "is een map", (db(), folder("map"))),
        Case(f"{label} -o this folder", (*args, "."), 1, "is een map", (db(),)),
        Case(
            f"{label} -o a fifo",
            (*args, "p", "--overschrijven"),
            1,
            "geen gewoon bestand",
            (db(), fifo("p")),
        ),
        Case(
            f"{label} -o a null device",
            (*args, "null", "--overschrijven"),
            1,
            "geen gewoon bestand",
            (db(), device("null", 3)),
        ),
        Case(
            f"{label} -o through a file",
            (*args, "oud.txt/x"),
            1,
            "geen map",
            (db(), text("oud.txt", "x")),
        ),
        Case(
            f"{label} -o name of 256 bytes",
            (*args, long_name(256, ".x")),
            1,
            "de naam is te lang",
            (db(),),
        ),
        Case(
            f"{label} -o name of 255 bytes",
            (*args, long_name(255, ".x")),
            0,
            "",
            (db(),),
            (long_name(255, ".x"),),
        ),
        Case(f"{label} -o URL-like name", (*args, "a?b#c%20.x"), 0, "", (db(),), ("a?b#c%20.x",)),
        Case(
            f"{label} -o an existing file, --overschrijven",
            (*args, "oud.txt", "--overschrijven"),
            0,
            "",
            (db(), text("oud.txt", "weg")),
            ("oud.txt",),
        ),
        Case(
            f"{label} -o in a new folder", (*args, "nieuw/x"), 0, "", (db(),), ("nieuw", "nieuw/x")
        ),
    ]
ROWS += [
    Case(
        "declaraties for a new db",
        ("--db", "nieuw.sqlite", *DECL, "-o", "x.csv"),
        0,
        "opgeslagen in x.csv",
        may_change=("nieuw.sqlite", "x.csv"),
    ),
    Case(
        "plan for a new db",
        ("--db", "n.sqlite", *PLAN, "-o", "x"),
        1,
        "geen praktijk met AGB",
        may_change=("n.sqlite",),  # a missing database is created, as for every command
    ),
    Case("backup of a missing db", ("--db", "weg.sqlite", "backup"), 1, "bestaat niet"),
    Case(
        "backup -o a path over 512 bytes",
        ("--db", "db.sqlite", "backup", "-o", f"{'m' * 250}/{'k' * 250}.sqlite"),
        1,
        "te lang",
        (db(),),
    ),
    Case(
        "db path over 430 bytes",
        ("--db", f"{'m' * 250}/{'k' * 200}.sqlite", *EXPORT),
        1,
        "te lang",
        (db(f"{'m' * 250}/{'k' * 200}.sqlite"),),
    ),
    Case(
        "export the database",
        ("--db", "db.csv", "export", "db.csv", "--overschrijven"),
        1,
        IS_DB,
        (db("db.csv"),),
    ),
    Case(
        "export over a file",
        ("--db", "db.sqlite", "export", "oud.csv"),
        1,
        EXISTS,
        (db(), text("oud.csv", "x")),
    ),
    Case(
        "export into backups",
        ("--db", "db.sqlite", "export", "db.sqlite-backups/x.csv"),
        1,
        "reservekopie",
        (db(), folder("db.sqlite-backups")),
    ),
    Case(
        "export a link to the db",
        ("--db", "db.sqlite", "export", "l.csv", "--overschrijven"),
        1,
        IS_DB,
        (db(), link("l.csv", "db.sqlite")),
    ),
    Case(
        "export empty name",
        ("--db", "db.sqlite", "export", ""),
        2,
        "geef een bestandsnaam",
        (db(),),
    ),
    Case(
        "export a folder .csv",
        ("--db", "db.sqlite", "export", "m.csv"),
        1,
        "is een map",
        (db(), folder("m.csv")),
    ),
    Case("export wrong kind", ("--db", "db.sqlite", "export", "uit.pdf"), 1, "uit.pdf", (db(),)),
    Case(
        "export --overschrijven",
        ("--db", "db.sqlite", "export", "oud.csv", "--overschrijven"),
        0,
        OK_EXPORT,
        (db(), text("oud.csv", "x")),
        ("oud.csv",),
    ),
    Case(
        "backup relative db",
        ("--db", "sub/db.sqlite", "backup"),
        0,
        "Reservekopie gemaakt",
        (db("sub/db.sqlite"),),
        ("sub/db.sqlite-backups", "sub/db.sqlite-backups/*"),
    ),
    Case(
        "backup ./db",
        ("--db", "./db.sqlite", "backup"),
        0,
        "Reservekopie gemaakt",
        (db(),),
        ("db.sqlite-backups", "db.sqlite-backups/*"),
    ),
    Case(
        "backup of a text file",
        ("--db", "t.sqlite", "backup"),
        1,
        "geen SQLite",
        (text("t.sqlite", "x"),),
    ),
    Case(
        "backup of an empty file",
        ("--db", "e.sqlite", "backup"),
        1,
        "geen database",
        (text("e.sqlite"),),
    ),
    Case("backup of a fifo", ("--db", "p", "backup"), 1, "FIFO", (fifo("p"),)),
    Case("backup of a folder", ("--db", "m", "backup"), 1, "een map", (folder("m"),)),
    Case("backup of a link loop", ("--db", "l", "backup"), 1, "naar zichzelf", (link("l", "l"),)),
    Case(
        "backup of a dropped table",
        ("--db", "db.sqlite", "backup"),
        1,
        "onvolledig",
        (db(change="DROP TABLE audit"),),
    ),
    Case(
        "backup of x.db beside x.sqlite",
        ("--db", "x.db", "backup"),
        0,
        "x.db-backups",
        (db("x.sqlite"), db("x.db")),
        ("x.db-backups", "x.db-backups/*"),
    ),
]

# --- as an unprivileged user: permissions that root would ignore --------------------------------
ROWS += [
    Case(
        "nobody: db in a read-only folder",
        ("--db", "ro/db.sqlite", *EXPORT),
        1,
        "mag niet worden geschreven",
        (db("ro/db.sqlite"), chmod("ro", 0o555)),
        user=NOBODY,
    ),
    Case(
        "nobody: new db in a read-only folder",
        ("--db", "ro/nieuw.sqlite", *EXPORT),
        1,
        "Kan de nieuwe database",
        (folder("ro"), chmod("ro", 0o555)),
        user=NOBODY,
    ),
    Case(
        "nobody: read-only db",
        ("--db", "db.sqlite", *EXPORT),
        1,
        "alleen-lezen",
        (db(), chmod("db.sqlite", 0o444)),
        user=NOBODY,
    ),
    Case(
        "nobody: db of another user",
        ("--db", "root-db.sqlite", *EXPORT),
        1,
        "van een andere gebruiker",
        (db("root-db.sqlite"), chmod("root-db.sqlite", 0o644)),
        user=NOBODY,
    ),
    Case(
        "nobody: unreadable db of another user",
        ("--db", "root-db.sqlite", *EXPORT),
        1,
        "van een andere gebruiker",
        (db("root-db.sqlite"), chmod("root-db.sqlite", 0o600)),
        user=NOBODY,
    ),
    Case(
        "nobody: link into an unreadable folder",
        ("--db", "l", *EXPORT),
        1,
        "geen toegang",
        (db("dicht/db.sqlite"), chmod("dicht", 0o000), link("l", "dicht/db.sqlite")),
        user=NOBODY,
    ),
    Case(
        "nobody: db in an unreadable folder",
        ("--db", "dicht/db.sqlite", *EXPORT),
        1,
        "geen toegang",
        (db("dicht/db.sqlite"), chmod("dicht", 0o000)),
        user=NOBODY,
    ),
    Case(
        "nobody: -o in a read-only folder",
        ("--db", "db.sqlite", *DECL, "-o", "ro/x.csv"),
        1,
        "geen toegang",
        (db(), folder("ro"), chmod("ro", 0o555)),
        user=NOBODY,
    ),
    Case(
        "nobody: backup -o in a read-only folder",
        ("--db", "db.sqlite", "backup", "-o", "ro/x.sqlite"),
        1,
        "geen toegang",
        (db(), folder("ro"), chmod("ro", 0o555)),
        user=NOBODY,
    ),
    Case(
        "nobody: export over a read-only file",
        ("--db", "db.sqlite", "export", "ro.csv", "--overschrijven"),
        0,
        OK_EXPORT,
        (db(), text("ro.csv", "x"), chmod("ro.csv", 0o444)),
        ("ro.csv",),
        user=NOBODY,
    ),
    Case(  # as a file Excel holds open on Windows: this user may not replace it (sticky folder)
        "nobody: export over a file of another user in a shared folder",
        ("--db", "db.sqlite", "export", "root-gedeeld/root-x.csv", "--overschrijven"),
        1,
        "kan niet worden vervangen",
        (
            db(),
            text("root-gedeeld/root-x.csv", "oud"),
            chmod("root-gedeeld/root-x.csv", 0o644),
            chmod("root-gedeeld", 0o1777),
        ),
        user=NOBODY,
    ),
    Case(
        "nobody: healthy db works",
        ("--db", "db.sqlite", *EXPORT),
        0,
        OK_EXPORT,
        (db(),),
        ("uit.csv",),
        user=NOBODY,
    ),
]

# --- rulesets for a new database (an existing one keeps its own) --------------------------------
ROWS += [
    Case(
        "ruleset unknown preset",
        ("--db", "n.sqlite", "--ruleset", "hoog-2099", *EXPORT),
        1,
        "hoog-2023",
        (),
    ),
    Case(
        "ruleset missing file",
        ("--db", "n.sqlite", "--ruleset", "weg.toml", *EXPORT),
        1,
        "hoog-2023",
        (),
    ),
    Case(
        "ruleset is a folder",
        ("--db", "n.sqlite", "--ruleset", "m", *EXPORT),
        1,
        "dat is een map",
        (folder("m"),),
    ),
    Case(
        "ruleset empty file",
        ("--db", "n.sqlite", "--ruleset", "e.toml", *EXPORT),
        1,
        "e.toml",
        (text("e.toml"),),
    ),
    Case(
        "ruleset not TOML",
        ("--db", "n.sqlite", "--ruleset", "r.toml", *EXPORT),
        1,
        "r.toml",
        (text("r.toml", "dit = = niet"),),
    ),
    Case(
        "ruleset not UTF-8",
        ("--db", "n.sqlite", "--ruleset", "r.toml", *EXPORT),
        1,
        "UTF-8",
        (text("r.toml", b"naam = '\xe9'\n"),),
    ),
    Case(
        "ruleset incomplete",
        ("--db", "n.sqlite", "--ruleset", "r.toml", *EXPORT),
        1,
        "r.toml",
        (text("r.toml", RULESET),),
    ),
    Case(
        "ruleset of an existing db is ignored",
        ("--db", "db.sqlite", "--ruleset", "weg.toml", *EXPORT),
        0,
        OK_EXPORT,
        (db(),),
        ("uit.csv",),
    ),
    Case("ruleset empty value", ("--db", "n.sqlite", "--ruleset", "", *EXPORT), 1, "een map", ()),
]

# --- input files ---------------------------------------------------------------------------------
ROWS += [
    Case(
        "import a missing file", ("--db", "db.sqlite", "import", "weg.csv"), 1, "weg.csv", (db(),)
    ),
    Case("import a folder", ("--db", "db.sqlite", "import", "m"), 1, "map", (db(), folder("m"))),
    Case(
        "import an empty file",
        ("--db", "db.sqlite", "import", "e.csv"),
        1,
        "leeg",
        (db(), text("e.csv")),
    ),
    Case(
        "import binary junk",
        ("--db", "db.sqlite", "import", "j.csv"),
        1,
        "j.csv",
        (db(), text("j.csv", b"\0\xff" * 500)),
    ),
    Case(
        "import a pdf",
        ("--db", "db.sqlite", "import", "x.pdf"),
        1,
        "x.pdf",
        (db(), text("x.pdf", "%PDF")),
    ),
    Case(
        "import into a fifo db",
        ("--db", "p", "import", "x.csv"),
        1,
        "FIFO",
        (fifo("p"), text("x.csv", "agb;naam;regio\n")),
    ),
    Case("loting verify missing", ("loting", "verify", "weg.json"), 1, "weg.json"),
    Case("loting verify a folder", ("loting", "verify", "m"), 1, "dat is een map", (folder("m"),)),
    Case("loting verify junk", ("loting", "verify", "j.json"), 1, "", (text("j.json", "{niet"),)),
    # Files that never end or never answer: read only regular files, never block on a pipe.
    Case("import a fifo", ("--db", "db.sqlite", "import", "p"), 1, "FIFO", (db(), fifo("p"))),
    Case(
        "import zero device",
        ("--db", "db.sqlite", "import", "z"),
        1,
        "apparaat",
        (db(), device("z", 5)),
    ),
    Case("loting verify a fifo", ("loting", "verify", "p"), 1, "FIFO", (fifo("p"),)),
    Case("loting verify zero device", ("loting", "verify", "z"), 1, "apparaat", (device("z", 5),)),
]

# --- rulesets whose values would break the app later: refused at the key ------------------------
RULESET_EDITS = {
    "plan years absurd": ("jaren = 2", "jaren = 1000000000", "jaren"),
    "deadline months overflow": (
        "deadline_maanden = 3",
        "deadline_maanden = 24000",
        "deadline_maanden",
    ),
    "version overflow": ("versie = 1", "versie = " + "1" * 24, "versie"),
    "region with a path": ('"Zutphen"', '"../../../../tmp/x"', "regio"),
    "region with a slash": ('"Zutphen"', '"Apeldoorn/Epe"', "regio"),
    "region with NUL": ('"Zutphen"', '"Zut\\u0000phen"', "regio"),
    "region twice by case": ('"Zutphen"', '"APELDOORN"', "regio"),
    "region with zero-width space": ('"Zutphen"', '"Apel\\u200bdoorn"', "regio"),
    "region with a Greek letter": ('"Zutphen"', '"\u0396utphen"', "regio"),
}


def edited_preset(old: str, new: str) -> str:
    from mtvdp_tui.domain.ruleset_loader import resolve_ruleset

    _ruleset, preset = resolve_ruleset("hoog-2023")
    assert old in preset
    return preset.replace(old, new, 1)


ROWS += [
    Case(
        f"ruleset {label}",
        ("--db", "n.sqlite", "--ruleset", "r.toml", *EXPORT),
        1,
        key,
        (text("r.toml", edited_preset(old, new)),),
    )
    for label, (old, new, key) in RULESET_EDITS.items()
]
ROWS += [
    Case(
        "ruleset a fifo", ("--db", "n.sqlite", "--ruleset", "p", *EXPORT), 1, "FIFO", (fifo("p"),)
    ),
    Case(
        "ruleset zero device",
        ("--db", "n.sqlite", "--ruleset", "z", *EXPORT),
        1,
        "apparaat",
        (device("z", 5),),
    ),
]

# --- arguments argparse refuses: its English must become Dutch ----------------------------------
ROWS += [
    Case("unknown option", ("--onbekend",), 2, "onbekende opties: --onbekend"),
    Case("unknown command", ("opruimen",), 2, "ongeldige keuze: 'opruimen'"),
    Case("unknown loting command", ("loting", "trek"), 2, "ongeldige keuze"),
    Case("plan without command", ("plan",), 2, "deze opties ontbreken"),
    Case("loting without command", ("loting",), 2, "deze opties ontbreken"),
    Case("declaraties without command", ("declaraties",), 2, "deze opties ontbreken"),
    Case(
        "plan export without options",
        ("plan", "export"),
        2,
        "deze opties ontbreken: --agb, -o/--output",
    ),
    Case("plan export bad AGB", ("plan", "export", "--agb", "12", "-o", "x"), 2, "optie --agb"),
    Case(
        "plan export bad format", (*PLAN, "--format", "pdf", "-o", "x"), 2, "ongeldige keuze: 'pdf'"
    ),
    Case(
        "declaraties bad format",
        (*DECL[:-2], "--format", "ods", "-o", "x"),
        2,
        "ongeldige keuze: 'ods'",
    ),
    Case("declaraties ambiguous --o", (*DECL, "--o", "x"), 2, "onduidelijke optie"),
    Case(
        "declaraties bad quarter",
        ("--db", "db.sqlite", "declaraties", "export", "--kwartaal", "2024-Q5", "-o", "x"),
        1,
        "2024-Q5",
        (db(),),
    ),
    Case("import without file", ("import",), 2, "deze opties ontbreken"),
    Case("export without file", ("export",), 2, "deze opties ontbreken"),
    Case("backup with an extra word", ("backup", "nu"), 2, "onbekende opties: nu"),
    Case("db without value", ("--db",), 2, "hier hoort een waarde bij"),
    Case("-o without value", (*DECL, "-o"), 2, "hier hoort een waarde bij"),
    Case("size not a number", ("--size", "veel"), 2, "geen geldig aantal"),
    Case("size zero", ("--demo", "--size", "0"), 2, "geen geldig aantal"),
    Case("size too big", ("--size", "100001"), 2, "geen geldig aantal"),
    Case(
        "loting simulate without region",
        ("loting", "simulate", "--bron", "1"),
        2,
        "deze opties ontbreken: --regio",
    ),
    Case(
        "loting simulate bad source",
        ("--db", "db.sqlite", "loting", "simulate", "--regio", "Zutphen", "--bron", "x"),
        1,
        "bron",
        (db(),),
    ),
    Case(
        "loting simulate unknown region",
        ("--db", "db.sqlite", "loting", "simulate", "--regio", "Atlantis", "--bron", "1 2 3"),
        1,
        "Atlantis",
        (db(),),
    ),
    *(
        Case(
            f"herstellen from {name}",
            ("--db", "db.sqlite", "herstellen", "kopie.sqlite", "--ja"),
            1,
            says,
            (db(), *setup),
        )
        for name, setup, says in (
            ("a missing file", (), "bestaat niet"),
            ("a text file", (text("kopie.sqlite", "agb;naam\n"),), "geen database van mtvdp"),
            ("an empty file", (text("kopie.sqlite"),), "geen database van mtvdp"),
            ("a folder", (folder("kopie.sqlite"),), "geen bestand"),
            ("a FIFO", (fifo("kopie.sqlite"),), "geen bestand"),
            ("a corrupt database", (corrupt("kopie.sqlite"),), "beschadigd"),
            (
                "a newer version",
                (db("kopie.sqlite", "UPDATE alembic_version SET version_num = '9999'"),),
                "nieuwere versie",
            ),
            (
                "another SQLite file",
                (db("kopie.sqlite", "DROP TABLE alembic_version"),),
                "niet van mtvdp-tui",
            ),
        )
    ),
    Case(
        "herstellen the database onto itself",
        ("--db", "db.sqlite", "herstellen", "db.sqlite", "--ja"),
        1,
        "de database zelf",
        (db(),),
    ),
    Case(
        "herstellen without --ja and no terminal",
        ("--db", "db.sqlite", "herstellen", "kopie.sqlite"),
        1,
        "Geef --ja",
        (db(), db("kopie.sqlite")),
    ),
    Case("herstellen without a file", ("herstellen",), 2, "deze opties ontbreken"),
    Case("info with an extra word", ("info", "nu"), 2, "onbekende opties: nu"),
    Case("help herstellen", ("herstellen", "-h"), 0, "--ja"),
    Case("help", ("-h",), 0, "gebruik: mtvdp-tui"),
    Case("help plan export", ("plan", "export", "-h"), 0, "--overschrijven"),
    Case("help declaraties export", ("declaraties", "export", "-h"), 0, "--overschrijven"),
    Case("help backup", ("backup", "-h"), 0, "--overschrijven"),
    Case("help export", ("export", "-h"), 0, "--overschrijven"),
    Case("help import", ("import", "-h"), 0, "--dry-run"),
    Case("help loting verify", ("loting", "verify", "-h"), 0, "argumenten"),
    Case("version", ("--version",), 0, "mtvdp-tui"),
]

# --- overzetten VAN NAAR: only into an empty target; never the source, a folder or a device -----
TRANSFER = ("overzetten", "db.sqlite")
NOT_EMPTY = "is niet leeg"
IS_SOURCE = "de database die wordt overgezet"
ROWS += [
    Case(
        "overzetten into a new file",
        (*TRANSFER, "kopie.sqlite"),
        0,
        "Klaar",
        (db(),),
        ("kopie.sqlite",),
    ),
    Case(
        "overzetten into an empty file",
        (*TRANSFER, "leeg.sqlite"),
        0,
        "gecontroleerd",
        (db(), text("leeg.sqlite")),
        ("leeg.sqlite",),
    ),
    Case("overzetten into the source", (*TRANSFER, "db.sqlite"), 1, IS_SOURCE, (db(),)),
    Case(
        "overzetten into ./sub/../source",
        (*TRANSFER, "sub/../db.sqlite"),
        1,
        IS_SOURCE,
        (db(), folder("sub")),
    ),
    Case(
        "overzetten into a link to the source",
        (*TRANSFER, "l.sqlite"),
        1,
        IS_SOURCE,
        (db(), link("l.sqlite", "db.sqlite")),
    ),
    Case(
        "overzetten into a hard link to the source",
        (*TRANSFER, "h.sqlite"),
        1,
        IS_SOURCE,
        (db(), hard_link("h.sqlite", "db.sqlite")),
    ),
    Case("overzetten into the source's WAL", (*TRANSFER, "db.sqlite-wal"), 1, IS_DB, (db(),)),
    Case(
        "overzetten into its backups",
        (*TRANSFER, "db.sqlite-backups/x.sqlite"),
        1,
        "reservekopie",
        (db(), folder("db.sqlite-backups")),
    ),
    Case(
        "overzetten into another database",
        (*TRANSFER, "ander.sqlite"),
        1,
        NOT_EMPTY,
        (db(), db("ander.sqlite")),
    ),
    Case(
        "overzetten into a text file",
        (*TRANSFER, "oud.txt"),
        1,
        NOT_EMPTY,
        (db(), text("oud.txt", "bewaar mij")),
    ),
    Case("overzetten into a folder", (*TRANSFER, "map"), 1, "is een map", (db(), folder("map"))),
    Case("overzetten into this folder", (*TRANSFER, "."), 1, "is een map", (db(),)),
    Case("overzetten into a fifo", (*TRANSFER, "p"), 1, "geen gewoon bestand", (db(), fifo("p"))),
    Case(
        "overzetten into a device",
        (*TRANSFER, "nul"),
        1,
        "geen gewoon bestand",
        (db(), device("nul", 3)),
    ),
    Case(
        "overzetten into a missing folder", (*TRANSFER, "weg/x.sqlite"), 1, "bestaat niet", (db(),)
    ),
    Case("overzetten into an empty name", (*TRANSFER, ""), 1, "geef een bestandsnaam", (db(),)),
    Case(
        "overzetten from a missing file",
        ("overzetten", "weg.sqlite", "x.sqlite"),
        1,
        "bestaat niet",
    ),
    Case("overzetten from a folder", ("overzetten", "map", "x.sqlite"), 1, "map", (folder("map"),)),
    Case(
        "overzetten from a text file",
        ("overzetten", "oud.txt", "x.sqlite"),
        1,
        "SQLite",
        (text("oud.txt", "geen database"),),
    ),
    Case(
        "overzetten from a corrupt database",
        ("overzetten", "db.sqlite", "x.sqlite"),
        1,
        "database",
        (corrupt(),),
    ),
    Case(
        "overzetten from an older schema",
        ("overzetten", "db.sqlite", "x.sqlite"),
        1,
        "Open die database eerst",
        (db(change="UPDATE alembic_version SET version_num = '0007'"),),
    ),
    Case(
        "overzetten from a malformed URL",
        ("overzetten", "postgresql://x@/db?onzin=1", "x.sqlite"),
        1,
        "geen geldig adres van een PostgreSQL-database",
    ),
    Case(
        "overzetten from a server that is not there",
        ("overzetten", "postgresql://x:geheim@/db?host=/nergens", "x.sqlite"),
        1,
        "niet bereikbaar",
    ),
    Case("overzetten without a target", TRANSFER, 2, "deze opties ontbreken", (db(),)),
    Case("help overzetten", ("overzetten", "-h"), 0, "NAAR"),
]


def test_the_table_is_large_and_its_names_unique() -> None:
    assert len(ROWS) >= 100
    assert len({row.name for row in ROWS}) == len(ROWS)


@pytest.mark.parametrize("case", ROWS, ids=str)
def test_hostile_input(case: Case, tmp_path: Path) -> None:
    outcome, changed = run_case(case, tmp_path)
    assert outcome.code == case.code, outcome.output
    assert case.says in outcome.output, outcome.output
    assert not ENGLISH.search(outcome.output), outcome.output
    assert changed == [], (changed, outcome.output)
