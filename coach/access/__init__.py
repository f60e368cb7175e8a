"""Who may use the app: accounts and roles, sign-in sessions, password rules, sign-in flood limits, and the
`coach users` command that manages accounts.

Both pages sign in through it (the trainee page as well as the trainer's), so it sits beside the core
rather than among the trainer's features; nothing in the core imports it.
"""
