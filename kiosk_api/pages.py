"""What the hub's own pages (the kiosk, the phone page, the staff console) share: serving the files of a static
folder, and the scripts and the icon all of them use (kiosk_api/static, at /static/)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

from kiosk_api.errors import ApiError

SHARED_DIR = Path(__file__).resolve().parent / "static"
router = APIRouter()


def static_file(directory: Path, name: str, cache_control: str) -> FileResponse:
    """A file of a page's static folder, and never one outside it."""
    if "\x00" in name:  # a path with a NUL cannot name a file (and Path.resolve refuses it)
        raise ApiError(404, "not_found", "No such file.")
    path = (directory / name).resolve()
    if path.parent != directory or not path.is_file():
        raise ApiError(404, "not_found", "No such file.")
    return FileResponse(path, headers={"Cache-Control": cache_control})


@router.get("/static/{name}", include_in_schema=False)
def shared_file(name: str) -> FileResponse:
    """A script the pages share; checked again on each use (a changed one reaches every page at once)."""
    return static_file(SHARED_DIR, name, "no-cache")


@router.get("/favicon.ico", include_in_schema=False)
def old_icon_name() -> FileResponse:
    """The pages' icon under the name browsers and tools ask for when a page names none."""
    return static_file(SHARED_DIR, "icon.svg", "max-age=86400")
