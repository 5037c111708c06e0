"""`manage.py doi reserve|delete|status <shortname>`: a resource's DOIs (issue #23)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from core.cli import add_job_arguments, job_body
from publisher.selectors_dois import doi_status
from publisher.services.dois import doi_delete_start, doi_reserve_start
from resources.cli import ResourceCommand


class Command(ResourceCommand):
    help = (
        "The DOIs of a resource, through the installation's DataCite account. status: the "
        "current DOI, the reserved one and every DOI with the versions it covers. reserve: "
        "reserve a DOI (--doi: one you already have under the account's prefix; else a new "
        "one); the next public publication registers it as the next major version. delete: "
        "delete the reserved DOI (a registered DOI is never deleted). Reserving and deleting "
        "are DataCite jobs and need registration rights (Publisher role or admin). "
        'JSON: {"ok": true, "job": {...}, "doi": {...}} (status: {"ok": true, "doi": {...}}).'
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=("status", "reserve", "delete"))
        parser.add_argument("shortname")
        parser.add_argument(
            "--doi",
            default="",
            metavar="DOI",
            help="reserve: a DOI you already have under the account's prefix (10.x/abc).",
        )
        add_job_arguments(parser)

    def run(self, *, action, shortname, doi, inline, no_wait, **_options) -> dict:
        resource = self.managed_resource(shortname)
        found = {}
        if action != "status":
            if action == "reserve":
                job = doi_reserve_start(
                    resource=resource, user=self.user, doi=doi, enqueue=not inline
                )
            else:
                job = doi_delete_start(resource=resource, user=self.user, enqueue=not inline)
            found["job"] = job_body(self.run_job(job, inline=inline, wait=not no_wait))
        status = doi_status(resource=resource, user=self.user)
        last = status.pop("last_job")
        return {**found, "doi": {**status, "last_job": job_body(last) if last else None}}

    def report(self, result: dict) -> None:
        if "job" in result:
            job = result["job"]
            self.say(
                _("DOI job %(id)s: %(status)s") % {"id": job["id"], "status": job["status"]},
                success=job["status"] == "succeeded",
            )
        for line in status_lines(result["doi"]):
            self.say(line)


def status_lines(state: dict) -> list[str]:
    """The DOI state as lines for people."""
    lines = [_("Current DOI: %(doi)s") % {"doi": state["current"] or _("none")}]
    if state["reserved"]:
        row = next(r for r in state["dois"] if r["doi"] == state["reserved"])
        lines.append(
            _("Reserved DOI: %(doi)s (%(status)s)") % {"doi": row["doi"], "status": row["status"]}
        )
        if state["next_version"]:
            lines.append(
                _("The next public publication registers it as version %(version)s.")
                % {"version": state["next_version"]}
            )
    for row in state["dois"]:
        if row["versions"]:
            lines.append(
                _("%(url)s: versions %(versions)s")
                % {"url": row["url"], "versions": ", ".join(row["versions"])}
            )
    if not state["prefix"]:
        lines.append(_("No DataCite account is active on this installation."))
    elif state["refusal"]:
        lines.append(state["refusal"])
    return lines
