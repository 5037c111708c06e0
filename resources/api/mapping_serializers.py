"""Shapes of the mapping endpoints: requests are checked field by field before the mapping
services see them; responses describe what the services return."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from resources.mapping.model import FILTER_OPS

_TEXT = {"required": False, "allow_null": True, "allow_blank": True}


class FieldRuleSerializer(serializers.Serializer):
    """How one term gets its value: from a ``column``, a ``constant`` or a ``template`` such
    as ``{eventID}:{scientificName}``; ``default`` replaces an empty result; ``translations``
    map source values to the values written."""

    term = serializers.CharField(help_text="Qualified name of a term of the extension")
    column = serializers.CharField(**_TEXT)
    constant = serializers.CharField(**_TEXT)
    default = serializers.CharField(**_TEXT)
    template = serializers.CharField(**_TEXT)
    translations = serializers.DictField(
        child=serializers.CharField(allow_blank=True), required=False
    )


@extend_schema_field(
    {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}
)
class TextOrTextsField(serializers.Field):
    """A text, or a list of texts (the ``in`` filter)."""

    default_error_messages = {"invalid": _("Give a text or a list of texts.")}

    def to_internal_value(self, data):
        if isinstance(data, str):
            return data
        if isinstance(data, list) and all(isinstance(item, str) for item in data):
            return data
        self.fail("invalid")

    def to_representation(self, value):
        return value


class FilterSerializer(serializers.Serializer):
    """A condition every mapped row must meet (all filters hold). With ``after_translation``
    the ``column`` names a term and its output value is tested."""

    column = serializers.CharField()
    op = serializers.ChoiceField(FILTER_OPS)
    value = TextOrTextsField(required=False, default="")
    after_translation = serializers.BooleanField(required=False, default=False)


class AutomapRequest(serializers.Serializer):
    source = serializers.CharField(help_text="Name of the source")
    row_type = serializers.CharField(help_text="Row type of an installed extension")


class DerivedIds(serializers.Serializer):
    """How a mapping makes its ids: a template over columns, and events derived from a flat
    source (one row per distinct id)."""

    id_template = serializers.CharField(
        **_TEXT, help_text="The id composed from columns, e.g. {site}:{date} (instead of id_column)"
    )
    derive_events = serializers.BooleanField(
        required=False,
        default=False,
        help_text="One row per distinct id: events derived from a flat source",
    )
    on_conflict = serializers.ChoiceField(
        choices=["first", "block"],
        required=False,
        default="first",
        help_text="Rows of one id that disagree: keep the first row's values, or block",
    )


class DefinitionRequest(DerivedIds):
    """A mapping's id column, field rules and filters, replaced as a whole."""

    id_column = serializers.CharField(**_TEXT)
    fields = FieldRuleSerializer(many=True)
    filters = FilterSerializer(many=True, required=False, default=list)


class MappingRequest(AutomapRequest, DerivedIds):
    """A new mapping of a source to an extension: auto-mapped unless ``fields`` is given."""

    id_column = serializers.CharField(**_TEXT)
    fields = FieldRuleSerializer(many=True, required=False)
    filters = FilterSerializer(many=True, required=False)


class TranslationRequest(serializers.Serializer):
    translations = serializers.DictField(child=serializers.CharField(allow_blank=True))


class TemplateRequest(serializers.Serializer):
    resource = serializers.CharField(help_text="Short name of the resource whose mappings to save")
    name = serializers.CharField(max_length=200)


class ApplyRequest(serializers.Serializer):
    resource = serializers.CharField(help_text="Short name of the resource to map")
    sources = serializers.DictField(
        child=serializers.CharField(),
        required=False,
        default=dict,
        help_text="Source names of the template mapped to this resource's source names",
    )


# --- responses -------------------------------------------------------------------------------


class MappingSerializer(serializers.Serializer):
    """A mapping of one source to one extension."""

    id = serializers.IntegerField()
    row_type = serializers.CharField()
    extension = serializers.CharField(help_text="Title of the extension")
    source = serializers.CharField(allow_null=True)
    position = serializers.IntegerField()
    id_column = serializers.CharField(allow_null=True)
    id_template = serializers.CharField(required=False)
    derive_events = serializers.BooleanField(required=False)
    on_conflict = serializers.CharField(required=False)
    fields = FieldRuleSerializer(many=True)
    filters = FilterSerializer(many=True)


