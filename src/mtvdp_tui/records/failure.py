"""What went wrong in a worker (a query or a save off the UI thread), in Dutch: one mapping for
every screen.

The store says what it refused in Dutch already (`RecordError`, `DatabaseError`: a conflict, a
full disk, a dropped connection, an unreachable server); the operating system's errors have
their Dutch words in `os_errors`. Anything else (a driver's or a program error) is logged with
its traceback and named in general words: no English text reaches the user. The caller puts the
text in its context ("De lijst kon niet worden gelezen. …", "Niet opgeslagen. …"), which says
what did not happen and how to try again.
"""

from __future__ import annotations

import logging

from mtvdp_tui.i18n import t
from mtvdp_tui.os_errors import dutch
from mtvdp_tui.records.errors import DatabaseError, RecordError

log = logging.getLogger(__name__)


def failure_text(error: BaseException) -> str:
    """The Dutch text for `error`, raised by a query or a save in a worker."""
    if isinstance(error, RecordError | DatabaseError):
        return str(error)
    if isinstance(error, OSError):
        log.warning("a worker failed on the operating system", exc_info=error)
        return t("failure.os", error=dutch(error))
    log.warning("a worker failed", exc_info=error)
    return t("failure.unknown")
