"""Assigning reviewers to case studies, by hand or automatically (SPEC §5.1), and telling them."""
