"""PowerShell's texts and error ids for the PSSession cmdlets, in one place.

Each function returns an ErrorRecord with the message, FullyQualifiedErrorId, category,
target and exception type that PowerShell uses for the same situation.
"""

from __future__ import annotations

from typing import Any

from pshell.errors import ErrorCategory, ErrorRecord

REMOTING_EXCEPTION = "System.Management.Automation.Remoting.PSRemotingTransportException"
INVALID_OPERATION = "System.InvalidOperationException"
ARGUMENT_EXCEPTION = "System.ArgumentException"
RUNTIME_EXCEPTION = "System.Management.Automation.RuntimeException"
INVALID_RUNSPACE_STATE = "System.Management.Automation.Runspaces.InvalidRunspaceStateException"


def _record(message: str, error_id: str, category: str, target: Any, exception_type: str) -> ErrorRecord:
    return ErrorRecord(message, error_id, category, target=target, exception_type=exception_type)


def session_id_not_found(session_id: int) -> ErrorRecord:
    return _record(f"The remote session with the session ID {session_id} is not available.",
                   "RemoteRunspaceNotAvailableForSpecifiedSessionId", ErrorCategory.InvalidArgument, session_id,
                   ARGUMENT_EXCEPTION)


def session_name_not_found(name: str) -> ErrorRecord:
    return _record(f"The remote session with the name {name}  is not available.",
                   "RemoteRunspaceNotAvailableForSpecifiedName", ErrorCategory.InvalidArgument, name,
                   ARGUMENT_EXCEPTION)


def session_instance_not_found(instance_id: str) -> ErrorRecord:
    return _record(f"Remote session is not available for {instance_id}.",
                   "RemoteRunspaceNotAvailableForSpecifiedRunspaceId", ErrorCategory.InvalidArgument, instance_id,
                   ARGUMENT_EXCEPTION)


def cannot_disconnect(session: Any) -> ErrorRecord:
    return _record(f'Cannot disconnect PSSession "{session.Name}" because it is not in the Opened state.',
                   "CannotDisconnectSessionWhenNotOpened", ErrorCategory.InvalidOperation, session, RUNTIME_EXCEPTION)


def cannot_disconnect_entered(session: Any) -> ErrorRecord:
    return _record(f'Cannot disconnect PSSession "{session.Name}" because it is the session entered with '
                   "Enter-PSSession. Exit the session with Exit-PSSession first.",
                   "CannotDisconnectInteractiveSession", ErrorCategory.InvalidOperation, session, RUNTIME_EXCEPTION)


def invalid_idle_timeout_at_disconnect(session: Any, value_ms: int, minimum_ms: int, maximum_ms: int) -> ErrorRecord:
    return _record(f"The session {session.Name} cannot be disconnected because the specified idle time-out value "
                   f"{value_ms // 1000} (seconds) is either greater than the server maximum allowed "
                   f"{maximum_ms // 1000} (seconds), or less than the minimum allowed {minimum_ms // 1000} (seconds).  "
                   "Specify an idle time-out value that is within the allowed range, and try again.",
                   "CannotDisconnectSessionWithInvalidIdleTimeout", ErrorCategory.InvalidArgument, session,
                   RUNTIME_EXCEPTION)


def invalid_idle_timeout(computer: str, value_ms: int, minimum_ms: int, maximum_ms: int) -> ErrorRecord:
    """An idle timeout a new session cannot have: below the host's minimum, or above the
    configuration's MaxIdleTimeoutMs."""
    if value_ms < minimum_ms:
        return _record(f"The specified IdleTimeout session option {value_ms // 1000} (seconds) is not a valid period.  "
                       "Specify an IdleTimeout value that is greater than or equal to the minimum allowed "
                       f"{minimum_ms // 1000} (seconds).", "InvalidIdleTimeoutOption", ErrorCategory.InvalidArgument,
                       computer, "System.Management.Automation.PSArgumentException")
    return connect_failed(computer, f"The specified IdleTimeout value {value_ms} (milliseconds) is greater than the "
                          f"maximum allowed by the session configuration, {maximum_ms} (milliseconds).",
                          "InvalidIdleTimeout,PSSessionOpenFailed")


