"""coach: a roleplay coach for verbal de-escalation on inpatient mental-health wards."""

__version__ = "0.1.0"
