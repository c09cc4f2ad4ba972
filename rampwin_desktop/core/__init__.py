"""The Qt-free heart of the app: what a valid interactive button message is.

Nothing in this package imports Qt; the command line, the sandbox server and the
window all use it the same way.
"""
