"""The gateway's handlers: small async functions, one per kind of update, that pass the citizen's words and button
presses to the hub and the hub's replies back to the chat."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Awaitable
from typing import Any

from telegram import BotCommand, BotCommandScopeChat, ChatMember, LinkPreviewOptions, Message, Update
from telegram.constants import ChatAction, ChatType
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
    Defaults,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import HTTPXRequest

from kiosk_api.channels.kit import attachments, outbox, turns
from kiosk_api.channels.kit.hub import Credentials, HubClient, HubError, client_id
from kiosk_api.channels.kit.store import db_call
from kiosk_api.channels.telegram import chats, delivery, messages
from kiosk_api.channels.telegram.config import TelegramSettings
from kiosk_api.i18n import Translator
from kiosk_api.nlg.booking import SERVICES
from kiosk_api.nlg.service import render
from kiosk_api.nlg.telegram import CANCEL_NO, CANCEL_PREFIX, CANCEL_YES_PREFIX, FORGET_NO, FORGET_YES, commands
from multilingual.languages import LANGUAGES

logger = logging.getLogger(__name__)
# The conversation languages a Telegram app can be set to: Telegram reports an app's language as a two-letter
# (ISO 639-1) code, and Romani has none. Anyone else is asked to choose.
KNOWN_CODES = tuple(code for code in LANGUAGES if len(code) == 2)
# What the gateway says to someone whose language it does not know yet (with the languages to choose from): the
# language most visitors who speak none of ours can read, never Greek by default.
FALLBACK_LANGUAGE = "en"
SEND_ATTEMPTS = 3
# Telegram shows "typing…" for 5 s; a reply can take longer under load, so it is sent again this often.
TYPING_SECONDS = 4
# ... but only once the hub has taken longer than this: a message for staff comes back at once, with no answer.
TYPING_AFTER = 0.5
# Telegram keeps an unconfirmed update for 24 hours, so a week of handled updates is ample to tell one sent again.
HANDLED_KEPT = dt.timedelta(days=7)
PRUNE_SECONDS = 3600
# How many used keyboards the gateway remembers, to ignore a second tap on one (see first_press).
USED_KEYBOARDS = 10_000


def hub(context: ContextTypes.DEFAULT_TYPE) -> HubClient:
    return context.application.bot_data["hub"]


def app_language(update: Update) -> str | None:
    """The language of the user's Telegram app, when it is one of ours."""
    code = update.effective_user.language_code if update.effective_user else None
    return code if code in KNOWN_CODES else None


async def chat_language(update: Update) -> str | None:
    """The chat's conversation language, else the user's Telegram language when it is one of ours; None when the
    gateway cannot know which of ours they read."""
    known = await db_call(chats.language, chat_id=update.effective_chat.id)
    return known or app_language(update)


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


async def keep_typing(context: ContextTypes.DEFAULT_TYPE, chat_id: int) -> None:
    """Show "typing…" until cancelled, from TYPING_AFTER on: a message only stored for staff (waiting for a
    caseworker) is back from the hub before then, and must not look as if an answer were coming. Each indicator
    goes beside, so that a hanging one does not space out the next."""
    await asyncio.sleep(TYPING_AFTER)
    while True:
        beside(context, context.bot.send_chat_action(chat_id=chat_id, action=ChatAction.TYPING), "The typing indicator")
        await asyncio.sleep(TYPING_SECONDS)


async def send(bot: Any, chat_id: int, text: str, markup: Any = None) -> Any:
    """Send one message, waiting out flood limits and retrying short network failures."""
    for attempt in range(SEND_ATTEMPTS):
        try:
            return await bot.send_message(chat_id=chat_id, text=text, reply_markup=markup)
        except RetryAfter as error:
            logger.warning("Sending to chat %s: flood limit, waiting %s s", chat_id, error.retry_after)
            await asyncio.sleep(delivery.seconds(error.retry_after))
        except Forbidden:
            logger.info("Chat %s has blocked the bot", chat_id)
            await db_call(chats.set_blocked, chat_id=chat_id, blocked=True)
            raise
        except NetworkError as error:
            logger.warning("Sending to chat %s failed (attempt %s): %s", chat_id, attempt + 1, error)
            if attempt == SEND_ATTEMPTS - 1:
                raise
            await asyncio.sleep(2**attempt)
    raise NetworkError("gave up after flood limits")


