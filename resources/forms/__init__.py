"""Forms of the resources pages, by topic; they parse and validate input, the services do the
work."""