def cannot_connect(session: Any) -> ErrorRecord:
    return _record(f'Cannot connect PSSession "{session.Name}", either because it is not in the Disconnected state, '
                   "or it is not available for connection.",
                   "PSSessionConnectFailed", ErrorCategory.InvalidOperation, session, RUNTIME_EXCEPTION)


def session_gone(session: Any, error_id: str = "PSSessionConnectFailed") -> ErrorRecord:
    return _record(f"The connect operation failed for session {session.Name} with the following error message: "
                   f"Cannot connect to session {session.Name}. The session no longer exists on computer "
                   f"{session.ComputerName}.", error_id, ErrorCategory.InvalidOperation, session, RUNTIME_EXCEPTION)


def cannot_receive(session: Any) -> ErrorRecord:
    return _record(f'Cannot connect PSSession "{session.Name}", either because it is not in the Disconnected state, '
                   "or it is not available for connection.",
                   "ReceivePSSessionCannotConnectSession", ErrorCategory.InvalidOperation, session, ARGUMENT_EXCEPTION)


def invoke_not_opened(session: Any) -> ErrorRecord:
    return _record(f"Because the session state for session {session.Name}, {session.InstanceId}, "
                   f"{session.ComputerName} is not equal to Open, you cannot run a command  in the session.  "
                   f"The session state is {session.State}.",
                   "InvokeCommandCommandInvalidSessionState", ErrorCategory.InvalidOperation, session,
                   INVALID_RUNSPACE_STATE)


def invoke_busy(session: Any) -> ErrorRecord:
    return _record(f"The session {session.Name}, {session.InstanceId}, {session.ComputerName} is not available to "
                   "run commands.  The session availability is Busy.",
                   "InvokeCommandCommandInvalidSessionAvailability", ErrorCategory.InvalidOperation, session,
                   INVALID_RUNSPACE_STATE)


def connect_failed(computer: str, message: str, error_id: str = "PSSessionOpenFailed") -> ErrorRecord:
    message = message.rstrip()
    if message and message[-1] not in ".!?":
        message += "."
    return _record(f"[{computer}] Connecting to remote server {computer} failed with the following error message : "
                   f"{message} For more information, see the about_Remote_Troubleshooting Help topic.", error_id,
                   ErrorCategory.OpenError, computer, REMOTING_EXCEPTION)


def query_failed(computer: str, message: str) -> ErrorRecord:
    return _record(f"The remote session query failed for {computer} with the following error message: {message}",
                   "RemotePSSessionQueryFailed", ErrorCategory.InvalidOperation, computer, RUNTIME_EXCEPTION)


def no_valid_sessions() -> ErrorRecord:
    return _record("No valid sessions were specified.  Ensure you provide valid sessions that are in the Opened state "
                   "and are available to run commands.", "InvalidOperation", ErrorCategory.InvalidOperation, None,
                   "System.Management.Automation.PSInvalidOperationException")


def network_access_warning(names: str) -> str:
    return (f"PSSession {names} was created using the EnableNetworkAccess parameter and can only be reconnected from "
            "the local computer.")


def remote_failure(computer: str, message: str, error_id: str, target: Any = None) -> ErrorRecord:
    """Anything else the session host refused, with the computer's name in front."""
    return _record(f"[{computer}] {message}", error_id, ErrorCategory.InvalidOperation, target, REMOTING_EXCEPTION)


def parameter_conflict(message: str, error_id: str = "System.InvalidOperationException") -> ErrorRecord:
    return _record(message, error_id, ErrorCategory.NotSpecified, None, INVALID_OPERATION)


def not_available_yet(message: str, error_id: str) -> ErrorRecord:
    return _record(message, error_id, ErrorCategory.NotImplemented, None, "System.NotSupportedException")
