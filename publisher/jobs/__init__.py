"""The installation's own job kinds: the self-check and GBIF registration."""
