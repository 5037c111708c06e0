"""EML metadata models arrive with the metadata issue; the app exists so others can depend on it."""
