"""Job kinds of the resources app, by topic (registered when the app is ready). The
publication kind itself is registered by ``workflows.jobs``."""
