"""A local stand-in for Telegram's Bot API, for the tests and the benchmark (the real one is unreachable here).

It implements the methods the gateway uses, keeps what the bot sent per chat, lets a test play users (messages and
their edits, commands, button presses, photos and documents with captions, blocking and unblocking the bot) and inject
faults into any call of any method, or of one chat: 429 with `retry_after`, 500, a timeout (the call hangs and delivers
nothing), an answer lost (the call is carried out, the message delivered, and then it hangs: to the bot exactly like a
timeout, though the citizen has the message), 403 (the user blocked the bot), and the 400s Telegram gives to a late
acknowledgement ("query is too old") and to an edit that changes nothing ("message is not modified").
"""

from __future__ import annotations

import asyncio
import itertools
import json
import random
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tools.stack import free_port

TOKEN = "123456:TEST-TOKEN"
BOT = {"id": 123456, "is_bot": True, "first_name": "Kentro", "username": "kentro_test_bot"}
# How long an injected timeout hangs: longer than any client timeout the gateway uses.
HANG_SECONDS = 40
# Faults that hang rather than answer: "timeout" before doing anything, "answer_lost" after doing the work.
HANGING = ("timeout", "answer_lost")
# Bots may download files up to this size with getFile; Telegram refuses larger ones.
GET_FILE_LIMIT = 20 * 1024 * 1024
# What Telegram answers, as the fake's faults: (status, description).
FAULTS = {
    "500": (500, "Internal Server Error"),
    "403": (403, "Forbidden: bot was blocked by the user"),
    "not_modified": (
        400,
        "Bad Request: message is not modified: specified new message content and reply markup are exactly the same "
        "as a current content and reply markup of the message",
    ),
    "query_too_old": (400, "Bad Request: query is too old and response timeout expired or query ID is invalid"),
}


@dataclass
class Sent:
    """A message the bot sent."""

    message_id: int
    chat_id: int
    text: str
    buttons: list[list[dict[str, str]]]
    at: float = field(default_factory=time.monotonic)


