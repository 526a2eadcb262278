"""The import pipeline, pure Python (no Django): read a scheme's export files, map them with a
profile to canonical records, check them, and write a Common Social Prescribing Dataset package.

The live-scheme destination will take the same canonical records, so every check lives here
and not in the code that writes."""