# The latest message with a keyboard in each chat: answered by typing, its buttons are of the past, and one pressed
# later acts out of turn (an independent try: a time pressed after the appointment had been moved started a new
# booking). Kept in memory only: after a restart, an old keyboard stays, as before.
KEYBOARD_SHOWN: dict[int, int] = {}


async def send_hub_messages(bot: Any, chat_id: int, replies: list[dict[str, Any]], language: str) -> None:
    """Send the hub's messages, each as one or more Telegram messages."""
    for reply in replies:
        for text, markup in messages.telegram_parts(reply, language):
            sent = await send(bot, chat_id, text, markup)
            if markup is not None and getattr(sent, "message_id", None) is not None:
                KEYBOARD_SHOWN[chat_id] = sent.message_id


def remove_keyboard_answered_by_typing(context: ContextTypes.DEFAULT_TYPE, chat_id: int) -> None:
    """Remove the chat's latest keyboard, beside the message typed instead of a press."""
    if (message_id := KEYBOARD_SHOWN.pop(chat_id, None)) is not None:
        removing = context.bot.edit_message_reply_markup(chat_id=chat_id, message_id=message_id, reply_markup=None)
        beside(context, removing, "Removing a keyboard answered by typing")


async def say(bot: Any, chat_id: int, response: str, language: str, **arguments: Any) -> None:
    """Send something the gateway says itself, rendered from the catalogs."""
    reply = render(response=response, arguments=arguments, language=language)
    await send_hub_messages(bot, chat_id, [{"id": 0, **reply}], language)


async def tell(update: Update, context: ContextTypes.DEFAULT_TYPE, response: str, **arguments: Any) -> None:
    """Say something of the gateway's own in the chat's language; when that is unknown and the user's Telegram
    speaks none of ours, in English, followed by the languages to choose from."""
    chat_id = update.effective_chat.id
    language = await chat_language(update)
    await say(context.bot, chat_id, response, language or FALLBACK_LANGUAGE, **arguments)
    if language is None and response != "utter_choose_language":
        await say(context.bot, chat_id, "utter_choose_language", FALLBACK_LANGUAGE)


def menu(language: str) -> list[BotCommand]:
    """The command menu in a language. Telegram's per-language menus need a two-letter code, which Romani lacks;
    a chat's own menu has none, and the catalogs describe the commands in Romani, so a Romani chooser gets those."""
    return [BotCommand(name, description) for name, description in commands(Translator(language))]


async def follow_language(context: ContextTypes.DEFAULT_TYPE, chat_id: int, before: str, now: str) -> None:
    """Keep the conversation's language for what the gateway says itself; when it changed (/language, or writing in
    another), the chat's command menu follows it."""
    await db_call(chats.set_language, chat_id=chat_id, language=now)
    if now != before:
        scope = BotCommandScopeChat(chat_id)
        beside(context, context.bot.set_my_commands(menu(now), scope=scope), "Setting a chat's command menu")


async def _find(chat_id: int) -> Credentials | None:
    return await db_call(chats.credentials, chat_id=chat_id)


async def _keep(chat_id: int, created: Credentials, language: str) -> None:
    await db_call(chats.remember, chat_id=chat_id, credentials=created)
    await db_call(chats.set_language, chat_id=chat_id, language=language)


async def _drop(chat_id: int) -> None:
    await db_call(chats.forget, chat_id=chat_id)


# Which conversation each chat is in, as the kit's turns use it.
CHATS = turns.Conversations(find=_find, keep=_keep, drop=_drop)


async def hub_turn(update: Update, context: ContextTypes.DEFAULT_TYPE, language: str, **message: Any) -> dict[str, Any]:
    """The hub's turn for a message (its text, payload or edit), in the chat's conversation."""
    chat_id, update_id = update.effective_chat.id, update.update_id
    return await turns.send(hub(context), CHATS, chat_id, language, client_id=client_id("tg", update_id), **message)


