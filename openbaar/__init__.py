"""What the public sees, and the only code that knows what "public" means.

Every public surface (the website in publiek/, the API, the annex downloads, exports, feeds, the follow
digests) reads through this package: the texts of each round's latest publication
(rapportage.models.GepubliceerdeTekst), the rounds that were ever published, and the evidence and
target-date changes that were published with a round or entered outside one. A round under correction
keeps showing its last publication here until the correction is published.
"""
