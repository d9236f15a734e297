"""The service on top of both halves: the HTTP API, runs and their events, the CLI's one-shot run."""
