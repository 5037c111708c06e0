"""factory_boy factories for the models tests need."""

import factory

from core.models import Job
from publisher.models import Role, User
from resources.models import Resource

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"User{n}")
    role = Role.USER
    is_superuser = factory.LazyAttribute(lambda u: u.role == Role.ADMIN)
    password = factory.django.Password(PASSWORD)


class ResourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resource
        skip_postgeneration_save = True

    shortname = factory.Sequence(lambda n: f"resource-{n}")
    title = factory.Sequence(lambda n: f"Resource {n}")
    creator = factory.SubFactory(UserFactory, role=Role.MANAGER)


class JobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Job

    kind = "selfcheck"
    created_by = factory.SubFactory(UserFactory, role=Role.ADMIN)


def api_token(user: User) -> str:
    """A new API token of ``user``, as a script gets it (only its hash is stored)."""
    from publisher.services.users import token_create

    return token_create(user=user)[1]
