"""The single source of truth: tables, columns, vocabularies, the metric catalog, template label maps."""
