"""editorial domain."""
