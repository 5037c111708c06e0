"""REST API v1 endpoints of the resources app."""
