"""Errors of the client side of remoting: an error reply, or a session host out of reach."""

from __future__ import annotations

from typing import Any

from pshell.errors import ErrorCategory, ErrorRecord, PSError


class HostError(PSError):
    """An error reply or a failure to reach the session host; `record` is an ErrorRecord."""

    def __init__(self, error: dict[str, Any]) -> None:
        record = ErrorRecord(str(error.get("message", "")), str(error.get("error_id") or "RemoteHostError"),
                             str(error.get("category") or ErrorCategory.NotSpecified), target=error.get("target"),
                             exception_type=str(error.get("exception_type")
                                                or "System.Management.Automation.Remoting.PSRemotingTransportException"))
        super().__init__(record)
        self.error_id = record.error_id
        self.details: dict[str, Any] = dict(error.get("details") or {})


class ConnectionLost(HostError):
    def __init__(self, reason: str) -> None:
        super().__init__({"message": f"The connection to the session host was lost: {reason}",
                          "error_id": "ConnectionLost", "category": ErrorCategory.ConnectionError})


def _error(message: str, error_id: str, category: str = ErrorCategory.ConnectionError) -> HostError:
    return HostError({"message": message, "error_id": error_id, "category": category})
