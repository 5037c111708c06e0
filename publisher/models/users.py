"""Users log in by e-mail and hold one of the IPT's four roles."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.choices import TextChoices


class Role(TextChoices):
    """The IPT's roles, from least to most rights."""

    USER = "user", _("User")
    MANAGER = "manager", _("Manager without registration rights")
    PUBLISHER = "publisher", _("Manager with registration rights")
    ADMIN = "admin", _("Admin")


class UserManager(BaseUserManager["User"]):
    """Creates users with a normalised (lower-cased) e-mail as the login."""

    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=normalise_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra) -> User:
        extra.update(role=Role.ADMIN, is_superuser=True)
        return self.create_user(email, password, **extra)

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email__iexact=normalise_email(username or ""))


def normalise_email(email: str) -> str:
    """E-mail logins are compared case-insensitively, so they are stored lower-cased."""
    return email.strip().lower()


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in; what they may do follows from ``role``.

    ``is_superuser`` mirrors the Admin role (kept in step by the user services) so that the
    Django admin site and ``has_perm`` agree with the role checks.
    """

    email = models.EmailField(_("e-mail"), unique=True)
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.USER)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    # A code of settings.LANGUAGES (checked by the user services, not by choices here, so
    # that adding a language needs no migration); "" lets the browser choose.
    language = models.CharField(_("language"), max_length=16, blank=True, default="")
    # Notification e-mails, one switch per kind (publisher.services.notifications): a
    # manager may want no mail for each publication and still hear of registration problems.
    notify_publications = models.BooleanField(
        _("E-mail me when a publication of my resources succeeds or fails"), default=True
    )
    notify_problems = models.BooleanField(
        _("E-mail me when a GBIF registration or a DOI update fails"), default=True
    )
    notify_digest = models.BooleanField(
        _("E-mail me a weekly digest of the failed jobs (admins)"), default=True
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        ordering = ["email"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name or self.email

    @property
    def is_staff(self) -> bool:
        """Admins may use Django's admin site; nobody else may."""
        return self.is_active and self.role == Role.ADMIN

    @property
    def is_admin(self) -> bool:
        return self.is_active and self.role == Role.ADMIN

    @property
    def has_manager_rights(self) -> bool:
        """Managers, publishers and admins may create and manage resources."""
        return self.is_active and self.role != Role.USER

    @property
    def has_registration_rights(self) -> bool:
        """Publishers and admins may register resources with GBIF."""
        return self.is_active and self.role in (Role.PUBLISHER, Role.ADMIN)
