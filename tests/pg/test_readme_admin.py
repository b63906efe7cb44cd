"""The README's section for the administrator, followed word for word on a throwaway server.

Its SQL runs in `psql` as the superuser; its service file, `.pgpass` line and `pg_hba.conf`
lines are used as written, with the server's Unix socket in place of `db.organisatie.nl` (the
throwaway server has no network address, so no TLS: libpq uses none on a socket, and `sslmode`
is left as written) and `local` in place of `hostssl <network>`. The roles get real passwords
(the SQL that `\\password` sends) and the server asks for them (scram-sha-256), so the
connections really take theirs from `.pgpass`. Then the owner creates the schema, a user role
reads and writes rows but cannot change the schema, and the backup commands run as written.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import Engine, create_engine

from mtvdp_tui.store.database import SCHEMA_HEAD, current_revision, migrate
from tests.test_readme import FENCE, README
from tools.pg_server import PgServer

SECTION = "## One database for the organisation (PostgreSQL): for the administrator"
HOST = "db.organisatie.nl"
PASSWORDS = {"mtvdp_owner": "eigenaar-geheim", "anna": "anna-geheim", "bram": "bram-geheim"}


def section() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index(SECTION)
    return text[start : text.index("\n## ", start + len(SECTION))]


def blocks(language: str) -> list[str]:
    return [body for found, body in FENCE.findall(section()) if found == language]


def plain_block(starting: str) -> str:
    (found,) = [body for body in blocks("") if body.lstrip().startswith(starting)]
    return found


def bash_lines(program: str) -> list[str]:
    return [
        line.strip()
        for body in blocks("bash")
        for line in body.splitlines()
        if line.strip().startswith(program)
    ]


def database_argument(line: str) -> str:
    """The --db value of a README command line."""
    words = shlex.split(line)
    return words[words.index("--db") + 1]


def superuser_psql(server: PgServer, sql: str, script: Path) -> None:
    """Run a README SQL block in `psql` as the superuser, as the README says."""
    script.write_text(sql, encoding="utf-8")
    psql = [str(server.bin / "psql"), "-X", "-v", "ON_ERROR_STOP=1", "-h", str(server.socket_dir)]
    result = subprocess.run(
        [*psql, "-U", "postgres", "-d", "postgres", "-f", str(script)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def server() -> Iterator[PgServer]:
    with PgServer.started() as started:
        yield started


@pytest.fixture(scope="module")
def client(server: PgServer, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The README's set-up done on `server`; the environment of a laptop that follows it."""
    folder = tmp_path_factory.mktemp("laptop")
    setup, _after_schema = blocks("sql")
    superuser_psql(server, setup, folder / "setup.sql")
    for role, password in PASSWORDS.items():  # what `\password role` sends
        server.sql(f"ALTER ROLE {role} PASSWORD '{password}'")
    hba = ["local all postgres trust"]  # the superuser's socket, for the fixtures only
    for line in plain_block("hostssl").splitlines():
        kind, database, role, _network, method = line.split()
        assert kind == "hostssl" and method == "scram-sha-256"
        hba.append(f"local {database} {role} {method}")
    (server.data / "pg_hba.conf").write_text("\n".join(hba) + "\n", encoding="utf-8")
    server._run("pg_ctl", "-D", str(server.data), "reload")

    (service,) = blocks("ini")
    assert f"host={HOST}" in service and "sslmode=verify-full" in service
    service_file = folder / "pg_service.conf"
    service_file.write_text(service.replace(HOST, str(server.socket_dir)), encoding="utf-8")
    example = plain_block(HOST).strip()
    host, port, database, role, _password = example.split(":")
    assert (host, port, database, role) == (HOST, "5432", "mtvdp", "anna")
    lines = [f"{server.socket_dir}:{port}:{database}:{name}:{password}"
             for name, password in PASSWORDS.items()]  # fmt: skip
    passfile = folder / "pgpass"
    passfile.write_text("\n".join(lines) + "\n", encoding="utf-8")
    passfile.chmod(0o600)
    return {"PGSERVICEFILE": str(service_file), "PGPASSFILE": str(passfile), "folder": str(folder)}


