from django.urls import path

from . import views as bijlage

app_name = "bijlage"

urlpatterns = [
    path("rapportages/<int:pk>/bijlage.pdf", bijlage.bijlage_pdf, name="pdf"),
    path("rapportages/<int:pk>/bijlage.docx", bijlage.bijlage_docx, name="docx"),
    path("rapportages/<int:pk>/bijlage/", bijlage.bijlage_html, name="html"),
    path("rapportages/<int:pk>/concept.pdf", bijlage.concept_pdf, name="concept_pdf"),
    path("rapportages/<int:pk>/concept.docx", bijlage.concept_docx, name="concept_docx"),
    path("rapportages/<int:pk>/versies/<int:versie>/bijlage.pdf", bijlage.versie_pdf, name="versie_pdf"),
    path("rapportages/<int:pk>/versies/<int:versie>/bijlage.docx", bijlage.versie_docx, name="versie_docx"),
    path("rapportages/<int:pk>/wijzigingen.pdf", bijlage.wijzigingen_pdf, name="wijzigingen"),
    path("rapportages/<int:pk>/wijzigingen.docx", bijlage.wijzigingen_docx, name="wijzigingen_docx"),
    path("rapportages/<int:pk>/wijzigingen/", bijlage.wijzigingen_html, name="wijzigingen_html"),
    path("acties/lijst.pdf", bijlage.lijst_pdf, name="lijst"),
]
