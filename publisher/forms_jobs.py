"""The jobs page's filters: kind, status, resource and who started the job."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.jobs import kinds
from core.models import JobStatus
from publisher.models import User
from publisher.templatetags.job_tags import kind_name

ANY = [("", _("Any"))]


class JobFilterForm(forms.Form):
    """GET filters; each choice lists only what the user may see (their resources, the
    people who started jobs they see)."""

    kind = forms.ChoiceField(label=_("Kind"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    resource = forms.ChoiceField(label=_("Resource"), required=False)
    user = forms.ChoiceField(label=_("Started by"), required=False)

    def __init__(self, data, *, resources, starters):
        super().__init__(data)
        names = sorted((kind_name(name), name) for name in kinds())
        self.fields["kind"].choices = ANY + [(name, label) for label, name in names]
        self.fields["status"].choices = ANY + list(JobStatus.choices)
        self.fields["resource"].choices = ANY + [
            (r.shortname, r.title or r.shortname) for r in resources
        ]
        self.fields["user"].choices = ANY + [(str(u.pk), u.email) for u in starters]

    def filters(self) -> dict:
        """The chosen filters (an invalid choice is left out)."""
        self.is_valid()  # cleaned_data then holds the valid fields only
        return {name: self.cleaned_data.get(name, "") for name in self.fields}


def starters_of(jobs) -> list[User]:
    """The people who started any of ``jobs``, by e-mail."""
    return list(User.objects.filter(pk__in=jobs.values("created_by")).order_by("email"))
