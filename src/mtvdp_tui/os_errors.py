"""The operating system's errors in Dutch: one place maps an errno to the user's words.

`str(OSError)` and `strerror` are English ("Permission denied", "No space left on device"); no
message shown to the user may carry them.
"""

from __future__ import annotations

import errno

from mtvdp_tui.i18n import t

KNOWN = (
    "EACCES",
    "EPERM",
    "ENOSPC",
    "EDQUOT",
    "EISDIR",
    "ENOTDIR",
    "ENOENT",
    "ELOOP",
    "ENAMETOOLONG",
    "EROFS",
    "EEXIST",
    "EIO",
    "ENXIO",
    "EBUSY",
    "EMFILE",
    "ETXTBSY",
    "EXDEV",
    "EFBIG",
)
DUTCH = {getattr(errno, name): f"os.{name}" for name in KNOWN if hasattr(errno, name)}


def dutch(error: OSError) -> str:
    """What went wrong, in Dutch, without the English text of the operating system."""
    if isinstance(error, PermissionError) and error.errno is None:
        return t("os.EACCES")
    key = DUTCH.get(error.errno or -1)
    return t(key) if key else t("os.other", code=error.errno)