async def to_hub(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    *,
    text: str | None = None,
    payload: str | None = None,
    edit: bool = False,
) -> None:
    """Pass a message, a button press or an edit to the hub and the replies to the chat, "typing…" showing until
    they have gone."""
    chat_id = update.effective_chat.id
    language = await chat_language(update) or FALLBACK_LANGUAGE
    # An edit is never answered, so nothing is "typing…" for it.
    typing = None if edit else context.application.create_task(keep_typing(context, chat_id))
    try:
        try:
            turn = await hub_turn(update, context, language, text=text, payload=payload, edit=edit)
        except HubError:
            logger.exception("The hub could not take a message from chat %s", chat_id)
            await tell(update, context, "utter_gateway_trouble")
            return
        await follow_language(context, chat_id, language, turn["language"])
        await send_hub_messages(context.bot, chat_id, turn["messages"], turn["language"])
    finally:
        if typing is not None:
            typing.cancel()


async def skip_handled(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Drop an update handled before (Telegram sends unconfirmed ones again after a restart)."""
    if await db_call(chats.was_handled, update_id=update.update_id):
        raise ApplicationHandlerStop


def asks_something(update: Update) -> bool:
    """Whether an update from a group wants an answer: a message, a button, or the bot being added (not the news
    that it left)."""
    member = update.my_chat_member
    return member is None or member.new_chat_member.status in (ChatMember.MEMBER, ChatMember.ADMINISTRATOR)


async def private_chats_only(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The bot serves private chats only: a group would read what a citizen tells staff, and staff replies. In a
    group it says so once, in the language of whoever wrote or added it (else English), and leaves; nothing reaches
    the hub."""
    chat = update.effective_chat
    if chat is None or chat.type == ChatType.PRIVATE:
        return
    told = context.bot_data.setdefault("groups_left", set())
    if chat.id not in told and asks_something(update):
        told.add(chat.id)
        language = app_language(update) or FALLBACK_LANGUAGE
        await quietly(
            say(context.bot, chat.id, "utter_private_chats_only", language, username=context.bot.username),
            "A group's notice",
        )
        await quietly(context.bot.leave_chat(chat.id), "Leaving a group")
    await db_call(chats.mark_handled, update_id=update.update_id)
    raise ApplicationHandlerStop


async def citizen_is_back(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Whatever the citizen sends (text, a file, a button, a command, an edit) shows the bot is not blocked: staff
    replies go to them again."""
    if update.effective_chat is not None and (update.message or update.edited_message or update.callback_query):
        await delivery.reachable_again(context.bot, update.effective_chat.id)


async def membership(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Telegram says the citizen blocked the bot ("kicked") or unblocked it: marked at once, so that staff replies
    are held, and staff told, without first failing against the chat."""
    status = update.my_chat_member.new_chat_member.status
    if status == ChatMember.BANNED:
        await db_call(chats.set_blocked, chat_id=update.effective_chat.id, blocked=True)
    elif status == ChatMember.MEMBER:
        await delivery.reachable_again(context.bot, update.effective_chat.id)


async def mark_handled(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Remember that an update was handled."""
    await db_call(chats.mark_handled, update_id=update.update_id)


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/start: greet in the user's language, or ask which language when Telegram's is not one of ours."""
    if await chat_language(update) is None:
        await tell(update, context, "utter_choose_language")
        return
    # Stored as typed: staff read "/start", not an empty message.
    await to_hub(update, context, text=update.effective_message.text, payload="/greet")


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/help: what the assistant can do, and how to leave the questions of a form. Answered here, not by the bot: in
    the middle of a form the bot would take it for an attempt at an answer and ask its question again; the form is
    left as it was, so the citizen's next answer goes on with it."""
    await tell(update, context, "utter_telegram_help")


async def language_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/language: the languages as buttons, each named in itself."""
    await tell(update, context, "utter_choose_language")


async def human(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/human: ask for a person."""
    await to_hub(update, context, text=update.effective_message.text, payload="/request_human")


async def appointments_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/appointments: the citizen's coming appointments, to cancel or move."""
    credentials = await db_call(chats.credentials, chat_id=update.effective_chat.id)
    booked = await hub(context).appointments(credentials) if credentials else []
    # The message layer names each appointment's service from the services it is given.
    services = {service["id"]: service for service in await hub(context).services()} if booked else {}
    await tell(update, context, "utter_my_appointments", appointments=booked, **{SERVICES: services})


async def privacy(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/privacy: what is kept and for how long."""
    await tell(update, context, "utter_privacy")


async def forget(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/forget: ask before erasing."""
    await tell(update, context, "utter_forget_confirm")


async def text_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Anything the citizen writes: whole, as the hub keeps it for staff (the hub decides what the assistant reads)."""
    remove_keyboard_answered_by_typing(context, update.effective_chat.id)
    await to_hub(update, context, text=update.effective_message.text)


async def edited_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A message the citizen edited: kept for staff as an edit (and read for danger by the hub), never answered as
    a new question."""
    message = update.edited_message
    if message.text or message.caption:
        await to_hub(update, context, text=message.text or message.caption, edit=True)


async def erase(update: Update, context: ContextTypes.DEFAULT_TYPE, credentials: Credentials | None) -> None:
    """Erase the chat's conversation, say so in its language, and give the chat back the menu of its app's
    language."""
    chat_id = update.effective_chat.id
    language = await chat_language(update)
    erased = True
    if credentials is not None:
        erased = await hub(context).erase(credentials)
        await db_call(chats.forget, chat_id=chat_id)
    scope = BotCommandScopeChat(chat_id)
    beside(context, context.bot.delete_my_commands(scope=scope), "Removing a chat's command menu")
    await say(context.bot, chat_id, "utter_forgotten", language or FALLBACK_LANGUAGE, kept_for_staff=not erased)


def first_press(context: ContextTypes.DEFAULT_TYPE, chat_id: int, message_id: int) -> bool:
    """Whether this is the first press of a message's keyboard (a chat's updates are handled one at a time, so
    this cannot race). The newest USED_KEYBOARDS are remembered; a keyboard is removed once used anyway."""
    used: dict[tuple[int, int], None] = context.bot_data.setdefault("used_keyboards", {})
    if (chat_id, message_id) in used:
        return False
    used[(chat_id, message_id)] = None
    if len(used) > USED_KEYBOARDS:
        del used[next(iter(used))]
    return True


async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A pressed button: answered at once, its keyboard removed, and its payload handled."""
    query = update.callback_query
    # Telegram refuses a late acknowledgement ("query is too old", after downtime) and a second removal of the same
    # keyboard ("message is not modified", two quick presses); neither may cost the press.
    beside(context, query.answer(), "Acknowledging a button")
    if query.message is not None:
        if not first_press(context, update.effective_chat.id, query.message.message_id):
            return  # a second tap before the keyboard went: a double tap, or a change of mind; the first one stands
        beside(context, query.edit_message_reply_markup(reply_markup=None), "Removing a used keyboard")
    data = query.data or ""
    chat_id = update.effective_chat.id
    credentials = await db_call(chats.credentials, chat_id=chat_id)
    if data == FORGET_YES:
        await erase(update, context, credentials)
    elif data == FORGET_NO:
        await tell(update, context, "utter_not_forgotten")
    elif data.startswith(CANCEL_PREFIX):
        await tell(update, context, "utter_telegram_cancel_confirm", reference=data.removeprefix(CANCEL_PREFIX))
    elif data.startswith(CANCEL_YES_PREFIX) and credentials is not None:
        reference = data.removeprefix(CANCEL_YES_PREFIX)
        await hub(context).cancel(credentials, reference)
        await tell(update, context, "utter_cancelled_by_citizen", reference=reference)
    elif data == CANCEL_NO:
        await tell(update, context, "utter_appointment_kept")
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
    if message.caption:
        # Stored first, as the citizen's words before their file: it is what they wrote, whatever becomes of the file.
        await to_hub(update, context, text=message.caption)
    credentials = await db_call(chats.credentials, chat_id=update.effective_chat.id)
    if credentials is None:
        await tell(update, context, "utter_media_not_supported")
        return
    item, kind, name, media_type = _file_of(message)
    # Telegram tells the size before the download: a file the hub would refuse is not fetched to be refused (and
    # "send it again" would only fail again).
    if attachments.too_large(item.file_size):
        await tell(update, context, attachments.RESPONSES["too_large"])
        return
    content = bytes(await (await item.get_file()).download_as_bytearray())
    outcome = await attachments.relay(
        hub(context), credentials, kind=kind, file_name=name, media_type=media_type, content=content
    )
    await tell(update, context, attachments.RESPONSES[outcome])


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log what went wrong, and tell the citizen to try again rather than leave them without an answer."""
    if isinstance(context.error, Forbidden):
        # The citizen blocked the bot (send marked the chat): a courtesy message would only fail again.
        logger.info("A chat has blocked the bot: %s", context.error)
        return
    logger.error("Handling an update failed", exc_info=context.error)
    if (
        isinstance(update, Update)
        and update.effective_chat is not None
        and update.effective_chat.type == ChatType.PRIVATE
    ):
        with contextlib.suppress(Exception):  # telling them is a courtesy; failing to is already logged
            await tell(update, context, "utter_gateway_trouble")


async def set_commands(application: Application) -> None:
    """Describe the commands to Telegram in each language (and in English for everyone else)."""
    for code in (None, *KNOWN_CODES):
        await application.bot.set_my_commands(menu(code or FALLBACK_LANGUAGE), language_code=code)


async def prune_handled_periodically() -> None:
    """Forget handled updates older than the duplicate check needs, at start and every hour after."""
    while True:
        try:
            await db_call(chats.prune_handled, before=dt.datetime.now(dt.UTC) - HANDLED_KEPT)
        except Exception:  # the next round must come; the traceback is logged
            logger.exception("Pruning handled updates failed; trying again in an hour.")
        await asyncio.sleep(PRUNE_SECONDS)


class OneChatAtATime(BaseUpdateProcessor):
    """Updates of different chats are handled at the same time; those of one chat in the order they came, so the
    hub stores a citizen's messages in the order they were written."""

    def __init__(self, max_concurrent_updates: int) -> None:
        super().__init__(max_concurrent_updates)
        self._chats = turns.OneAtATime()

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Wait for the chat's earlier updates, then handle this one."""
        chat = getattr(update, "effective_chat", None)
        if chat is None:
            await coroutine
            return
        async with self._chats.hold(chat.id):
            await coroutine

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to free."""


def build(settings: TelegramSettings) -> Application:
    """The python-telegram-bot application: handlers, the hub client and the outbox worker."""

    async def post_init(application: Application) -> None:
        application.bot_data["hub"] = HubClient(settings.hub_url, channel="telegram")
        await set_commands(application)
        application.bot_data["outbox"] = asyncio.create_task(outbox.run(delivery.channel(application.bot)))
        application.bot_data["pruning"] = asyncio.create_task(prune_handled_periodically())

    async def post_shutdown(application: Application) -> None:
        application.bot_data["outbox"].cancel()
        application.bot_data["pruning"].cancel()

    timeouts = {"connect_timeout": 5, "read_timeout": settings.timeout_seconds, "write_timeout": 10, "pool_timeout": 5}
    application = (
        ApplicationBuilder()
        .token(settings.token)
        .base_url(settings.api_url)
        .base_file_url(settings.file_url)
        .request(HTTPXRequest(connection_pool_size=16, **timeouts))
        .get_updates_request(HTTPXRequest(read_timeout=settings.timeout_seconds + 30, connect_timeout=5))
        .concurrent_updates(OneChatAtATime(max_concurrent_updates=64))
        # Official sites' previews would bury the answer (and their links are in the text anyway).
        .defaults(Defaults(link_preview_options=LinkPreviewOptions(is_disabled=True)))
        .post_init(post_init)
        .post_shutdown(post_shutdown)
        .build()
    )
    application.add_handler(TypeHandler(Update, skip_handled), group=-3)
    application.add_handler(TypeHandler(Update, private_chats_only), group=-2)
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
