"""A call's scores (SPEC §5.2): review totals, means, spread, calibration and ranks."""
