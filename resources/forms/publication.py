"""Forms of the publication pages; they parse input, the services do the work."""

from __future__ import annotations

from django import forms
from django.utils.dates import MONTHS as MONTH_NAMES
from django.utils.dates import WEEKDAYS as WEEKDAY_NAMES
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from resources.models import PublicationSettings
from resources.services.publication.schedule import EDITABLE

# Django's own day and month names (its msgids): a label of this project with the same msgid
# would override Django's translation inside dates too ("6 Décembre 2026" in French).
WEEKDAYS = list(WEEKDAY_NAMES.items())
MONTHS = list(MONTH_NAMES.items())


class PublishForm(forms.Form):
    """What the Publish button asks for. With ``warnings`` (the warned rows of the latest
    validation or publication) the publisher must confirm having read them."""

    change_summary = forms.CharField(
        label=_("What changed in this version?"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("The change summary is too long.")},
    )
    drop_orphans = forms.BooleanField(
        label=_("Leave out extension rows whose core record does not exist"), required=False
    )

    def __init__(self, *args, warnings: int = 0, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if warnings:
            self.fields["warnings_read"] = forms.BooleanField(
                label=ngettext(
                    "I have read the %(n)d warning",
                    "I have read the %(n)d warnings",
                    warnings,
                )
                % {"n": warnings},
                required=True,
                error_messages={"required": _("Confirm that you have read the warnings.")},
            )

    def publish_options(self) -> dict:
        """The cleaned data the publication service takes."""
        return {k: v for k, v in self.cleaned_data.items() if k != "warnings_read"}


class ValidateForm(forms.Form):
    """What the Validate button asks for: the publication option that changes the checks."""

    drop_orphans = forms.BooleanField(
        label=_("Leave out extension rows whose core record does not exist"), required=False
    )


class PublicationSettingsForm(forms.ModelForm):
    """Archival mode and auto-publishing (times in the server time zone)."""

    month = forms.TypedChoiceField(
        label=_("Month"),
        choices=MONTHS,
        coerce=int,
        help_text=_("Twice a year: this month and six months later."),
    )
    weekday = forms.TypedChoiceField(label=_("Day of the week"), choices=WEEKDAYS, coerce=int)
    day = forms.IntegerField(
        label=_("Day of the month"),
        min_value=1,
        max_value=31,
        help_text=_("The last day in shorter months."),
    )
    time = forms.TimeField(
        label=pgettext_lazy("time of day", "Time"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    max_drop_percent = forms.IntegerField(
        label=_("Fail if the records drop by more than (%)"), min_value=0, max_value=100
    )
    archival_limit = forms.IntegerField(
        label=_("Archives kept"),
        min_value=1,
        max_value=1000,
        help_text=_('With "keep the archives of the newest versions".'),
    )

    class Meta:
        model = PublicationSettings
        fields = list(EDITABLE)  # the settings the service lets anyone change
        widgets = {"notify_emails": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "notify_emails": _("One address per line; the managers are always told."),
            "datapackage": _(
                "Publish the data also as a Darwin Core Data Package (DwC-DP 1.0) beside the "
                "archive. Only sampling-event resources (an Event core) get one."
            ),
        }


class VersionSummaryForm(forms.Form):
    """The change summary of a published version, edited afterwards."""

    change_summary = forms.CharField(
        label=_("Change summary"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class VersionDeleteForm(forms.Form):
    """Why a published version is deleted (kept with its tombstone)."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        help_text=_("Kept in the version history, e.g. which data leaked."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
