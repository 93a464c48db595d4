"""Developer tools run from the Makefile in the main virtualenv: starting the system, managing catalogs."""
