"""Channel adapters: each knows one channel's details, and nothing else does."""
