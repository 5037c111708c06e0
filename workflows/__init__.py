"""Flows that span apps, above all of them: plain service functions, not signals.

``resources`` knows nothing of GBIF registration, and registration sits on top of
resources; what needs both lives here and is called by views, API views, commands and job
kinds. Publishing a registered resource updates its registration (``jobs``); deleting or
withdrawing one takes it off GBIF first (``resources``). Later flows that tie DOIs to
publication or version deletion belong here too.
"""
