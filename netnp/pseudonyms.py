"""Keyed hashes of personal identifiers: pseudonyms for imports and reports, and the traces of forgotten people.

A pseudonym is an HMAC-SHA256 of the identifier under a secret key, so the
same address or handle always gets the same pseudonym, and nobody without the
key can recover it or test a guess. The key is 32 random bytes kept beside the
local server's password (``$NETNP_HOME/pseudonym.key`` by default), in a file
only its owner can read; ``$NETNP_KEY_FILE`` names another file, which a team
sharing one remote graph must share too, or their pseudonyms will not match.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from netnp.errors import NetnpError
from netnp.localserver.server import default_home

#: The environment variable that names the key file.
KEY_FILE_ENV = "NETNP_KEY_FILE"
_KEY_BYTES = 32


def key_path() -> Path:
    """Where the key is kept: ``$NETNP_KEY_FILE``, else ``pseudonym.key`` in the local server's home."""
    named = os.environ.get(KEY_FILE_ENV)
    return Path(named) if named else default_home() / "pseudonym.key"


def load_key(create: bool = True) -> bytes:
    """The secret key, made (readable by its owner only) on first use when ``create`` is true."""
    path = key_path()
    try:
        text = path.read_text().strip()
    except FileNotFoundError:
        if not create:
            raise NetnpError(f"no pseudonym key at {path}; it is made on the first --pseudonymise import") from None
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        text = secrets.token_hex(_KEY_BYTES)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it a moment ago: use theirs
            return load_key(create=False)
        with os.fdopen(fd, "w") as fh:
            fh.write(text + "\n")
    except OSError as exc:
        raise NetnpError(f"cannot read the pseudonym key {path}: {exc.strerror}") from None
    try:
        key = bytes.fromhex(text)
    except ValueError:
        key = b""
    if len(key) != _KEY_BYTES:
        raise NetnpError(f"the pseudonym key {path} is damaged: expected {_KEY_BYTES * 2} hex digits")
    return key


def normalised(identifier: str) -> str:
    """The spelling an identifier is hashed in: trimmed and case-folded, so ``Ann@X.org`` and ``ann@x.org`` agree."""
    return identifier.strip().casefold()


def keyed_hash(identifier: str, key: bytes) -> str:
    """The full keyed hash of an identifier (64 hex digits), for records that must never hold the identifier."""
    return hmac.new(key, normalised(identifier).encode("utf-8"), hashlib.sha256).hexdigest()


def pseudonym(identifier: str, key: bytes, prefix: str = "p") -> str:
    """A short stable pseudonym, such as ``p-3f9a0c51d2e87b46``: 64 bits of the keyed hash after ``prefix``."""
    return f"{prefix}-{keyed_hash(identifier, key)[:16]}"
