"""What libpq and psycopg say when connecting fails, read and turned into Dutch: a user never
sees the driver's English (it goes to the log file, without any password).

`connection_refusal` reads a connection error (from connecting, or from reconnecting mid-session),
`url_fault` a fault in the URL itself, `port_fault` a port that is no port number (checked before
connecting: psycopg would report `host:abc` as a host not found).
"""

from __future__ import annotations

import logging
import re
from typing import Any

from mtvdp_tui.i18n import t
from mtvdp_tui.records.errors import DatabaseError

log = logging.getLogger("mtvdp_tui.store.postgres")

# The driver's words (a regular expression) and the Dutch message for them; the first match wins.
REFUSALS: tuple[tuple[str, str], ...] = (
    (r"password authentication failed|no password supplied|password is required",
     "pg.wrong_password"),
    (r'role "(?P<user>[^"]*)" does not exist', "pg.no_such_role"),
    (r'database "[^"]*" does not exist', "pg.missing_database"),
    (r"server does not support SSL", "pg.server_without_tls"),
    (r"root certificate file .* does not exist|could not read root certificate",
     "pg.tls_no_ca"),
    (r"certificate verify failed|does not match host name|certificate .* is not valid",
     "pg.tls_untrusted"),
    (r"no pg_hba\.conf entry .*no encryption|SSL off|SSL required|requires SSL",
     "pg.tls_required"),
    (r"permission denied for database|no pg_hba\.conf entry|is not permitted to log in",
     "pg.no_access"),
    (r"too many clients|remaining connection slots are reserved|too many connections",
     "pg.busy"),
    (r"Connection refused|No such file or directory|could not translate host name"
     r"|failed to resolve host|timeout expired|Network is unreachable|No route to host"
     r"|server closed the connection unexpectedly|terminating connection|Connection reset"
     r"|could not receive data|could not send data|SSL connection has been closed unexpectedly"
     r"|Broken pipe|the database system is (starting up|shutting down|in recovery mode"
     r"|not yet accepting connections)",
     "pg.unreachable"),
)  # fmt: skip

# libpq's (and psycopg's) words for a fault in the URL itself, and the Dutch naming it. What is
# named is a setting's name or value, never the text around a `%` (that may be the password).
URL_FAULTS: tuple[tuple[str, str], ...] = (
    (r'invalid URI query parameter: "(?P<value>[^"]*)"', "pg.url.unknown_setting"),
    (r'invalid connection option "(?P<value>[^"]*)"', "pg.url.unknown_setting"),
    (r"invalid percent-encoded token", "pg.url.percent"),
    (r'matching "\]" in IPv6 host address', "pg.url.ipv6"),
    (r'invalid port number: "(?P<value>[^"]*)"', "pg.url.port"),
    (r'invalid integer value "(?P<value>[^"]*)" for connection option "port"', "pg.url.port"),
    (r'invalid integer value "(?P<value>[^"]*)" for connection option "(?P<setting>[^"]*)"',
     "pg.url.number"),
    (r'invalid (?P<setting>[a-z_]+) value: "(?P<value>[^"]*)"', "pg.url.value"),
    (r"bad value for (?P<setting>[a-z_]+): '(?P<value>[^']*)'", "pg.url.value"),
)  # fmt: skip


def scrub(text: str) -> str:
    """`text` with any password taken out (a URL's `user:secret@`, `password=secret`)."""
    text = re.sub(r"(://[^:/@\s]*):[^@\s]*@", r"\1:***@", text)
    return re.sub(r"(password\s*=\s*)('[^']*'|\S+)", r"\1***", text, flags=re.IGNORECASE)


def as_typed(db: str) -> str:
    """A URL as the user typed it, without its settings (`?…`) and any password."""
    return scrub(db.split("?", 1)[0].strip())


def connection_refusal(db: str, database: str, error: BaseException) -> DatabaseError:
    """The Dutch message for a connection the server or the network refused (`database`: how
    the database is shown). The driver's text is logged, never shown."""
    text = str(error)
    if "connection is bad: invalid" in text:  # a setting libpq could not take: the URL's fault
        return DatabaseError(t("pg.bad_url", url=as_typed(db), error=url_fault(text)))
    for pattern, key in REFUSALS:
        found = re.search(pattern, text)
        if found:
            return DatabaseError(t(key, database=database, **found.groupdict()))
    return unexpected_refusal(database, error)


def unexpected_refusal(database: str, error: BaseException) -> DatabaseError:
    """A refusal this program has no words for: the driver's text goes to the log file only."""
    log.warning("connecting to %s refused: %s", database, scrub(" ".join(str(error).split())))
    return DatabaseError(t("pg.refused", database=database))


def url_fault(text: str) -> str:
    """What is wrong with the URL, in Dutch, read from libpq's English `text` (never shown)."""
    for pattern, key in URL_FAULTS:
        found = re.search(pattern, text)
        if found:
            return t(key, **{name: scrub(part) for name, part in found.groupdict().items()})
    return t("pg.url.unreadable")


def port_fault(conninfo: dict[str, Any]) -> str | None:
    """A port in the parsed URL that is no port number (1-65535), in Dutch; else None."""
    for port in str(conninfo.get("port") or "").split(","):
        port = port.strip()
        if port and not (port.isdigit() and 1 <= int(port) <= 65535):
            return t("pg.url.port", value=scrub(port))
    return None
