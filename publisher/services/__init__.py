"""Writes for the installation side; views, API, commands and tasks call these."""
