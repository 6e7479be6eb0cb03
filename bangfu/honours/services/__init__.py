"""Writes of the honours app: one function per act, each taking its input and recording its audit event."""
