"""Open Referral UK 3.0 as pure Python: no Django here.

The tables of the standard (`tables`), how values are written in it (`values`), its JSON
Schemas (`schemas`), one adapter per source format into canonical rows (`read_json`,
`read_csv`), merging and checking those rows (`resolve`), and the writers back to the
standard's nested JSON and tabular CSV (`nest`, `write_csv`). The Django side maps canonical
rows to models and back; everything that can be decided without a database is decided here.
"""