class AutomapSerializer(serializers.Serializer):
    """What auto-mapping proposes (nothing saved): per column the term it maps to, and the
    columns left unmapped."""

    id_column = serializers.CharField(allow_null=True)
    fields = FieldRuleSerializer(many=True)
    filters = FilterSerializer(many=True)
    mapped = serializers.DictField(child=serializers.CharField())
    unmapped = serializers.ListField(child=serializers.CharField())


class OutputRowSerializer(serializers.Serializer):
    line = serializers.IntegerField(help_text="Line of the source")
    id = serializers.CharField(allow_null=True, allow_blank=True)
    values = serializers.ListField(
        child=serializers.CharField(allow_blank=True),
        help_text="One value per term, in the order of terms",
    )


class MappingPreviewSerializer(serializers.Serializer):
    terms = serializers.ListField(child=serializers.CharField())
    rows = OutputRowSerializer(many=True)


class ArchivePreviewSerializer(MappingPreviewSerializer):
    row_type = serializers.CharField()


class VocabularyProblemSerializer(serializers.Serializer):
    values = serializers.ListField(child=serializers.CharField(allow_blank=True))
    suggested = serializers.DictField(child=serializers.CharField(allow_blank=True))


class GbifNoteSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()


class CheckScopeSerializer(serializers.Serializer):
    """Which rows were checked."""

    all_rows = serializers.BooleanField(
        help_text="True when every row was checked; false when the source has more than "
        "100 000 rows and only its first 100 000 were"
    )
    rows_checked = serializers.IntegerField()
    source_rows = serializers.IntegerField(
        allow_null=True, help_text="Rows in the source, when known"
    )


class CheckExampleSerializer(serializers.Serializer):
    value = serializers.CharField(allow_blank=True, help_text="The value as it would be written")
    line = serializers.IntegerField(help_text="Its line in the source")
    suggestion = serializers.CharField(
        allow_null=True,
        allow_blank=True,
        help_text='The value to translate it to ("" for empty), or null when there is none',
    )


class TermCheckSerializer(serializers.Serializer):
    """One check that flagged values of a term."""

    check = serializers.CharField(help_text="Stable check code, as in the publication report")
    severity = serializers.ChoiceField(choices=["error", "warning"])
    message = serializers.CharField(help_text="The message of the first flagged value")
    count = serializers.IntegerField(help_text="Flagged rows among the rows checked")
    examples = CheckExampleSerializer(many=True, help_text="Up to 5 distinct values")
    translations = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        help_text="Suggested value translations (source value -> value to publish); merge "
        "them into the term's translations and PUT …/translations (which replaces them)",
    )


class FileCheckSerializer(serializers.Serializer):
    """A problem of the mapped file as a whole (an unmapped required term, …)."""

    check = serializers.CharField()
    severity = serializers.ChoiceField(choices=["error", "warning"])
    term = serializers.CharField(allow_blank=True)
    message = serializers.CharField()


class ChecksSerializer(serializers.Serializer):
    """What breaks a rule in the mapped values, by the checks publication runs."""

    scope = CheckScopeSerializer()
    terms = serializers.DictField(
        child=TermCheckSerializer(many=True),
        help_text='Per term URI ("" for a check on the row as a whole), the checks that '
        "flagged values, errors first, then by count",
    )
    file_checks = FileCheckSerializer(many=True)
    required_unmapped = serializers.ListField(child=serializers.CharField())
    vocabulary_problems = serializers.DictField(child=VocabularyProblemSerializer())
    gbif = GbifNoteSerializer(many=True)


@extend_schema_field(
    {
        "type": "array",
        "minItems": 2,
        "maxItems": 2,
        "items": {"oneOf": [{"type": "string"}, {"type": "integer"}]},
        "description": "A source value and how many rows have it",
    }
)
class ValueCountField(serializers.ListField):
    pass


class TranslationValuesSerializer(serializers.Serializer):
    """Distinct values of the term's column, its translations, and the vocabulary's
    suggestions for values it does not know."""

    term = serializers.CharField()
    column = serializers.CharField()
    values = serializers.ListField(child=ValueCountField())
    translations = serializers.DictField(child=serializers.CharField(allow_blank=True))
    suggested = serializers.DictField(child=serializers.CharField())
    unmatched = serializers.ListField(child=serializers.CharField())
    vocabulary = serializers.IntegerField(allow_null=True, help_text="Id of the vocabulary")


class TranslationsSerializer(serializers.Serializer):
    term = serializers.CharField()
    translations = serializers.DictField(child=serializers.CharField(allow_blank=True))


class TemplateSerializer(serializers.Serializer):
    """A named copy of a resource's mappings."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    mappings = serializers.ListField(child=serializers.DictField())
