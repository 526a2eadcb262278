from django.apps import AppConfig


class FhirConfig(AppConfig):
    name = "linkwork.fhir"
    label = "fhir"
    verbose_name = "FHIR R4 interface"

    def ready(self) -> None:
        from linkwork.fhir.documents import summary_fhir_document
        from linkwork.messaging.documents import extra_documents

        # Each end-of-episode summary sent to the practice by MESH carries its FHIR document.
        extra_documents.register(summary_fhir_document)
