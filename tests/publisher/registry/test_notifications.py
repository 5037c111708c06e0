"""A registration that failed after its last attempt is e-mailed to the publishers."""

from __future__ import annotations

from django.core import mail

from core.models import Job
from core.notifications import NOTIFY
from publisher.models import Role
from publisher.services.registration import dataset_register_start
from tests.factories import UserFactory
from tests.notifications import send_notifications

from .conftest import BASE_URL, run


def test_a_refused_registration_is_mailed_to_the_publishers(
    resource, publisher, registry, organisation
):
    resource.managers.add(UserFactory(role=Role.MANAGER, email="no-rights@example.org"))
    send_notifications()  # the publication's own e-mail
    mail.outbox.clear()
    registry.organisations[str(organisation.key)]["token"] = "rotated"
    job = run(dataset_register_start(resource=resource, user=publisher))
    assert job.status == "failed"
    send_notifications()
    (message,) = mail.outbox
    assert message.to == ["publisher@example.org"]  # a manager without registration rights: no
    assert message.subject == "Failed: Registering with GBIF (Pond survey)"
    assert job.localized_error() in message.body
    assert f"{BASE_URL}/jobs/{job.pk}/" in message.body
    assert message.alternatives[0][1] == "text/html"


def test_a_publisher_who_switched_problem_mails_off_gets_none(
    resource, publisher, registry, organisation
):
    publisher.notify_problems = False
    publisher.save(update_fields=["notify_problems"])
    Job.objects.filter(kind=NOTIFY).delete()
    registry.organisations[str(organisation.key)]["token"] = "rotated"
    assert run(dataset_register_start(resource=resource, user=publisher)).status == "failed"
    assert not Job.objects.filter(kind=NOTIFY).exists()
