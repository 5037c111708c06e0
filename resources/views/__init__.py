"""Browser pages of the resources app."""
