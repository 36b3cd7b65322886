"""Work done outside the request: mail and long jobs, queued with the change that causes them, run by workers."""
