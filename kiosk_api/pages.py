"""What the hub's own pages (the kiosk, the staff console) share: serving the files of their static folder."""

from __future__ import annotations

from pathlib import Path

from fastapi.responses import FileResponse

from kiosk_api.errors import ApiError


def static_file(directory: Path, name: str, cache_control: str) -> FileResponse:
    """A file of a page's static folder, and never one outside it."""
    if "\x00" in name:  # a path with a NUL cannot name a file (and Path.resolve refuses it)
        raise ApiError(404, "not_found", "No such file.")
    path = (directory / name).resolve()
    if path.parent != directory or not path.is_file():
        raise ApiError(404, "not_found", "No such file.")
    return FileResponse(path, headers={"Cache-Control": cache_control})
