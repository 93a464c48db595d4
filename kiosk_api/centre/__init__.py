"""The centre itself: when it is staffed."""
