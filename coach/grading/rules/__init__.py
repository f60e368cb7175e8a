"""The offline grader's rules: text normalising, phrase tables, reading a turn, scoring, suggestions."""
