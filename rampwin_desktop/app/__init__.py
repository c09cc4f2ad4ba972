"""What a user does, for the window and the command line alike. No Qt.

``credentials`` decides which key, address and cookie a send uses; ``sending`` runs one
send from a checked message to a recorded result; ``profiles`` checks and changes
profiles; ``defaults`` fills a message in from its profile. The command line calls these
directly; the window calls them from its widgets and its send thread.
"""
