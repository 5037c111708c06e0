"""Writes on resources; views, API, commands and tasks call these."""

from .demo import demo_resource_ensure

__all__ = ["demo_resource_ensure"]
