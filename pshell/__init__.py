"""pshell: a PowerShell-syntax shell whose remote sessions outlive the client."""

__version__ = "0.1.0"
