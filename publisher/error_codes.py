"""The installation's error codes: accounts, settings, organisations, the GBIF registry and
registration (the registry client ``publisher/registry/`` raises no code of its own;
``services/registry_calls.py`` names its failures). The mechanism is in
``core/error_codes.py``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.error_codes import ErrorCode

# --- the installation ---------------------------------------------------------------------------
SELFCHECK_STORAGE = ErrorCode(
    "selfcheck:storage", 400, _("DATA_DIR is not writable; the administrator must fix its rights.")
)
SETTINGS_UNKNOWN = ErrorCode("settings:unknown", 400, _("Unknown installation settings."))
SETTINGS_REGISTRY = ErrorCode("settings:registry", 400, _("Choose a registry."))
SETTINGS_REGISTRY_URL = ErrorCode(
    "settings:registry-url", 400, _("Give the custom registry's URL (http or https).")
)
SETTINGS_REGISTRY_LOCKED = ErrorCode(
    "settings:registry-locked",
    400,
    _("The installation is registered with its registry; it cannot move to another one."),
)
SETTINGS_BASE_URL = ErrorCode(
    "settings:base-url", 400, _("The base URL must start with http:// or https://.")
)
SETTINGS_PROXY = ErrorCode("settings:proxy", 400, _("Give the proxy as http://host:port."))

# --- accounts -----------------------------------------------------------------------------------
USER_PASSWORD = ErrorCode(
    "user:password", 400, _("The password is too weak; choose a longer, less common one.")
)
USER_EXISTS = ErrorCode("user:exists", 400, _("A user with this e-mail already exists."))
USER_LAST_ADMIN = ErrorCode(
    "user:last-admin", 400, _("This is the last active admin; make another user admin first.")
)
ACCOUNT_RATE_LIMIT = ErrorCode(
    "account:rate-limit", 429, _("Too many requests; try again in an hour.")
)
ACCOUNT_PASSWORD = ErrorCode("account:password", 400, _("The password is not correct."))
ACCOUNT_EMAIL_SAME = ErrorCode("account:email-same", 400, _("This is already your e-mail address."))
ACCOUNT_EMAIL_TAKEN = ErrorCode("account:email-taken", 400, _("Could not use this address."))
ACCOUNT_LINK_INVALID = ErrorCode(
    "account:link-invalid",
    400,
    _("This link is no longer valid; ask for a new one from your account page."),
)
USER_DELETE_SELF = ErrorCode("user:delete-self", 400, _("You cannot delete your own account."))
USER_SUCCESSOR = ErrorCode(
    "user:successor",
    400,
    _("Choose who takes over the resources that would have no manager left."),
)
USER_SUCCESSOR_INVALID = ErrorCode(
    "user:successor-invalid",
    400,
    _("The successor must be another active user with manager rights."),
)

# --- organisations ------------------------------------------------------------------------------
ORGANISATION_KEY = ErrorCode("organisation:key", 400, _("An organisation key is a UUID."))
ORGANISATION_TOKEN = ErrorCode(
    "organisation:token",
    400,
    _("The GBIF registry did not accept the organisation's token; give its current token."),
)
ORGANISATION_EXISTS = ErrorCode(
    "organisation:exists", 400, _("This organisation is already associated.")
)
ORGANISATION_IN_USE = ErrorCode(
    "organisation:in-use",
    400,
    _("Resources are published through this organisation; choose another one for them first."),
)
ORGANISATION_HOSTING = ErrorCode(
    "organisation:hosting", 400, _("This organisation hosts the installation.")
)

# --- calls to the GBIF registry -----------------------------------------------------------------
REGISTRY_NOT_AUTHORISED = ErrorCode(
    "registry:not-authorised",
    400,
    _("The GBIF registry did not accept the key and token; check the organisation's token."),
)
REGISTRY_BAD_REQUEST = ErrorCode(
    "registry:bad-request",
    400,
    _("The GBIF registry refused the request; check the contact, title and organisation."),
)
REGISTRY_REFUSED = ErrorCode("registry:refused", 400, _("The GBIF registry refused the request."))
REGISTRY_UNREACHABLE = ErrorCode(
    "registry:unreachable", 503, _("The GBIF registry could not be reached.")
)
REGISTRY_UNAVAILABLE = ErrorCode(
    "registry:unavailable", 503, _("The GBIF registry answered that it is unavailable.")
)
REGISTRY_OUTCOME_UNKNOWN = ErrorCode(
    "registry:outcome-unknown",
    409,
    _(
        "The registration may have been created in GBIF although no usable reply came back; "
        "check the registry and adopt it before registering again."
    ),
)
REGISTRY_BAD_RESPONSE = ErrorCode(
    "registry:bad-response", 503, _("The GBIF registry gave an unexpected answer.")
)
REGISTRY_TIMEOUT = ErrorCode(
    "registry:timeout",
    503,
    _("GBIF's registry did not answer in time; nothing was saved. Try again in a few minutes."),
)

# --- registering the installation ---------------------------------------------------------------
INSTALLATION_RUNNING = ErrorCode(
    "installation:running", 400, _("A registration of the installation is already under way.")
)
INSTALLATION_TITLE = ErrorCode(
    "installation:title", 400, _("Give the installation a title of at least 3 characters.")
)
INSTALLATION_CONTACT = ErrorCode("installation:contact", 400, _("Give a contact e-mail."))
INSTALLATION_REGISTERED = ErrorCode(
    "installation:registered", 400, _("The installation is already registered.")
)
INSTALLATION_PASSWORD = ErrorCode(
    "installation:password",
    400,
    _("Choose a password of at least 6 characters for the installation."),
)
INSTALLATION_NOT_REGISTERED = ErrorCode(
    "installation:not-registered", 400, _("Register the installation first.")
)

# --- registering resources ----------------------------------------------------------------------
REGISTRATION_FORBIDDEN = ErrorCode(
    "registration:forbidden",
    403,
    _("Only publishers (managers with registration rights) and admins may register."),
)
REGISTRATION_DEREGISTER_RIGHTS = ErrorCode(
    "registration:deregister-rights",
    400,
    _("Only managers with registration rights and admins may delete a registered resource."),
)
REGISTRATION_DEREGISTER_REFUSED = ErrorCode(
    "registration:deregister-refused",
    400,
    _(
        "The GBIF registry refused to delete the dataset (401) and still shows it: check the "
        "organisation's token, then retry the deregistration."
    ),
)
REGISTRATION_DEREGISTER_NOTHING = ErrorCode(
    "registration:deregister-nothing",
    400,
    _("No failed deregistration to retry for this resource."),
)
REGISTRATION_NOT_REGISTERED = ErrorCode(
    "registration:not-registered", 400, _("Register the resource with GBIF first.")
)
REGISTRATION_NETWORK_KEY = ErrorCode(
    "registration:network-key", 400, _("Give the key (a UUID) of one of the registry's networks.")
)
REGISTRATION_ORGANISATION = ErrorCode(
    "registration:organisation",
    400,
    _("Choose an associated organisation that may publish resources."),
)
REGISTRATION_REGISTERED = ErrorCode(
    "registration:registered", 400, _("The resource is already registered with GBIF.")
)
REGISTRATION_RUNNING = ErrorCode(
    "registration:running", 400, _("The registration is already under way.")
)
REGISTRATION_KEY_IN_USE = ErrorCode(
    "registration:key-in-use",
    400,
    _("The GBIF dataset is registered for another resource of this installation."),
)
REGISTRATION_OTHER_ORGANISATION = ErrorCode(
    "registration:other-organisation",
    400,
    _("The GBIF dataset named in the EML belongs to another organisation."),
)
REGISTRATION_NOT_PUBLISHED = ErrorCode(
    "registration:not-published", 400, _("Publish the resource first.")
)
REGISTRATION_NOT_PUBLIC = ErrorCode(
    "registration:not-public", 400, _("Make the resource and its last version public first.")
)
REGISTRATION_LICENCE = ErrorCode(
    "registration:licence",
    400,
    _("The last version needs a licence GBIF supports: CC0 1.0, CC-BY 4.0 or CC-BY-NC 4.0."),
)
REGISTRATION_CONTACT_EMAIL = ErrorCode(
    "registration:contact-email",
    400,
    _("The contact's e-mail address is one GBIF's registry refuses; correct it and publish."),
)
REGISTRATION_NOT_FOUND = ErrorCode(
    "registration:not-found",
    404,
    _("GBIF has no registration with this installation's addresses; register again."),
)
REGISTRATION_INSTALLATION = ErrorCode(
    "registration:installation", 400, _("Register the installation first.")
)

# --- DOIs through DataCite (issue #23) ------------------------------------------------------------
DOI_FORBIDDEN = ErrorCode(
    "doi:forbidden",
    403,
    _("Only publishers (managers with registration rights) and admins may manage DOIs."),
)
DOI_NO_ACCOUNT = ErrorCode(
    "doi:no-account",
    400,
    _("No DataCite account is active; an administrator must set one up under Organisations."),
)
DOI_ACCOUNT = ErrorCode(
    "doi:account", 400, _("Give the DataCite repository ID, its password and a DOI prefix.")
)
DOI_ARCHIVAL = ErrorCode(
    "doi:archival",
    400,
    _("DOIs need the archival mode that keeps the archives of all versions."),
)
DOI_RESERVED = ErrorCode("doi:reserved", 409, _("A DOI is already reserved for this resource."))
DOI_RUNNING = ErrorCode("doi:running", 409, _("A DOI operation is already under way."))
DOI_NONE = ErrorCode("doi:none", 404, _("The resource has no reserved DOI."))
DOI_INVALID = ErrorCode(
    "doi:invalid", 400, _("Give a DOI under the DataCite account's prefix, such as 10.x/abc.")
)
DOI_TAKEN = ErrorCode("doi:taken", 409, _("This DOI belongs to another resource."))
DOI_METADATA = ErrorCode(
    "doi:metadata", 400, _("The metadata cannot make a valid DataCite record; complete it.")
)
DOI_REFUSED = ErrorCode("doi:refused", 400, _("DataCite refused the request."))
DOI_NOT_AUTHORISED = ErrorCode(
    "doi:not-authorised",
    400,
    _("DataCite did not accept the repository ID and password, or the prefix is not theirs."),
)
DOI_UNREACHABLE = ErrorCode("doi:unreachable", 503, _("DataCite could not be reached."))
DOI_BAD_RESPONSE = ErrorCode("doi:bad-response", 503, _("DataCite gave an unexpected answer."))
