"""Auto-mapping the data files of the real event archives maps every Darwin Core column."""

from __future__ import annotations

from catalogue.definitions.builtin import builtin_extensions
from resources.mapping import automap
from tests.conftest import TEST_DATA
from tests.resources.mapping.archives import archive_folders, data_files, table

EVENTS = TEST_DATA / "datasets" / "event"


def matching_extension(row_type):
    """The built-in extension of a row type; by local name when the namespace differs (an
    archive uses rs.obis.org where the extension says rs.iobis.org)."""
    extensions = [e for e, _ in builtin_extensions().values()]
    exact = [e for e in extensions if e.row_type == row_type]
    local = [e for e in extensions if e.row_type.rsplit("/", 1)[-1] == row_type.rsplit("/", 1)[-1]]
    return (exact or local or [None])[0]


def test_every_column_named_as_a_term_is_mapped_in_every_event_archive(tmp_path):
    checked, missed = 0, []
    for folder in archive_folders(EVENTS, tmp_path):
        for data in data_files(folder):
            extension = matching_extension(data.row_type)
            assert extension is not None, data.row_type
            columns = table(data.path).columns
            found = automap(columns, extension, core_row_type=data.core_row_type)
            names = {p.name: p for p in extension.properties}
            for column in columns:
                if column in names:
                    checked += 1
                    if found.mapped.get(column) != names[column].qual_name:
                        missed.append((data.path.name, column, found.mapped.get(column)))
    assert missed == []
    assert checked > 250


def test_id_column_of_the_event_archives_is_event_id_when_present(tmp_path):
    for folder in archive_folders(EVENTS, tmp_path):
        for data in data_files(folder):
            columns = table(data.path).columns
            extension = matching_extension(data.row_type)
            found = automap(columns, extension, core_row_type=data.core_row_type)
            if "eventID" in columns:
                assert found.id_column == "eventID", data.path
