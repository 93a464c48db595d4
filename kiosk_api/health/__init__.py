"""Whether each part of the system is up."""
