"""Evaluation of coach itself: grader calibration against expert labels."""
