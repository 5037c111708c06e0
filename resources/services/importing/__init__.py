"""Creating resources from what other tools publish: Darwin Core Archives, IPT folders."""
