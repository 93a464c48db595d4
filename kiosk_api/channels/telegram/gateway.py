"""The gateway's handlers: small async functions, one per kind of update, that pass the citizen's words and button
presses to the hub and the hub's replies back to the chat."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable
from typing import Any

from telegram import BotCommand, ChatMember, Message, Update
from telegram.constants import ChatAction
from telegram.error import Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    ApplicationHandlerStop,
    BaseUpdateProcessor,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import HTTPXRequest

from kiosk_api.channels.telegram import chats, delivery, messages
from kiosk_api.channels.telegram.config import TelegramSettings
from kiosk_api.channels.telegram.hub import Credentials, HubClient, HubError
from kiosk_api.conversations.views import MAX_ATTACHMENT_BYTES
from kiosk_api.database import new_session
from kiosk_api.i18n import Translator
from kiosk_api.nlg.service import render
from kiosk_api.nlg.telegram import CANCEL_PREFIX, FORGET_NO, FORGET_YES, commands
from multilingual.languages import DEFAULT_LANGUAGE

logger = logging.getLogger(__name__)
# Telegram's language codes that are conversation languages; anyone else is asked to choose.
KNOWN_CODES = ("el", "en", "ar")
SEND_ATTEMPTS = 3


def _db(function: Any, **kwargs: Any) -> Any:
    with new_session() as db:
        return function(db=db, **kwargs)


async def db_call(function: Any, **kwargs: Any) -> Any:
    """Run a chats-store function off the event loop, with a session of its own."""
    return await asyncio.to_thread(_db, function, **kwargs)


def hub(context: ContextTypes.DEFAULT_TYPE) -> HubClient:
    return context.application.bot_data["hub"]


async def chat_language(chat_id: int, user_code: str | None) -> str:
    """The chat's conversation language, else the user's Telegram language when it is one of ours."""
    known = await db_call(chats.language, chat_id=chat_id)
    return known or (user_code if user_code in KNOWN_CODES else DEFAULT_LANGUAGE)


async def quietly(call: Awaitable[Any], what: str) -> None:
    """Await a call the citizen would only miss for its looks; a failure is logged, never raised."""
    try:
        await call
    except TelegramError as error:
        logger.warning("%s failed: %s", what, error)


def beside(context: ContextTypes.DEFAULT_TYPE, call: Awaitable[Any], what: str) -> None:
    """Make a cosmetic call (the typing indicator, acknowledging a button, removing a used keyboard) beside the real
    work: a slow or failing Bot API can then neither delay nor cost the citizen's message."""
    context.application.create_task(quietly(call, what))


async def send(bot: Any, chat_id: int, text: str, markup: Any = None) -> Any:
    """Send one message, waiting out flood limits and retrying short network failures."""
    for attempt in range(SEND_ATTEMPTS):
        try:
            return await bot.send_message(chat_id=chat_id, text=text, reply_markup=markup)
        except RetryAfter as error:
            await asyncio.sleep(delivery.seconds(error.retry_after))
        except Forbidden:
            await db_call(chats.set_blocked, chat_id=chat_id, blocked=True)
            raise
        except NetworkError:
            if attempt == SEND_ATTEMPTS - 1:
                raise
            await asyncio.sleep(2**attempt)
    raise NetworkError("gave up after flood limits")


async def send_hub_messages(bot: Any, chat_id: int, replies: list[dict[str, Any]], language: str) -> None:
    """Send the hub's messages, each as one or more Telegram messages."""
    for reply in replies:
        for text, markup in messages.telegram_parts(reply, language):
            await send(bot, chat_id, text, markup)


async def say(bot: Any, chat_id: int, response: str, language: str, **arguments: Any) -> None:
    """Send something the gateway says itself, rendered from the catalogs."""
    reply = render(response=response, arguments=arguments, language=language)
    await send_hub_messages(bot, chat_id, [{"id": 0, **reply}], language)


async def conversation(chat_id: int, language: str, context: ContextTypes.DEFAULT_TYPE) -> Credentials:
    """The chat's conversation, started in a language if it has none (or the old one was erased)."""
    existing = await db_call(chats.credentials, chat_id=chat_id)
    if existing is not None:
        return existing
    created = await hub(context).start(language)
    await db_call(chats.remember, chat_id=chat_id, credentials=created)
    await db_call(chats.set_language, chat_id=chat_id, language=language)
    return created


