"""The session host's wire format, shared by the daemon and its clients."""
