"""The HTTP layer: the ASGI application, body reading and the envelope."""
