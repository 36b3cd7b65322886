"""The call dashboard: every case study with its progress, scores and decision."""
