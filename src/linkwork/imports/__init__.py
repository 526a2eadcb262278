"""Importing schemes' existing records: mapping profiles as data, validation before writing,
and an offline Common Social Prescribing Dataset package (see docs/import.md)."""
