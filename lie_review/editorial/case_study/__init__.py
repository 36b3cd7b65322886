"""The editor's page of one case study: text, reviews, aggregate, assignments and decision."""