async def to_hub(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    *,
    text: str | None = None,
    payload: str | None = None,
    edit: bool = False,
) -> None:
    """Pass a message, a button press or an edit to the hub and the replies to the chat."""
    chat_id = update.effective_chat.id
    user_code = update.effective_user.language_code if update.effective_user else None
    language = await chat_language(chat_id, user_code)
    beside(context, context.bot.send_chat_action(chat_id=chat_id, action=ChatAction.TYPING), "The typing indicator")
    client_id = f"tg:{update.update_id}"
    try:
        credentials = await conversation(chat_id, language, context)
        try:
            turn = await hub(context).send(credentials, text=text, payload=payload, client_id=client_id, edit=edit)
        except HubError as error:
            if error.status != 404:
                raise
            # The conversation was erased (retention, or the citizen): start a new one and say it again.
            await db_call(chats.forget, chat_id=chat_id)
            credentials = await conversation(chat_id, language, context)
            turn = await hub(context).send(credentials, text=text, payload=payload, client_id=client_id, edit=edit)
    except HubError:
        logger.exception("The hub could not take a message from chat %s", chat_id)
        await say(context.bot, chat_id, "utter_gateway_trouble", language)
        return
    await db_call(chats.set_language, chat_id=chat_id, language=turn["language"])
    await send_hub_messages(context.bot, chat_id, turn["messages"], turn["language"])


