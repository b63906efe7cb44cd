"""`--db postgresql://…`: Dutch messages for every way connecting fails, and the password never
shown (header, messages, log)."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest

from mtvdp_tui.cli import main
from mtvdp_tui.records.errors import DatabaseError
from mtvdp_tui.store import postgres
from mtvdp_tui.store.database import open_database
from tests.conftest import preset, today
from tools.pg_server import PgServer

SECRET = "geheim-Wachtwoord-42"


def _open(url: str):
    return open_database(url, new_ruleset=lambda: preset("hoog-2023"), today=today)


@pytest.fixture(scope="module")
def password_server() -> PgServer:
    """A server that asks for a password (scram) on its socket, with a role `wijk` that has one."""
    server = PgServer().start()
    server.sql(f"CREATE ROLE wijk LOGIN PASSWORD '{SECRET}'")
    server.create_database("org", owner="wijk")
    hba = server.data / "pg_hba.conf"
    hba.write_text("local all postgres trust\nlocal all all scram-sha-256\n")  # root may write it
    server.sql("SELECT pg_reload_conf()")
    yield server
    server.remove()


def test_the_right_password_from_pgpassword_opens_and_is_shown_nowhere(
    password_server: PgServer, monkeypatch, caplog, capsys, tmp_path: Path
) -> None:
    monkeypatch.setenv("PGPASSWORD", SECRET)
    url = password_server.libpq_url("org", user="wijk")
    caplog.set_level(logging.DEBUG)
    db = _open(url)
    try:
        assert db.name == f"wijk@{password_server.socket_dir}/org"
        assert db.path is None
    finally:
        db.close()
    assert main(["--db", url, "info"]) == 0
    out = capsys.readouterr()
    assert "wijk@" in out.out and SECRET not in out.out + out.err
    assert SECRET not in caplog.text


def test_a_wrong_password_is_refused_in_dutch_without_showing_it(
    password_server: PgServer, monkeypatch, capsys, tmp_path: Path
) -> None:
    monkeypatch.setenv("PGPASSWORD", "fout-wachtwoord")
    url = password_server.libpq_url("org", user="wijk")
    with pytest.raises(DatabaseError, match="gebruikersnaam of wachtwoord klopt niet"):
        _open(url)
    typed = url.replace("wijk@", f"wijk:{SECRET}x@")  # a password typed in the URL itself
    monkeypatch.delenv("PGPASSWORD")
    assert main(["--db", typed, "info"]) == 0  # info opens nothing
    assert main(["--db", typed, "export", str(tmp_path / "uit.csv")]) == 1
    out = capsys.readouterr()
    assert "wachtwoord klopt niet" in out.err
    assert SECRET not in out.out + out.err


def test_a_database_that_does_not_exist(pg_server: PgServer) -> None:
    with pytest.raises(DatabaseError, match="bestaat niet op de server"):
        _open(pg_server.libpq_url("nergens"))


def test_a_stopped_server_is_unreachable_in_dutch(tmp_path: Path) -> None:
    server = PgServer().start()
    url = server.libpq_url("postgres")
    server.remove()
    with pytest.raises(DatabaseError, match="niet bereikbaar"):
        _open(url)


def test_a_database_of_another_program_is_left_alone(pg_url) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(pg_url)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE boodschappen (id integer)"))
    engine.dispose()
    url = f"postgresql://postgres@/{pg_url.database}?host={pg_url.query['host']}"
    with pytest.raises(DatabaseError, match="ander programma"):
        _open(url)


def test_display_name_and_scrub_leave_out_every_password() -> None:
    assert (
        postgres.display_name("postgresql://an:pw@db.example.nl:5432/org") == "an@db.example.nl/org"
    )
    assert postgres.display_name("postgresql:///org?service=mtvdp") == "mtvdp/org"
    assert "pw" not in postgres.scrub("postgresql://an:pw@host/org and password=pw")


def test_without_psycopg_the_message_says_how_to_install_it(monkeypatch) -> None:
    import builtins

    real_import = builtins.__import__

    def no_psycopg(name, *args, **kwargs):
        if name == "psycopg" or name.startswith("psycopg."):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_psycopg)
    with pytest.raises(DatabaseError, match=r"mtvdp-tui\[postgres\]"):
        _open("postgresql:///org")


ENGLISH = re.compile(r"invalid|connection|failed|resolve|parameter|token|string|value:|bad ")


@pytest.mark.parametrize(
    ("url", "fault"),
    [
        ("postgresql://an@h/org?foo=bar", "de instelling 'foo' bestaat niet"),
        ("postgresql://an:gehe%im@h/org", "een % wordt niet gevolgd door twee tekens"),
        ("postgresql://[::1/org", "mist de sluitende ']'"),
        ("postgresql://an@h:abc/org", "'abc' is geen poortnummer"),
        ("postgresql://an@h:5432,h2:x/org", "'x' is geen poortnummer"),
        ("postgresql://an@/org?host=/tmp&port=99999", "'99999' is geen poortnummer"),
        (
            "postgresql://an@/org?sslmode=misschien",
            "'misschien' is geen geldige waarde voor de instelling 'sslmode'",
        ),
        (
            f"postgresql://an:{SECRET}@/org?connect_timeout=abc&host=/tmp",
            "'abc' is geen geldige waarde voor de instelling 'connect_timeout'",
        ),
    ],
)
def test_a_malformed_url_is_refused_in_dutch_only_naming_the_fault(url: str, fault: str) -> None:
    with pytest.raises(DatabaseError) as refused:
        _open(url)
    message = str(refused.value)
    assert "geen geldig adres van een PostgreSQL-database" in message
    assert fault in message
    assert "\n" not in message and not ENGLISH.search(message), message
    assert SECRET not in message and "gehe" not in message


# Real texts of libpq and psycopg 3 (as str(OperationalError)), and the Dutch each must become.
DRIVER_TEXTS = [
    ('connection failed: connection to server at "127.0.0.1", port 37029 failed: server closed '
     "the connection unexpectedly\n\tThis probably means the server terminated abnormally\n\t"
     "before or while processing the request.", "pg.unreachable"),
    ('connection failed: connection to server at "127.0.0.1", port 5432 failed: Connection '
     "refused\n\tIs the server running on that host and accepting TCP/IP connections?",
     "pg.unreachable"),
    ('connection is bad: connection to server on socket "/tmp/x/.s.PGSQL.5432" failed: No such '
     "file or directory\n\tIs the server running locally and accepting connections on that "
     "socket?", "pg.unreachable"),
    ("failed to resolve host 'db.org': [Errno -2] Name or service not known", "pg.unreachable"),
    ("connection failed: FATAL:  terminating connection due to administrator command",
     "pg.unreachable"),
    ("consuming input failed: could not receive data from server: Connection reset by peer",
     "pg.unreachable"),
    ("connection failed: FATAL:  the database system is starting up", "pg.unreachable"),
    ("connection failed: FATAL:  the database system is shutting down", "pg.unreachable"),
    ("connection failed: connection timeout expired", "pg.unreachable"),
    ('connection failed: connection to server on socket "/tmp/x/.s.PGSQL.5432" failed: FATAL:  '
     'role "u" does not exist', "pg.no_such_role"),
    ('connection failed: FATAL:  password authentication failed for user "anna"',
     "pg.wrong_password"),
    ("connection failed: fe_sendauth: no password supplied", "pg.wrong_password"),
    ('connection failed: FATAL:  database "nergens" does not exist', "pg.missing_database"),
    ('connection failed: FATAL:  no pg_hba.conf entry for host "10.1.2.3", user "anna", '
     'database "mtvdp", no encryption', "pg.tls_required"),
    ('connection failed: FATAL:  no pg_hba.conf entry for host "10.1.2.3", user "anna", '
     'database "mtvdp", SSL encryption', "pg.no_access"),
    ('connection failed: FATAL:  permission denied for database "mtvdp"', "pg.no_access"),
    ('connection failed: FATAL:  role "anna" is not permitted to log in', "pg.no_access"),
    ("connection failed: server does not support SSL, but SSL was required",
     "pg.server_without_tls"),
    ('connection failed: root certificate file "/home/a/.postgresql/root.crt" does not exist\n'
     "Either provide the file, use the system's trusted roots with sslrootcert=system, or change "
     "sslmode to disable server certificate verification.", "pg.tls_no_ca"),
    ("connection failed: SSL error: certificate verify failed", "pg.tls_untrusted"),
    ('connection failed: server certificate for "db.org" does not match host name "db2.org"',
     "pg.tls_untrusted"),
    ("connection failed: FATAL:  sorry, too many clients already", "pg.busy"),
    ("connection failed: FATAL:  remaining connection slots are reserved for roles with the "
     "SUPERUSER attribute", "pg.busy"),
    ("connection failed: FATAL:  something nobody foresaw", "pg.refused"),
]  # fmt: skip


@pytest.mark.parametrize(("driver_text", "key"), DRIVER_TEXTS)
def test_what_the_driver_says_becomes_dutch_without_its_words(
    driver_text: str, key: str, caplog
) -> None:
    import psycopg

    from mtvdp_tui.i18n import t

    url = f"postgresql://u:{SECRET}@db.org/org"
    refusal = postgres.connection_refusal(url, psycopg.OperationalError(driver_text))
    message = str(refusal)
    assert message == t(key, database="u@db.org/org", user="u")
    assert "\n" not in message and "\t" not in message and ".." not in message
    assert not ENGLISH.search(message) and SECRET not in message
    if key == "pg.refused":  # the driver's words are for support: in the log, not on screen
        assert "something nobody foresaw" in caplog.text


def test_a_role_the_server_does_not_know_is_named(pg_server: PgServer) -> None:
    url = pg_server.libpq_url("postgres", user="onbekend")
    with pytest.raises(DatabaseError, match="kent de gebruiker 'onbekend' niet"):
        _open(url)


def test_a_port_nobody_listens_on_is_unreachable() -> None:
    with pytest.raises(DatabaseError, match="niet bereikbaar") as refused:
        _open("postgresql://an@localhost:1/org")
    assert not ENGLISH.search(str(refused.value))


def test_a_host_name_that_does_not_resolve_is_unreachable() -> None:
    """psycopg resolves host names itself, with words of its own (no DNS asked in a test)."""
    import psycopg

    error = psycopg.OperationalError("failed to resolve host 'db.org': [Errno -2] Name unknown")
    refusal = postgres.connection_refusal("postgresql://an@db.org/org", error)
    assert str(refusal).startswith("De databaseserver van 'an@db.org/org' is niet bereikbaar")