@pytest.fixture
def laptop(client: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    monkeypatch.delenv("PGPASSWORD", raising=False)
    for name in ("PGSERVICEFILE", "PGPASSFILE"):
        monkeypatch.setenv(name, client[name])
    return client


def readme_url(role: str) -> str:
    """The README's --db URL for `role` (the person's line, or the owner's: `user=` replaced)."""
    (line,) = [line for line in bash_lines("mtvdp-tui --db") if "backup" not in line]
    return database_argument(line).replace("user=anna", f"user={role}")


def engine_for(url: str) -> Engine:
    """The store's engine on a libpq URL (the password from libpq's own sources)."""
    return create_engine("postgresql+psycopg://", creator=lambda: psycopg.connect(url))


def test_the_owner_creates_the_schema_and_the_users_only_use_it(
    laptop: dict[str, str], server: PgServer
) -> None:
    owner = engine_for(readme_url("mtvdp_owner"))
    migrate(owner)
    assert current_revision(owner) == SCHEMA_HEAD
    owner.dispose()
    _setup, after_schema = blocks("sql")
    superuser_psql(server, after_schema, Path(laptop["folder"]) / "after_schema.sql")

    with psycopg.connect(readme_url("anna"), autocommit=True) as anna:
        assert anna.execute("select current_user").fetchone() == ("anna",)
        tables = [row[0] for row in anna.execute("select tablename from pg_tables "
                                                 "where schemaname = 'public'")]  # fmt: skip
        assert "practice" in tables and "alembic_version" in tables
        for table in tables:
            anna.execute(f'select count(*) from "{table}"')  # every table readable
        anna.execute("insert into setting (key, value) values ('proef', '1')")
        anna.execute("update setting set value = '2' where key = 'proef'")
        anna.execute("insert into region (name, position, ion_official) values ('Proef', 9, 0)")
        anna.execute("delete from region where name = 'Proef'")  # a serial id: sequence rights
        for change in (
            "create table eigen (id int)",
            "alter table practice add column extra int",
            "drop table setting",
            "truncate setting",
            "create index eigen on practice (wijk)",
            "update alembic_version set version_num = '0001'",
            "insert into alembic_version values ('0001')",
            "delete from alembic_version",
            "truncate alembic_version",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                anna.execute(change)
        assert anna.execute("select version_num from alembic_version").fetchone() == (SCHEMA_HEAD,)
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(readme_url("anna"), password="fout").close()


def test_the_backup_commands_work_as_written(laptop: dict[str, str], server: PgServer) -> None:
    owner = engine_for(readme_url("mtvdp_owner"))
    migrate(owner)
    owner.dispose()
    with psycopg.connect(readme_url("anna"), autocommit=True) as anna:
        anna.execute("insert into setting (key, value) values ('bewaard', 'ja')")
    folder = Path(laptop["folder"])
    environment = {**os.environ, "PATH": f"{server.bin}:{os.environ['PATH']}"}
    dump, restore = bash_lines("pg_dump") + bash_lines("pg_restore")
    done = subprocess.run(dump, shell=True, cwd=folder, env=environment, capture_output=True,
                          text=True, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    (written,) = folder.glob("mtvdp-*.dump")
    with psycopg.connect(readme_url("anna"), autocommit=True) as anna:
        anna.execute("delete from setting where key = 'bewaard'")
    restore = re.sub(r"mtvdp-\d{4}-\d\d-\d\d\.dump", written.name, restore)
    done = subprocess.run(restore, shell=True, cwd=folder, env=environment, capture_output=True,
                          text=True, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    with psycopg.connect(readme_url("anna"), autocommit=True) as anna:  # rights restored too
        assert anna.execute("select value from setting where key = 'bewaard'").fetchone() == ("ja",)
        anna.execute("update setting set value = 'nog steeds' where key = 'bewaard'")
