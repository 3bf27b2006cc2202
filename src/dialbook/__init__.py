"""dialbook: a contact directory for contact centres,
wire-compatible with DeepCall's Directory API v2.
"""

__version__ = "0.1.0"
