"""The checks the DwC-DP package makes, declared like the archive's.

They are warnings for the archive, which publishes as it would without the package. A missing
key, a missing reference and a frictionless finding stop the data package, which is then not
stored (their messages say so); a value a table schema refuses is left out of the package, and
an event's missing parent unlinked."""

from __future__ import annotations

from resources.quality.declarations import INFO, WARNING, Check, declare, gettext_noop

_ = gettext_noop

declare(
    Check(
        "dwcdp-key-missing",
        WARNING,
        title=_("Rows the data package cannot identify."),
        message=_(
            "This row has no %(term)s, which the %(table)s table of the data package needs: the "
            "data package was not published (the archive was)."
        ),
        rule=_("Every DwC-DP table row is identified by its primary key (DwC-DP guide 3.3)."),
    )
)
declare(
    Check(
        "dwcdp-reference-missing",
        WARNING,
        title=_("Rows of the data package that point to a row it lacks."),
        message=_(
            "The %(table)s row points to %(value)s, which the %(target)s table does not hold: "
            "the data package was not published (the archive was)."
        ),
        rule=_("Every foreign key of a DwC-DP table must name a row of the table it references."),
    )
)
declare(
    Check(
        "dwcdp-value-invalid",
        WARNING,
        title=_("Values the data package's table schemas refuse."),
        message=_(
            "The value %(value)s of %(term)s does not fit the %(table)s table of the data "
            "package (%(rule)s): the data package leaves it out (the archive keeps it)."
        ),
        rule=_("DwC-DP table schemas give some fields a type and bounds (DwC-DP guide 3.4)."),
    )
)
declare(
    Check(
        "dwcdp-invalid",
        WARNING,
        title=_("The data package did not validate."),
        message=_(
            "frictionless found in the data package: %(value)s. The data package was not "
            "published (the archive was)."
        ),
        rule=_("A DwC-DP must follow the DwC-DP profile and the Data Package specification."),
    )
)
declare(
    Check(
        "dwcdp-parent-left-out",
        WARNING,
        title=_("Events whose parent the data package leaves out."),
        message=_(
            "%(value)s events name a parent event the data does not hold: in the data package "
            "they have no parent."
        ),
        rule=_(
            "A DwC-DP foreign key must name a row of its table; GBIF's index leaves the link out."
        ),
    )
)
declare(
    Check(
        "dwcdp-id-repeated",
        WARNING,
        title=_("Identifiers the data package cannot keep."),
        message=_(
            "%(value)s rows share their %(term)s with another row; the table schema wants it "
            "unique: the data package leaves these values out (the archive keeps them)."
        ),
        rule=_("DwC-DP table schemas make some identifiers unique (DwC-DP guide 3.4)."),
    )
)
declare(
    Check(
        "dwcdp-terms-left-out",
        INFO,
        title=_("Terms the data package has no field for."),
        message=_(
            "These terms of %(value)s have no field in the data package's tables and are only "
            "in the archive: %(terms)s."
        ),
        rule=_("DwC-DP tables hold the terms of the Darwin Core Conceptual Model only."),
    )
)
