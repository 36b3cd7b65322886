"""The report queue: accepted case studies in report order, grouped into sections."""
