"""case studies domain."""
