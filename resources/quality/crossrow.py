"""The checks the archive builder makes across rows and files, declared with their GBIF rules.

Django-free. The builder (``resources.dwca.build``) finds these while it writes an archive:
ids compared over a whole file, links between files and with the previous version, and what
it did to rows and values on the way. Severities follow what GBIF's crawler and pipelines do
with the published archive (registry-harvest contract C.1–C.3): what aborts the crawl blocks
publication, what GBIF drops or leaves incomplete is a warning.
"""

from __future__ import annotations

from .declarations import ERROR, INFO, WARNING, Check, declare, gettext_noop

_ = gettext_noop
# Code and severity come first, unnamed: a ``code=`` keyword reads as an error code to
# tests/test_error_codes.py, and check codes are not error codes.

declare(
    Check(
        "core-missing",
        ERROR,
        title=_("The archive has no core file."),
        message=_("The archive has no core file: map the core first."),
        rule=_("An archive without a core cannot be read by GBIF (dwca-io) nor the IPT."),
    )
)
declare(
    Check(
        "core-id-missing",
        ERROR,
        title=_("Core rows without an id."),
        message=_(
            "This core row has no id; every core row needs one when the archive has extensions "
            "or the id is mapped."
        ),
        rule=_('GBIF\'s crawler aborts the dataset on any blank core id ("Missing core ids").'),
    )
)
declare(
    Check(
        "core-id-duplicate",
        ERROR,
        title=_("Core ids used by more than one row."),
        message=_("The core id %(value)s is used by more than one row."),
        rule=_(
            "GBIF's crawler aborts the dataset on any repeated core id, compared exactly "
            '("Non unique core ids").'
        ),
    )
)
declare(
    Check(
        "core-id-case-duplicate",
        WARNING,
        title=_("Core ids that differ only by case."),
        message=_(
            "The core id %(value)s differs only by case from %(others)s. GBIF keeps them apart, "
            "but the IPT treats them as the same id: make them differ by more than case."
        ),
        rule=_(
            "GBIF compares ids exactly, so it indexes them; the IPT compares ignoring case and "
            "would refuse the publication."
        ),
    )
)
declare(
    Check(
        "extension-id-missing",
        ERROR,
        title=_("Extension rows without a core id."),
        message=_("This extension row has no core id."),
        rule=_("The IPT fails a publication with an extension row without core id."),
    )
)
declare(
    Check(
        "orphan-row",
        ERROR,
        title=_("Extension rows whose core id is not in the core."),
        message=_(
            "The core id %(value)s of this extension row is not in the core; GBIF would "
            "silently drop the row. Fix the id, or publish leaving out orphan rows "
            "(the drop_orphans option)."
        ),
        rule=_(
            "GBIF's reader skips such rows without a word; GBIF's validator reports them "
            "(RECORD_REFERENTIAL_INTEGRITY_VIOLATION). Blocking, so that nothing is lost "
            "unnoticed, unless drop_orphans is chosen."
        ),
    )
)
declare(
    Check(
        "orphan-row-dropped",
        INFO,
        title=_("Extension rows left out because their core id is not in the core."),
        message=_("Left out (drop_orphans): the core id %(value)s is not in the core."),
        rule=_("Done on request (drop_orphans); GBIF would have skipped these rows."),
    )
)
declare(
    Check(
        "occurrence-id-duplicate",
        ERROR,
        title=_("occurrenceIDs used by more than one occurrence."),
        message=_(
            "The occurrenceID %(value)s is used by more than one occurrence; GBIF refuses such "
            "archives unless catalogue triplets identify the occurrences."
        ),
        rule=_(
            "The IPT fails the publication; GBIF's crawler aborts unless unique triplets "
            "identify the occurrences (ids compared exactly)."
        ),
    )
)
declare(
    Check(
        "occurrence-id-case-duplicate",
        WARNING,
        title=_("occurrenceIDs that differ only by case."),
        message=_(
            "The occurrenceID %(value)s differs only by case from %(others)s. GBIF keeps them "
            "apart, but the IPT treats them as the same id: make them differ by more than case."
        ),
        rule=_(
            "GBIF compares occurrenceIDs exactly; the IPT compares ignoring case and would "
            "refuse the publication."
        ),
    )
)
declare(
    Check(
        "occurrence-ids-refused",
        ERROR,
        title=_("GBIF would refuse the whole dataset: its occurrences are not identified."),
        message=_(
            "GBIF would refuse the whole dataset: %(missing)s of %(rows)s occurrences have no "
            "occurrenceID, %(incomplete)s lack a complete institutionCode/collectionCode/"
            "catalogNumber triplet (at most 25 %% may) and %(repeated)s repeat another's "
            "triplet. Give every occurrence a unique occurrenceID, for example with a template "
            "such as {eventID}:{scientificName} in the mapping, or map institutionCode, "
            "collectionCode and catalogNumber so that at most 25 %% of the occurrences lack one "
            "of them and no two share all three."
        ),
        rule=_(
            # xgettext:no-python-format (a literal percent sign, never formatted)
            "GBIF's crawler aborts a dataset whose Occurrence file neither gives every record a "
            "unique occurrenceID nor lacks complete, unique institutionCode/collectionCode/"
            "catalogNumber triplets on at most 25 % of its records (triplet parts taken from "
            "the core where the extension lacks them)."
        ),
    )
)
declare(
    Check(
        "occurrence-id-missing",
        WARNING,
        title=_("Occurrences without occurrenceID: GBIF will drop them."),
        message=_(
            "This occurrence has no occurrenceID: GBIF will drop the %(count)s occurrences of "
            "this file that have none. Give every occurrence a unique occurrenceID, for example "
            "with a template such as {eventID}:{scientificName} in the mapping."
        ),
        rule=_(
            "GBIF's pipelines drop the occurrences of an event dataset that have no "
            "occurrenceID; the crawler accepts the dataset because triplets identify them."
        ),
    )
)
declare(
    Check(
        "parent-event-unknown",
        WARNING,
        title=_("parentEventIDs that name no event of the archive."),
        message=_(
            "The parentEventID %(value)s names no event of the archive: GBIF indexes the "
            "dataset, but its event hierarchy will be incomplete there (the lineage stops at "
            "this event). Add the parent event, or correct the parentEventID."
        ),
        rule=_(
            "GBIF's pipelines raise no issue for an unknown parent; the lineage simply stops there."
        ),
    )
)
declare(
    Check(
        "parent-event-cycle",
        ERROR,
        title=_("parentEventID chains that loop back on themselves."),
        message=_("The parentEventID chain of event %(value)s loops back on itself."),
        rule=_(
            "GBIF's pipelines flag PARENT_EVENT_INFINITE_LINEAGE and drop the parent; the "
            "hierarchy cannot be built."
        ),
    )
)
declare(
    Check(
        "occurrence-id-vanished",
        WARNING,
        title=_("occurrenceIDs of the previous version that are gone."),
        message=_(
            "The occurrenceID %(value)s of the previous version is gone (%(count)s are); "
            "GBIF stops ingesting when more than half of the ids change."
        ),
        rule=_(
            # xgettext:no-python-format (a literal percent sign, never formatted)
            "GBIF's pipelines stop an ingestion when over 50 % of the occurrence ids do not "
            "match those already indexed."
        ),
    )
)
declare(
    Check(
        "occurrence-ids-vanished",
        WARNING,
        title=_("occurrenceIDs of the previous version that are gone."),
        message=_(
            "%(value)s occurrenceIDs of the previous version are gone; GBIF stops ingesting "
            "when more than half of the ids change."
        ),
        rule=_(
            # xgettext:no-python-format (a literal percent sign, never formatted)
            "GBIF's pipelines stop an ingestion when over 50 % of the occurrence ids do not "
            "match those already indexed. Counted only when the previous archive is gone."
        ),
    )
)
declare(
    Check(
        "records-dropped",
        WARNING,
        title=_("Fewer records than in the previous version."),
        message=_("%(value)s records fewer than in the previous version."),
        rule=_("GBIF deletes the records that are no longer in the dataset."),
    )
)
declare(
    Check(
        "empty-row-skipped",
        INFO,
        title=_("Rows with no values, left out."),
        message=_("This row has no values and was left out."),
        rule=_("An empty row carries no data for GBIF."),
    )
)
declare(
    Check(
        "value-sanitised",
        WARNING,
        title=_("Tabs and line breaks inside values, replaced by spaces."),
        message=_('A tab or line break in %(term)s "%(value)s" was replaced by a space.'),
        rule=_(
            "The archive's files are tab-separated with one row a line, as GBIF's reader expects."
        ),
    )
)
declare(
    Check(
        "date-converted",
        INFO,
        title=_("Dates written in the source's date format were converted to ISO 8601."),
        message=_("%(count)s %(term)s values were converted from %(format)s to ISO 8601."),
        rule=_(
            "The source's date format (a reading option) says how its dates are written; GBIF "
            "reads ISO 8601, so they are published that way."
        ),
    )
)
declare(
    Check(
        "event-conflict",
        ERROR,
        title=_("Rows of one derived event disagree on event-level values."),
        message=_(
            "This row of event %(value)s disagrees with the event's first row (line %(first)s) "
            "on %(terms)s."
        ),
        rule=_(
            "The mapping derives one event from the rows that share its key and is set to "
            "block on a conflict: decide which value is right, or key the events more finely."
        ),
    )
)
declare(
    Check(
        "event-conflict-kept",
        WARNING,
        title=_("Rows of one derived event disagree; the first row's values were kept."),
        message=_(
            "This row of event %(value)s disagrees with the event's first row (line %(first)s) "
            "on %(terms)s; the first row's values were published."
        ),
        rule=_(
            "The mapping derives one event from the rows that share its key and keeps the first "
            "row's values; the other values are not published."
        ),
    )
)
