"""User-facing errors.

Every error a user can cause or fix (bad input, a server that is down, a wrong
password, a missing tool) is a :class:`NetnpError`. The CLI prints it as one
``Error: …`` line and exits non-zero; it never shows a traceback for these.
"""


class NetnpError(Exception):
    """An error the user can act on; its message says what happened and what to do."""

    exit_code = 1


class ConnectionFailed(NetnpError):
    """Neo4j could not be reached or refused the credentials."""


class ServerError(NetnpError):
    """The local Neo4j server could not be provisioned, started or stopped."""


class ModuleError(NetnpError):
    """A Cypher module is unknown, malformed, or called with wrong parameters."""


class InputError(NetnpError):
    """Bad input data: the message names the file, the line and the field."""
