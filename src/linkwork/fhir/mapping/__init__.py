"""FHIR resources to and from linkwork's own terms. Pure: no Django, so every mapping can be
tested as plain data and reused outside a request (a summary sent over MESH)."""
