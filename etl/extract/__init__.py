"""Pure functions from a Document to an Extraction. No I/O here."""
