"""One module per conversation topic; each handler takes the turn's Context and returns the Reply."""