class FakeTelegram:
    """The fake server and what happened on it."""

    def __init__(self) -> None:
        self.port = free_port()
        self.lock = threading.Lock()
        # Notified whenever the bot sends a message: the benchmark waits on it rather than polling.
        self.arrived = threading.Condition(self.lock)
        self.updates: list[dict[str, Any]] = []
        self.sent: list[Sent] = []
        self.calls: list[tuple[str, dict[str, Any]]] = []
        # Per method, what its next calls do: None lets a call through, (kind, retry_after) fails it.
        self.faults: dict[str, list[tuple[str, int] | None]] = {}
        # The same for one chat's calls of a method, (method, chat id): taken before the method's own.
        self.chat_faults: dict[tuple[str, int], list[tuple[str, int] | None]] = {}
        # Every fault a call met, in order: (method, parameters, kind); a test can tell that its fault was met.
        self.faulted: list[tuple[str, dict[str, Any], str]] = []
        self.files: dict[str, bytes] = {}
        self.blocked: set[int] = set()
        self._ids = itertools.count(1000)
        self._update_ids = itertools.count(1)
        # The message of each update a user sent, so that it can be edited later.
        self.said: dict[int, dict[str, Any]] = {}
        # Faults at random (the soak test): every call of every method fails with this probability.
        self._random: tuple[random.Random, float, tuple[str, ...]] | None = None
        self._server: uvicorn.Server | None = None

    @property
    def base_url(self) -> str:
        """What the gateway's TELEGRAM_API_URL is set to."""
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def file_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

    # What tests do

    def start(self) -> None:
        app = Starlette(
            routes=[
                Route("/bot{token}/{method}", self._method, methods=["GET", "POST"]),
                Route("/file/bot{token}/{path:path}", self._file, methods=["GET"]),
            ]
        )
        self._server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        threading.Thread(target=self._server.run, daemon=True).start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline:
                raise TimeoutError("the fake Bot API did not start")
            time.sleep(0.05)

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True

    def user(self, user_id: int, language_code: str | None = "el") -> dict[str, Any]:
        return {
            "id": user_id,
            "is_bot": False,
            "first_name": f"User{user_id}",
            **({"language_code": language_code} if language_code else {}),
        }

    def _message(self, user: dict[str, Any], chat: dict[str, Any] | None = None, **content: Any) -> dict[str, Any]:
        return {
            "message_id": next(self._ids),
            "from": user,
            "chat": chat or {"id": user["id"], "type": "private", "first_name": user["first_name"]},
            "date": int(time.time()),
            **content,
        }

    def _push(self, update: dict[str, Any]) -> int:
        with self.lock:
            update_id = next(self._update_ids)
            self.updates.append({"update_id": update_id, **update})
        return update_id

    def say(self, user: dict[str, Any], text: str, chat: dict[str, Any] | None = None) -> int:
        """A user writes (a text starting with / is a command), in their private chat with the bot or in `chat`."""
        entities = (
            [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}] if text.startswith("/") else []
        )
        message = self._message(user, chat, text=text, **({"entities": entities} if entities else {}))
        update_id = self._push({"message": message})
        self.said[update_id] = message
        return update_id

    def edit(self, user: dict[str, Any], update_id: int, text: str) -> int:
        """A user edits the text of a message they sent (the update `update_id`)."""
        edited = {**self.said[update_id], "text": text, "edit_date": int(time.time())}
        return self._push({"edited_message": edited})

    def group(self, chat_id: int, kind: str = "group") -> dict[str, Any]:
        """A group or supergroup chat (its id negative, as Telegram's are)."""
        return {"id": chat_id, "type": kind, "title": f"Group {chat_id}"}

    def add_to_group(self, user: dict[str, Any], group: dict[str, Any]) -> int:
        """A user adds the bot to a group, as Telegram tells the bot."""
        return self._push(
            {
                "my_chat_member": {
                    "chat": group,
                    "from": user,
                    "date": int(time.time()),
                    "old_chat_member": _bot_as("left"),
                    "new_chat_member": _bot_as("member"),
                }
            }
        )

    def set_status(self, user: dict[str, Any], status: str) -> int:
        """A user blocks the bot ("kicked") or unblocks it ("member"), as Telegram tells the bot."""
        return self._push(
            {
                "my_chat_member": {
                    "chat": {"id": user["id"], "type": "private", "first_name": user["first_name"]},
                    "from": user,
                    "date": int(time.time()),
                    "old_chat_member": _bot_as("member" if status == "kicked" else "kicked"),
                    "new_chat_member": _bot_as(status),
                }
            }
        )

    def press(self, user: dict[str, Any], sent: Sent, data: str) -> int:
        """A user presses an inline button of a message the bot sent."""
        message = {
            "message_id": sent.message_id,
            "from": BOT,
            "chat": {"id": sent.chat_id, "type": "private"},
            "date": int(time.time()),
            "text": sent.text,
        }
        return self._push(
            {
                "callback_query": {
                    "id": str(next(self._ids)),
                    "from": user,
                    "message": message,
                    "chat_instance": "1",
                    "data": data,
                }
            }
        )

    def send_photo(self, user: dict[str, Any], content: bytes, caption: str | None = None) -> int:
        """A user sends a photo, perhaps with a caption."""
        file_id = f"photo{next(self._ids)}"
        self.files[file_id] = content
        photo = [{"file_id": file_id, "file_unique_id": file_id, "width": 10, "height": 10, "file_size": len(content)}]
        return self._push({"message": self._message(user, photo=photo, **_caption(caption))})

    def send_document(
        self, user: dict[str, Any], content: bytes, file_name: str, mime_type: str, caption: str | None = None
    ) -> int:
        """A user sends a file, perhaps with a caption; Telegram tells the bot its size."""
        file_id = f"document{next(self._ids)}"
        self.files[file_id] = content
        document = {
            "file_id": file_id,
            "file_unique_id": file_id,
            "file_name": file_name,
            "mime_type": mime_type,
            "file_size": len(content),
        }
        return self._push({"message": self._message(user, document=document, **_caption(caption))})

    def fail_next(
        self,
        method: str,
        kind: str,
        times: int = 1,
        retry_after: int = 1,
        after: int = 0,
        chat_id: int | None = None,
    ) -> None:
        """Make calls of a method fail, the next one or the one after `after` calls that go through: "429" (with
        `retry_after`), "500", "timeout", "answer_lost", "403", "not_modified" or "query_too_old". With `chat_id`,
        only that chat's calls (and only they count for `after`): another test's chat cannot take the fault."""
        if kind not in (*FAULTS, "429", *HANGING):
            raise ValueError(f"no such fault: {kind}")
        planned = [None] * after + [(kind, retry_after)] * times
        with self.lock:
            if chat_id is None:
                self.faults.setdefault(method, []).extend(planned)
            else:
                self.chat_faults.setdefault((method, chat_id), []).extend(planned)

    def faults_met(self, method: str, chat_id: int) -> list[str]:
        """The faults that a chat's calls of a method met, in order."""
        with self.lock:
            return [
                kind
                for name, parameters, kind in self.faulted
                if name == method and str(parameters.get("chat_id")) == str(chat_id)
            ]

    def fail_randomly(self, rate: float, seed: int = 0, kinds: tuple[str, ...] = ("429", "500", "timeout")) -> None:
        """Make every call of every method fail with probability `rate`, with one of `kinds` (seeded, so a run can be
        repeated); a rate of 0 stops it."""
        with self.lock:
            self._random = (random.Random(seed), rate, kinds) if rate else None

    def messages_to(self, chat_id: int) -> list[Sent]:
        with self.lock:
            return self._to(chat_id)

    def _to(self, chat_id: int) -> list[Sent]:
        return [sent for sent in self.sent if sent.chat_id == chat_id]

    def next_message(self, chat_id: int, after: int, timeout: float = 60) -> Sent:
        """Wait for the bot's message to a chat that follows the first `after` ones, and return it."""
        with self.arrived:
            if not self.arrived.wait_for(lambda: len(self._to(chat_id)) > after, timeout):
                raise AssertionError(f"chat {chat_id} got no message after its first {after}")
            return self._to(chat_id)[after]

    def wait_for(self, chat_id: int, count: int, timeout: float = 60) -> list[Sent]:
        """Wait until the bot has sent a chat `count` messages in all; return them."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            sent = self.messages_to(chat_id)
            if len(sent) >= count:
                return sent
            time.sleep(0.05)
        raise AssertionError(
            f"chat {chat_id} got {len(self.messages_to(chat_id))} messages, not {count}: "
            f"{[s.text[:60] for s in self.messages_to(chat_id)]}"
        )

    def calls_of(self, method: str) -> list[dict[str, Any]]:
        with self.lock:
            return [parameters for name, parameters in self.calls if name == method]

    # The Bot API

    async def _parameters(self, request: Request) -> dict[str, Any]:
        body = await request.body()
        if request.headers.get("content-type", "").startswith("application/json"):
            return json.loads(body or b"{}")
        parameters: dict[str, Any] = {key: values[0] for key, values in parse_qs(body.decode()).items()}
        parameters.update(request.query_params)
        for key, value in list(parameters.items()):
            if isinstance(value, str) and value[:1] in "[{":
                parameters[key] = json.loads(value)
        return parameters

    async def _method(self, request: Request) -> Response:
        method = request.path_params["method"]
        parameters = await self._parameters(request)
        with self.lock:
            self.calls.append((method, parameters))
            chat_id = parameters.get("chat_id")
            for_chat = self.chat_faults.get((method, int(chat_id))) if str(chat_id).lstrip("-").isdigit() else None
            pending = for_chat or self.faults.get(method) or []
            fault = pending.pop(0) if pending else None
            if fault is None and self._random is not None:
                chance, rate, kinds = self._random
                # A hung long poll only waits out the gateway's poll timeout (half a minute, doing nothing else):
                # a hanging fault is drawn for every method but getUpdates, which gets the other faults.
                drawn = [kind for kind in kinds if not (kind in HANGING and method == "getUpdates")]
                if chance.random() < rate and drawn:
                    fault = (chance.choice(drawn), 1)
            if fault is not None:
                self.faulted.append((method, parameters, fault[0]))
        handler = getattr(self, f"_api_{method}", None)
        if fault is not None:
            kind, retry_after = fault
            if kind in HANGING:
                if kind == "answer_lost" and handler is not None:
                    await handler(parameters)  # done: the message is in the chat; only its answer never comes
                await asyncio.sleep(HANG_SECONDS)
                return _error(504, "Gateway Timeout")
            if kind == "429":
                return _error(429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after})
            return _error(*FAULTS[kind])
        if handler is None:
            return JSONResponse({"ok": True, "result": True})
        return await handler(parameters)

    async def _api_getMe(self, parameters: dict[str, Any]) -> Response:
        return _ok(BOT)

    async def _api_getUpdates(self, parameters: dict[str, Any]) -> Response:
        offset = int(parameters.get("offset") or 0)
        deadline = time.monotonic() + min(float(parameters.get("timeout") or 0), 2.0)
        while True:
            with self.lock:
                self.updates = [update for update in self.updates if update["update_id"] >= offset]
                ready = list(self.updates)
            if ready or time.monotonic() >= deadline:
                return _ok(ready)
            await asyncio.sleep(0.02)

    async def _api_sendMessage(self, parameters: dict[str, Any]) -> Response:
        chat_id = int(parameters["chat_id"])
        if chat_id in self.blocked:
            return _error(403, "Forbidden: bot was blocked by the user")
        markup = parameters.get("reply_markup") or {}
        sent = Sent(
            message_id=next(self._ids),
            chat_id=chat_id,
            text=parameters.get("text", ""),
            buttons=markup.get("inline_keyboard", []) if isinstance(markup, dict) else [],
        )
        with self.lock:
            self.sent.append(sent)
            self.arrived.notify_all()
        return _ok(
            {
                "message_id": sent.message_id,
                "from": BOT,
                "chat": {"id": chat_id, "type": "private"},
                "date": int(time.time()),
                "text": sent.text,
            }
        )

    async def _api_editMessageReplyMarkup(self, parameters: dict[str, Any]) -> Response:
        message_id = int(parameters["message_id"])
        with self.lock:
            for sent in self.sent:
                if sent.message_id == message_id:
                    sent.buttons = []
        return _ok(True)

    async def _api_getFile(self, parameters: dict[str, Any]) -> Response:
        file_id = parameters["file_id"]
        if len(self.files[file_id]) > GET_FILE_LIMIT:
            return _error(400, "Bad Request: file is too big")
        return _ok(
            {"file_id": file_id, "file_unique_id": file_id, "file_size": len(self.files[file_id]), "file_path": file_id}
        )

    async def _file(self, request: Request) -> Response:
        return Response(self.files[request.path_params["path"]], media_type="application/octet-stream")


def _bot_as(status: str) -> dict[str, Any]:
    """The bot as a member of a private chat: "member", or "kicked" (blocked by the user)."""
    return {"user": BOT, "status": status, **({"until_date": 0} if status == "kicked" else {})}


def _caption(caption: str | None) -> dict[str, str]:
    return {"caption": caption} if caption is not None else {}


def _ok(result: Any) -> Response:
    return JSONResponse({"ok": True, "result": result})


def _error(status: int, description: str, parameters: dict[str, Any] | None = None) -> Response:
    body = {"ok": False, "error_code": status, "description": description}
    if parameters:
        body["parameters"] = parameters
    return JSONResponse(body, status_code=status)
