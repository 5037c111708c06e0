"""Pages of the metadata editor: sections, import and download of EML, small helpers."""
