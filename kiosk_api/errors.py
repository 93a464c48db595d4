"""Errors as JSON with a stable code: {"error": {"code": ..., "message": ...}}; never an HTML page or a bare 500."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException

logger = logging.getLogger(__name__)


class ApiError(Exception):
    """An error a client can act on, with its HTTP status and a stable code."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def _body(code: str, message: str, **extra: object) -> dict[str, object]:
    return {"error": {"code": code, "message": message, **extra}}


def json_error(status: int, code: str, message: str) -> JSONResponse:
    """An error answer in the hub's JSON shape, for code that answers before routing (middleware)."""
    return JSONResponse(_body(code, message), status_code=status)


def install(app: FastAPI) -> None:
    """Register the JSON error handlers on an app."""

    @app.exception_handler(ApiError)
    async def api_error(request: Request, error: ApiError) -> JSONResponse:
        return json_error(error.status, error.code, error.message)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> JSONResponse:
        details = [
            {"field": ".".join(str(part) for part in item["loc"]), "problem": item["msg"]} for item in error.errors()
        ]
        return JSONResponse(_body("invalid_request", "The request is not valid.", details=details), status_code=422)

    # A number too large for the database (an id of 2**70, say) cannot name anything: the request is at fault.
    @app.exception_handler(OverflowError)
    @app.exception_handler(DataError)
    async def out_of_range(request: Request, error: Exception) -> JSONResponse:
        return json_error(422, "invalid_request", "A value in the request is out of range.")

    # The database restarting or out of reach, or every connection busy: nothing was half done (the transaction
    # rolled back), so the client can send the same request again, which a channel does under the same client_id.
    @app.exception_handler(OperationalError)
    @app.exception_handler(InterfaceError)
    @app.exception_handler(PoolTimeout)
    async def database_unavailable(request: Request, error: Exception) -> JSONResponse:
        logger.warning("database unavailable on %s %s: %s", request.method, request.url.path, error)
        response = json_error(503, "database_unavailable", "The service is busy for a moment. Please try again.")
        response.headers["Retry-After"] = "2"
        return response

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> JSONResponse:
        codes = {400: "invalid_request", 404: "not_found", 405: "method_not_allowed"}
        code = codes.get(error.status_code, "http_error")
        return JSONResponse(_body(code, str(error.detail)), status_code=error.status_code)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, error: Exception) -> JSONResponse:
        logger.exception("unexpected error on %s %s", request.method, request.url.path)
        return JSONResponse(_body("internal_error", "Something went wrong on our side."), status_code=500)
