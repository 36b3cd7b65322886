"""exports domain."""
