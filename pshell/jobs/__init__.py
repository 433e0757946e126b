"""Jobs: remote jobs over sessions, background jobs in child processes, and the client's job list."""
