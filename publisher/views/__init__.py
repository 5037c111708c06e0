"""Browser pages of the installation side."""
