"""The trainer's features: reviewing sessions, the cohort view, exports and calibration labels.

Above the core (it reads the store and the models) and below the UI: nothing in the core imports it.
"""
