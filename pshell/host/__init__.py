"""The session host: one daemon per user account that keeps remote sessions alive."""
