"""The message: its model, WhatsApp's limits, validation, formatting, payload and drafts.

Plain Python with no Qt and no I/O beyond reading a file it is given; the command line,
the sandbox server and the window all use it the same way.
"""