async def skip_handled(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Drop an update handled before (Telegram sends unconfirmed ones again after a restart)."""
    if await db_call(chats.was_handled, update_id=update.update_id):
        raise ApplicationHandlerStop


async def citizen_is_back(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Whatever the citizen sends (text, a file, a button, a command, an edit) shows the bot is not blocked: staff
    replies go to them again."""
    if update.effective_chat is not None and (update.message or update.edited_message or update.callback_query):
        await db_call(chats.set_blocked, chat_id=update.effective_chat.id, blocked=False)


async def membership(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Telegram says the citizen blocked the bot ("kicked") or unblocked it: marked at once, so that staff replies
    are held, and staff told, without first failing against the chat."""
    status = update.my_chat_member.new_chat_member.status
    if status in (ChatMember.BANNED, ChatMember.MEMBER):
        blocked = status == ChatMember.BANNED
        await db_call(chats.set_blocked, chat_id=update.effective_chat.id, blocked=blocked)


async def mark_handled(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Remember that an update was handled."""
    await db_call(chats.mark_handled, update_id=update.update_id)


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/start: greet in the user's language, or ask which language when Telegram's is not one of ours."""
    chat_id = update.effective_chat.id
    known = await db_call(chats.language, chat_id=chat_id)
    code = update.effective_user.language_code if update.effective_user else None
    if known is None and code not in KNOWN_CODES:
        await say(context.bot, chat_id, "utter_choose_language", "en")
        return
    await to_hub(update, context, payload="/greet")


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/help: what the assistant can do."""
    await to_hub(update, context, payload="/greet")


async def language_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/language: the languages as buttons, each named in itself."""
    chat_id = update.effective_chat.id
    await say(context.bot, chat_id, "utter_choose_language", await chat_language(chat_id, None))


async def human(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/human: ask for a person."""
    await to_hub(update, context, payload="/request_human")


async def appointments_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/appointments: the citizen's coming appointments, to cancel or move."""
    chat_id = update.effective_chat.id
    language = await chat_language(chat_id, update.effective_user.language_code)
    credentials = await db_call(chats.credentials, chat_id=chat_id)
    booked = await hub(context).appointments(credentials) if credentials else []
    await say(context.bot, chat_id, "utter_my_appointments", language, appointments=booked)


async def privacy(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/privacy: what is kept and for how long."""
    chat_id = update.effective_chat.id
    await say(context.bot, chat_id, "utter_privacy", await chat_language(chat_id, update.effective_user.language_code))


async def forget(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/forget: ask before erasing."""
    chat_id = update.effective_chat.id
    language = await chat_language(chat_id, update.effective_user.language_code)
    await say(context.bot, chat_id, "utter_forget_confirm", language)


async def text_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Anything the citizen writes: whole, as the hub keeps it for staff (the hub decides what the assistant reads)."""
    await to_hub(update, context, text=update.effective_message.text)


async def edited_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A message the citizen edited: kept for staff as an edit (and read for danger by the hub), never answered as
    a new question."""
    message = update.edited_message
    if message.text or message.caption:
        await to_hub(update, context, text=message.text or message.caption, edit=True)


async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A pressed button: answered at once, its keyboard removed, and its payload handled."""
    query = update.callback_query
    # Telegram refuses a late acknowledgement ("query is too old", after downtime) and a second removal of the same
    # keyboard ("message is not modified", two quick presses); neither may cost the press.
    beside(context, query.answer(), "Acknowledging a button")
    if query.message is not None:
        beside(context, query.edit_message_reply_markup(reply_markup=None), "Removing a used keyboard")
    data = query.data or ""
    chat_id = update.effective_chat.id
    language = await chat_language(chat_id, update.effective_user.language_code)
    credentials = await db_call(chats.credentials, chat_id=chat_id)
    if data == FORGET_YES:
        if credentials is not None:
            await hub(context).erase(credentials)
            await db_call(chats.forget, chat_id=chat_id)
        await say(context.bot, chat_id, "utter_forgotten", language)
    elif data == FORGET_NO:
        await say(context.bot, chat_id, "utter_not_forgotten", language)
    elif data.startswith(CANCEL_PREFIX) and credentials is not None:
        reference = data.removeprefix(CANCEL_PREFIX)
        await hub(context).cancel(credentials, reference)
        await say(context.bot, chat_id, "utter_cancelled_by_citizen", language, reference=reference)
    elif data.startswith(messages.LOOKUP_PREFIX) and credentials is not None:
        message_id, _, index = data.removeprefix(messages.LOOKUP_PREFIX).partition(":")
        earlier = await hub(context).messages_after(credentials, int(message_id) - 1)
        found = [m for m in earlier if m["id"] == int(message_id)]
        if found and int(index) < len(found[0]["buttons"]):
            await to_hub(update, context, payload=found[0]["buttons"][int(index)]["payload"])
    else:
        await to_hub(update, context, payload=data)


def _file_of(message: Message) -> tuple[Any, str, str, str]:
    """The file a message carries: the Telegram file, its kind, name and media type."""
    if message.photo:
        return message.photo[-1], "photo", "photo.jpg", "image/jpeg"
    if message.voice:
        return message.voice, "voice", "voice.ogg", message.voice.mime_type or "audio/ogg"
    document = message.document
    return document, "document", document.file_name or "document", document.mime_type or "application/octet-stream"


async def media(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A photo, document or voice message, perhaps with a caption: to the caseworker during a handoff; otherwise the
    caption is answered like any message, and the citizen told that the file itself was not read."""
    message = update.effective_message
    chat_id = update.effective_chat.id
    if message.caption:
        # Stored first, as the citizen's words before their file: it is what they wrote, whatever becomes of the file.
        await to_hub(update, context, text=message.caption)
    language = await chat_language(chat_id, update.effective_user.language_code)
    credentials = await db_call(chats.credentials, chat_id=chat_id)
    if credentials is None:
        await say(context.bot, chat_id, "utter_media_not_supported", language)
        return
    item, kind, name, media_type = _file_of(message)
    too_large = {"megabytes": MAX_ATTACHMENT_BYTES // 2**20}
    # Telegram tells the size before the download: a file the hub would refuse is not fetched to be refused (and
    # "send it again" would only fail again).
    if (item.file_size or 0) > MAX_ATTACHMENT_BYTES:
        await say(context.bot, chat_id, "utter_file_too_large", language, **too_large)
        return
    content = bytes(await (await item.get_file()).download_as_bytearray())
    try:
        await hub(context).attach(credentials, kind=kind, file_name=name, media_type=media_type, content=content)
    except HubError as error:
        if error.code == "not_with_staff":
            await say(context.bot, chat_id, "utter_media_not_supported", language)
        elif error.code == "file_too_large":  # Telegram did not say the size
            await say(context.bot, chat_id, "utter_file_too_large", language, **too_large)
        else:
            raise


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log what went wrong, and tell the citizen to try again rather than leave them without an answer."""
    if isinstance(context.error, Forbidden):
        # The citizen blocked the bot (send marked the chat): a courtesy message would only fail again.
        logger.info("A chat has blocked the bot: %s", context.error)
        return
    logger.error("Handling an update failed", exc_info=context.error)
    if isinstance(update, Update) and update.effective_chat is not None:
        chat_id = update.effective_chat.id
        with contextlib.suppress(Exception):  # telling them is a courtesy; failing to is already logged
            await say(context.bot, chat_id, "utter_gateway_trouble", await chat_language(chat_id, None))


async def set_commands(application: Application) -> None:
    """Describe the commands to Telegram in each language (and in English for everyone else)."""
    for code in (None, *KNOWN_CODES):
        translator = Translator(code or "en")
        await application.bot.set_my_commands(
            [BotCommand(name, description) for name, description in commands(translator)], language_code=code
        )


class OneChatAtATime(BaseUpdateProcessor):
    """Updates of different chats are handled at the same time; those of one chat in the order they came, so the
    hub stores a citizen's messages in the order they were written."""

    def __init__(self, max_concurrent_updates: int) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[int, tuple[asyncio.Lock, int]] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Wait for the chat's earlier updates, then handle this one."""
        chat = getattr(update, "effective_chat", None)
        if chat is None:
            await coroutine
            return
        lock, users = self._locks.get(chat.id, (asyncio.Lock(), 0))
        self._locks[chat.id] = (lock, users + 1)
        try:
            async with lock:
                await coroutine
        finally:
            lock, users = self._locks[chat.id]
            if users == 1:
                del self._locks[chat.id]
            else:
                self._locks[chat.id] = (lock, users - 1)

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to free."""


def build(settings: TelegramSettings) -> Application:
    """The python-telegram-bot application: handlers, the hub client and the outbox worker."""

    async def post_init(application: Application) -> None:
        application.bot_data["hub"] = HubClient(settings.hub_url)
        await set_commands(application)
        application.bot_data["outbox"] = asyncio.create_task(delivery.run(application.bot))

    async def post_shutdown(application: Application) -> None:
        application.bot_data["outbox"].cancel()

    timeouts = {"connect_timeout": 5, "read_timeout": settings.timeout_seconds, "write_timeout": 10, "pool_timeout": 5}
    application = (
        ApplicationBuilder()
        .token(settings.token)
        .base_url(settings.api_url)
        .base_file_url(settings.file_url)
        .request(HTTPXRequest(connection_pool_size=16, **timeouts))
        .get_updates_request(HTTPXRequest(read_timeout=settings.timeout_seconds + 30, connect_timeout=5))
        .concurrent_updates(OneChatAtATime(max_concurrent_updates=64))
        .post_init(post_init)
        .post_shutdown(post_shutdown)
        .build()
    )
    application.add_handler(TypeHandler(Update, skip_handled), group=-2)
    application.add_handler(TypeHandler(Update, citizen_is_back), group=-1)
    # First in its group: an edited command or text must not be handled as a new one.
    application.add_handler(MessageHandler(filters.UpdateType.EDITED_MESSAGE, edited_message))
    application.add_handler(ChatMemberHandler(membership, ChatMemberHandler.MY_CHAT_MEMBER))
    application.add_handler(CommandHandler("start", start))
    application.add_handler(CommandHandler("help", help_command))
    application.add_handler(CommandHandler("language", language_command))
    application.add_handler(CommandHandler("human", human))
    application.add_handler(CommandHandler("appointments", appointments_command))
    application.add_handler(CommandHandler("privacy", privacy))
    application.add_handler(CommandHandler("forget", forget))
    application.add_handler(CallbackQueryHandler(button))
    application.add_handler(MessageHandler(filters.PHOTO | filters.Document.ALL | filters.VOICE, media))
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, text_message))
    application.add_handler(TypeHandler(Update, mark_handled), group=1)
    application.add_error_handler(on_error)
    return application
