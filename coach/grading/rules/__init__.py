"""The offline grader's rules: normalising text, phrase tables, and reading a turn into what they find."""
