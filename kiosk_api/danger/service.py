"""What the hub does when a citizen message may signal danger, before the bot sees it and even with the bot down:
clear danger opens an urgent handoff with the helplines that fit; possible danger gives those helplines and asks
"Are you or someone near you in danger right now?" with Yes (an urgent handoff) and No (the bot answers the message
after all). Both the message and the answer stay in the transcript for staff."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from kiosk_api.conversations.models import Conversation, ConversationState, Message, Sender
from kiosk_api.conversations.service import add_notice
from kiosk_api.danger.recogniser import Assessment, Level, recogniser
from kiosk_api.handoff import service as handoffs
from kiosk_api.handoff.models import HandoffStatus
from kiosk_api.nlg.danger import IN_DANGER, NOT_IN_DANGER, WHY_ASKED
from multilingual.features import negated, without_greeklish_na
from multilingual.normalise import APOSTROPHES, normalise_words, single_letters
from multilingual.when import clause_words

# Yes and No typed instead of pressed, per conversation language (English is understood in every one). Greek "ναι"
# is yes where Romani "nai" is "there isn't", so the words are looked up in the conversation's language only.
# The words that say yes: what staff are shown as "answered: yes". Each Yes button's title begins with one of them.
_SAYS_YES = {
    "el": (
        "ναι",
        "nai",
        "ne",
        "vevaios",
        "βεβαιως",
        "ναι ναι",
    ),
    "en": (
        "yes",
        "yeah",
        "yep",
        "ya",
        "y",
        "yea",
        "yes please",
        "i think so",
    ),
    "ar": (
        "نعم",
        "اي",
        "ايوه",
        "ايوا",
        "ايه",
        "اه",
        "اكيد",
        "نعم نعم",
        "na3am",
        "ey",
        "aywa",
        # As dialects say it and phones type it (helper-125's try: each got "What else can I help with?").
        "eh",
        "ee",
        "eih",
        "ah",
        "ayh",
        "akeed",
        "akid",
        "iwa",
        "aiwa",
        "wah",
        "iyeh",
        "na3m",
        "naam",
        "walla ee",
        "wallah ee",
        "bali",
        "bale",
        # Levantine "yes, indeed" (helper-133's try: "Sorry, I can't help with this").
        "mbala",
        "mbalah",
        "مبلى",
        "بلي",
        "بلى",
        "واه",
        "ايي",
        "اي والله",
        "اه والله",
        "ايه والله",
    ),
    "rom": (
        "va",
        "ova",
        "βα",
        "οβα",
        "ava",
        "ναι",
    ),
}
# Egyptian "knowing" (he, she), as Arabizi spells it.
_KNOWING = ("3aref", "3arif", "3arfa", "3arfe", "3arefa", "3arfah", "aref", "arfa")
# Not knowing, "maybe", or asking for help are taken as a yes, and shown to staff as unclear: a person who cannot
# say they are safe is better met by a caseworker.
_TAKEN_AS_YES = {
    "el": (
        "δεν ξερω",
        "den kserw",
        "den xero",
        "den ksero",
        "dn kserw",
        "δε ξερω",
        "de ksero",
        "de kserw",
        "dn xerw",
        "δν ξερω",
        "μπορει",
        "mporei",
        "ισως",
        "isws",
        "isos",
        "μαλλον",
        "mallon",
        "βοηθεια",
        "voitheia",
        "voithia",
    ),
    "en": (
        "help",
        "help me",
        "maybe",
        "i dont know",
        "dont know",
        "dunno",
        "please",
        "pls",
        "idk",
        "not sure",
        "im not sure",
    ),
    "ar": (
        "مش عارف",
        "مش عارفه",
        "ما بعرف",
        "ما اعرف",
        "لا اعرف",
        "يمكن",
        "ممكن",
        "ساعدوني",
        "بدي مساعدة",
        "مو متأكد",
        "مش متأكد",
        "ma ba3ref",
        # Not knowing, and calls for help, in Moroccan, Egyptian, Iraqi and Gulf Arabic, and in Arabizi.
        "ما عرفتش",
        "ماعرفتش",
        "ما نعرف",
        "معرفش",
        "مش عارفة",
        "ما ادري",
        "مدري",
        "بسرعة",
        "ساعدني",
        "ساعدونا",
        "ma3rftch",
        "ma3reftch",
        "ma3rafch",
        "ma n3ref",
        "ma3rafsh",
        "ma ba3rif",
        "ma 3arif",
        "ma 3arfa",
        # helper-149's retry: Moroccan, as it typed it.
        "ma 3reftsh",
        "ma3reftsh",
        "ma 3raftch",
        "mani 3arif",
        "ma a3rif",
        "ma a3ref",
        "madri",
        "ma adri",
        "mdri",
        "bsor3a",
        "sa3douni",
        "sa3idoni",
        "sa3dona",
        "sa3edni",
        "sa3dni",
        # Egyptian "I don't know" as phones spell it, and Moroccan without the 3 (helper-133's try: "mish 3arfa",
        # "msh 3aref", "manarfch" left the question unanswered).
        *(f"{not_} {knowing}" for not_ in ("mish", "mesh", "msh", "mush", "mosh") for knowing in _KNOWING),
        "manarfch",
        "man3rafch",
        "ma n3rafch",
        "ma n3refch",
        "manarafch",
    ),
    "rom": (
        "na džanav",
        "na janav",
        "na zhanav",
        "να τζανάβ",
        "šaj",
        "shaj",
        "azhutisar",
        "ažutisar",
        "azhutin man",
        "ažutin man",
        "chi zhanav",
        "či džanav",
        "chi janav",
        "či janav",
        "chi dzhanav",
        "me na zhanav",
        "τσι τζανάβ",
    ),
}
_NO = {
    "el": (
        "οχι",
        "oxi",
        "ochi",
        "ohi",
        "οχι ευχαριστω",
        "oxi euxaristo",
        "οχι καλα ειμαι",
        "οχι ειμαι καλα",
        "oxi kala eimai",
        "oxi eimai kala",
        "καλα ειμαι",
        "kala eimai",
        # "Just fine" (helper-147's try: it was no answer).
        "μια χαρα",
        "μια χαρα ειμαι",
        "mia xara",
        "mia xara eimai",
        "mia hara",
        # helper-149's retry: "I'm fine, don't worry" was thanked ("Παρακαλώ!"), and no answer.
        "ειμαι καλα",
        "eimai kala",
        "δεν κινδυνευει κανεις",
        "μπα",
        "mpa",
        "κανεις",
    ),
    "en": (
        "no",
        "nope",
        "nah",
        "n",
        "no thanks",
        "no thank you",
        "im ok",
        "i am ok",
        "im fine",
        "i am fine",
        "no im ok",
        "no im fine",
        "no i am ok",
        "no i am fine",
        "not really",
        "no one",
        "nobody",
        "were ok",
        "we are ok",
        "all good",
        "im safe",
        "i am safe",
    ),
    "ar": (
        "لا",
        "لاء",
        "لأ",
        "لا شكرا",
        "لا الحمد لله",
        "الحمد لله",
        "تمام",
        "لا انا منيح",
        "انا منيح",
        "انا بخير",
        "كلنا مناح",
        "لا انا بخير",
        # "I'm fine" in Iraqi and Gulf Arabic (helper-149's retry).
        "انا زين",
        "آني زين",
        "اني زين",
        "ana zain",
        "ana zein",
        "ani zain",
        "la",
        "la2",
        # "Nothing (is wrong)", in Levantine: taken for a Yes in helper-133's try.
        "mafi shi",
        "ma fi shi",
        "mafi shee",
        "mafish haga",
        "ما في شي",
        "مافي شي",
    ),
    # Not "nai" or "ναι": "there isn't" in Romani, but "yes" in the Greek that Roma also write.
    "rom": (
        *("na", "νa", "να", "ni", "na nai", "na, mišto sem", "mišto sem", "misto sem", "μίστο σεμ"),
        # "I'm fine" as helper-149's retry wrote it.
        *("mishto sim", "mišto sim", "misto sim", "μίστο σιμ", "mishto som", "misto som", "μίστο σομ"),
    ),
}


def _comparable(text: str) -> str:
    """A typed answer as it is compared: normalised words, no apostrophes ("don't" is "dont"), no held letters
    ("ναιιι" is "ναι"; "αλλα" is compared as "αλα" on both sides)."""
    return single_letters(normalise_words(APOSTROPHES.sub("", text)).strip())


_SAYS_YES_FORMS = {language: frozenset(map(_comparable, words)) for language, words in _SAYS_YES.items()}
_YES_FORMS = {
    language: says | frozenset(map(_comparable, _TAKEN_AS_YES[language])) for language, says in _SAYS_YES_FORMS.items()
}
_NO_FORMS = {language: frozenset(map(_comparable, words)) for language, words in _NO.items()}
# Words that make a "no" more than a no: asking for help ("no one will help me"), or going on with a "but" ("no, but
# I need someone to talk to"). A caseworker calling back costs little; a person left alone may cost a life.
_HELP = frozenset(
    map(
        _comparable,
        ("help", "βοηθεια", "βοηθηστε", "voitheia", "voithia", "ساعدوني", "مساعدة", "azhutisar", "ažutisar"),
    )
)
_BUT = frozenset(map(_comparable, ("but", "αλλα", "alla", "بس", "لكن", "ama", "numa")))
# A clause that asks something ("can i get help with rent?", «αλλά πώς κάνω αίτηση;», «بس كيف بقدم…؟») asks about
# help, it does not call for it: with these words its "help" or "but" does not make the No a Yes. ("που", "who" and
# "that", is left out: «κάποιον που να με βοηθήσει» calls for a person.)
_ASKING = frozenset(
    map(
        _comparable,
        (
            *("can", "could", "how", "what", "when", "where", "which", "wanna", "know"),
            *("μπορω", "μπορειτε", "πως", "τι", "ποτε", "ποιο", "ποια", "mporw", "mporo", "pws", "pos", "ti", "pote"),
            *("كيف", "شو", "وين", "متى", "امتى", "ممكن", "هل", "kif", "shu", "wen", "emta", "sar", "kana", "kaj"),
            # Romani "I ask (a question)", not "I ask for" (mangav): "na, nai dar, numa pushav pal o epidoma".
            *("pushav", "pushel", "pushas", "pučhav", "puchav"),
        ),
    )
)
_NOT_A_PLAIN_NO = _HELP | _BUT
# Said in so many words, the question's own No: then the help asked for is another kind ("no no nobody is in danger,
# I just need money help" had opened an urgent handoff and told a mother to call the crisis lines).
_NOBODY_IN_DANGER = tuple(
    f" {_comparable(phrase)} "
    for phrase in (
        *("nobody is in danger", "no one is in danger", "noone is in danger", "nobody in danger", "not in danger"),
        *("κανεις δεν κινδυνευει", "δεν κινδυνευει κανεις", "kaneis den kindyneuei", "kaneis den kindinevei"),
        *("δεν κινδυνευουμε", "den kindyneuoume", "δεν υπαρχει κινδυνος", "ما في خطر", "مافي خطر", "لا يوجد خطر"),
        # The No button's own words (a pressed button's message is its title), and as people type them.
        *("لا أحد في خطر", "لا احد في خطر", "ما حدا بخطر", "ما حدا في خطر", "khonik naj ando dar"),
        *("nai dar", "naj dar", "nai ando dar", "naj ando dar"),
        # helper-147's try: "I am not in danger", and Egyptian and Arabizi "nobody is in danger", were no answer.
        *("im not in danger", "i am not in danger", "δεν κινδυνευω", "δε κινδυνευω", "den kindyneuw", "de kindyneuw"),
        *("den kinduneuw", "den kindinevo", "محدش في خطر", "محدش بخطر", "ma7adsh fi 5atar", "ma 7ada b5atar"),
        *("ma 7ada bi 5atar", "ma7ada b5atar", "mafi 5atar", "ma fi 5atar", "ma fi khatar", "mafi khatar"),
        # helper-149's retry: Levantine, Gulf and standard Arabic, Greeklish, as it typed them.
        *("ما في حدا بخطر", "ما في حدا في خطر", "ماحد في خطر", "ماحد بخطر", "لست في خطر", "لسنا في خطر"),
        *("ma 7ada b 5atar", "ma fi 7ada b5atar", "ma fi 7ada b 5atar", "kanenas den kindinevei"),
        *("kanenas den kindyneuei", "kaneis den kindinevei", "κανενας δεν κινδυνευει"),
    )
)

# Denying, in so many words, the danger the question asked about, and no more than that ("im not gonna kill myself
# lol im ANGRY", under the question about suicide, had opened an urgent handoff): a No, though the words name the
# danger. A "but" after it still makes it a Yes.
_DENIALS = tuple(
    f" {_comparable(phrase)} "
    for phrase in (
        *("not gonna kill myself", "not going to kill myself", "wont kill myself", "will not kill myself"),
        *("not gonna hurt myself", "not going to hurt myself", "not suicidal", "dont want to kill myself"),
        *("δεν θα αυτοκτονησω", "δεν θελω να αυτοκτονησω", "δεν ειμαι αυτοκτονικος", "δεν ειμαι αυτοκτονικη"),
        *("den tha aytoktonhsw", "den tha autoktonhsw", "den tha aftoktonisw", "den tha aytoktonisw"),
        *("مش رح انتحر", "ما رح انتحر", "لن انتحر", "مش ناوي انتحر", "مش حنتحر", "mish ra7 inta7er", "ma ra7 inta7er"),
        *("na ka mudarav man", "na kamav te mudarav man", "naka mudarav man"),
    )
)

# Saying that nobody is in danger denies it too, though its words name danger («κανείς δεν κινδυνεύει» was read as a
# sign of danger, and the person given the helplines again as urgent: helper-147's try). Joined once: every citizen
# message is read against them (issue 22).
_DENYING = (*_DENIALS, *_NOBODY_IN_DANGER)

# Said beside a No, and no more than it: being fine, thanks.
_NOTHING_MORE = frozenset(
    map(
        _comparable,
        (
            *("thanks", "thank you", "thank u", "thx", "ok", "okay", "all good", "all fine", "everything is fine"),
            *("ευχαριστω", "ευχαριστω πολυ", "euxaristw", "efxaristo", "ολα καλα", "ola kala", "εντάξει", "entaksei"),
            *("شكرا", "شكرا كتير", "shukran", "كله تمام", "nais tuke", "nais", "palikerav", "sa mišto", "sa misto"),
        ),
    )
)
_LONGEST_NO = 6


_JUST = _comparable("بس")
_CLAUSE_ENDS = re.compile(r"[.!?;,\n؟؛،]+")


@dataclass(frozen=True)
class Check:
    """The latest danger seen in a conversation ("possible:suicide"), and the citizen's answer to the question."""

    danger: str
    answer: Literal["yes", "no", "unclear"] | None  # None: not answered
    # A caseworker has taken the conversation since its latest sign of danger: back with the assistant, it is not
    # unanswered danger (an independent try found handled conversations listed as "not answered yet").
    seen_by_staff: bool = False

    @property
    def awaits_help(self) -> bool:
        """Danger told that the person has not answered No to, and that no caseworker has seen since."""
        return self.answer != "no" and not self.seen_by_staff


@dataclass(frozen=True)
class CheckAnswer:
    """What answering the danger question led to: the hub's replies, and the message the bot should now answer."""

    replies: list[Message]
    answer_again: Message | None = None
    # The message asked nothing else: it goes back only to a form that was waiting for it (an answer to "how many
    # children?" taken for danger), never to the bot at large.
    only_to_a_form: bool = False


def is_danger_payload(payload: str) -> bool:
    """Tell whether a button payload answers the danger question."""
    return payload.startswith((IN_DANGER, NOT_IN_DANGER))


def respond(
    *, db: Session, conversation: Conversation, message: Message, assessment: Assessment, staff_present: bool = True
) -> list[Message]:
    """Answer a message that signals danger: an urgent handoff when clear, the question when possible. While staff
    hold the conversation and the centre is open, a possible sign is only marked for them; while it is closed nobody
    reads it until morning, and the person is answered (helper-101's try: silence)."""
    kinds = "+".join(assessment.categories or (assessment.category,))
    held = handoffs.open_for_conversation(db=db, conversation=conversation)
    # A caseworker who holds the conversation is there, whatever the hour.
    staff_present = staff_present or (held is not None and held.status == HandoffStatus.assigned)
    # Given the helplines already, and now saying she cannot phone ("i cant call, he will hear me").
    told = held is not None and held.urgent and cannot_phone(message.text)
    # A second sign of possible danger while the question is still open is no longer "possible"; nor is one in a
    # conversation already urgent while nobody is at the centre.
    if (
        assessment.level == Level.clear
        or _open_question(db=db, conversation=conversation, before=message.id)
        or (held is not None and held.urgent and not staff_present)
    ):
        return [
            urgent(
                db=db,
                conversation=conversation,
                kinds=kinds,
                reply_to=message.id,
                cannot_phone=told,
                # "im 15, can I come to the centre after school?": when and where, beside the helplines.
                asks_to_come=asks_to_come(message.text),
            )
        ]
    # The question exists to bring a person in; while staff hold the conversation one is there already: the message
    # is marked for them (a badge in the console) and nothing automatic comes between them and the citizen.
    if held is not None and staff_present:
        return []
    return [
        add_notice(
            db=db,
            conversation=conversation,
            response="utter_danger_check",
            arguments={"categories": kinds, "message_id": str(message.id)},
            reply_to=message.id,
        )
    ]


def urgent(
    *,
    db: Session,
    conversation: Conversation,
    kinds: str,
    reply_to: int,
    cannot_phone: bool = False,
    asks_to_come: bool = False,
) -> Message:
    """Put the conversation at the top of the staff queue and give the helplines that fit the danger ("violence",
    "violence+homeless") at once; to someone given them who says she cannot phone, while nobody is at the centre,
    where to write."""
    handoff = handoffs.mark_urgent(db=db, conversation=conversation)
    return add_notice(
        db=db,
        conversation=conversation,
        response="utter_urgent_help",
        arguments={
            "categories": kinds,
            "position": handoffs.queue_position(db=db, handoff=handoff),
            "channel": conversation.channel,
            "cannot_phone": cannot_phone,
            "asks_to_come": asks_to_come,
            # A caseworker holds the conversation: the helplines, and nothing of queues or of nobody being there.
            "with_staff": handoff.status == HandoffStatus.assigned,
        },
        reply_to=reply_to,
    )


def answer_of(message: Message) -> Literal["yes", "no", "unclear"] | None:
    """The answer a citizen's message gave to the danger question (its button's payload, pressed or typed), if any:
    "unclear" for one taken as a Yes that does not say yes («δεν ξερω», I don't know: safer taken as danger, but not
    to be shown to staff as a Yes, as an independent try found)."""
    payload = message.payload or ""
    if message.sender != Sender.citizen or not is_danger_payload(payload):
        return None
    if not payload.startswith(IN_DANGER):
        return "no"
    says_yes = _SAYS_YES_FORMS.get(message.language, frozenset()) | _SAYS_YES_FORMS["en"]
    return "yes" if _begins_with(_comparable(message.text), says_yes) else "unclear"


def answer_check(*, db: Session, conversation: Conversation, message: Message) -> CheckAnswer:
    """Answer Yes or No to the danger question (the message's payload)."""
    payload = message.payload or ""
    if payload.startswith(IN_DANGER):
        kinds = payload.removeprefix(IN_DANGER)
        return CheckAnswer([urgent(db=db, conversation=conversation, kinds=kinds, reply_to=message.id)])
    thanks = add_notice(
        db=db,
        conversation=conversation,
        response="utter_not_in_danger",
        arguments={"with_staff": conversation.state != ConversationState.bot},
        reply_to=message.id,
    )
    if says_more_than_no(message.text, conversation.language):
        # Typed, a No that goes on to ask something is answered by the bot: that question is the person's now.
        return CheckAnswer([thanks], answer_again=message)
    asked_about = payload.removeprefix(NOT_IN_DANGER)
    original = db.get(Message, int(asked_about)) if asked_about.isdigit() else None
    if original is None or original.conversation_id != conversation.id or original.sender != Sender.citizen:
        return CheckAnswer([thanks])
    # A message that also asked something else goes to the bot, outside any form. One that asked nothing else
    # goes back to the form it answered, if one was waiting: "I am so tired of everything" alone would only get
    # "I did not understand" from the bot at large.
    return CheckAnswer(
        [thanks], answer_again=original, only_to_a_form=not recogniser().has_ordinary_part(original.text)
    )


def _question_buttons(*, db: Session, conversation: Conversation, before: int | None = None) -> dict[str, str]:
    """The danger question's buttons ("yes", "no": payload) when it is the last thing the citizen was asked."""
    query = select(Message).where(Message.conversation_id == conversation.id, Message.sender != Sender.citizen)
    if before is not None:
        query = query.where(Message.id < before)
    last = db.scalar(query.order_by(Message.id.desc()).limit(1))
    return _danger_buttons(last) if last else {}


def _danger_buttons(message: Message) -> dict[str, str]:
    """A message's buttons of the danger question, by answer ("yes", "no": payload); empty for any other message."""
    return {
        button["payload"].split(":")[2]: button["payload"]
        for button in message.buttons or []
        if is_danger_payload(button.get("payload", ""))
    }


def _open_question_buttons(*, db: Session, conversation: Conversation, before: int | None = None) -> dict[str, str]:
    """The danger question's buttons when it is the last thing the citizen was asked; or, while they wait for a
    person, when it is still unanswered: asked for a person and told to wait, the question is still on the screen,
    and what is typed answers it (helper-139's retry typed "nobody is in danger", helper-147's try "no", «οχι», "Na",
    "why do you ask", and each was no answer)."""
    buttons = _question_buttons(db=db, conversation=conversation, before=before)
    if not buttons and conversation.state == ConversationState.waiting:
        buttons = _unanswered_question_buttons(db=db, conversation=conversation, before=before)
    return buttons


# How far back an answer typed while waiting looks for its question: the replies to a few messages since.
_QUESTION_LOOKBACK = 10


def _unanswered_question_buttons(
    *, db: Session, conversation: Conversation, before: int | None = None
) -> dict[str, str]:
    """The buttons of the latest danger question, if no answer (a Yes or No, pressed or typed) came after it, nor
    anything a caseworker wrote (a "no" is then theirs)."""
    query = select(Message).where(
        Message.conversation_id == conversation.id,
        or_(
            Message.sender != Sender.citizen,
            Message.payload.startswith(IN_DANGER),
            Message.payload.startswith(NOT_IN_DANGER),
        ),
    )
    if before is not None:
        query = query.where(Message.id < before)
    for message in db.scalars(query.order_by(Message.id.desc()).limit(_QUESTION_LOOKBACK)):
        if message.sender in (Sender.citizen, Sender.staff):
            return {}  # answered, or a caseworker has written since
        if buttons := _danger_buttons(message):
            return buttons
    return {}


def _open_question(*, db: Session, conversation: Conversation, before: int) -> bool:
    return bool(_question_buttons(db=db, conversation=conversation, before=before))


# A hesitation before the answer ("hmm i dont know", "umm yes") hid it (helper-135's retry).
_HESITATION = re.compile(r"^(?:h+m+|u+m+|e+r+m+|u+h+)\s+")


def typed_answer(*, db: Session, conversation: Conversation, text: str) -> str | None:
    """The payload of the danger question's button that a typed Yes or No means, when the question is the last
    thing the citizen was asked; otherwise None.

    People answer with more than a word ("yes i need help", «οχι, ολα καλα»): the longest Yes or No the message
    begins with decides, a Yes when both fit ("na janav", I don't know, begins with Romani "na", no), and a No that
    goes on to ask for help is a Yes."""
    words = _HESITATION.sub("", _comparable(text))
    yes = _begins_with(words, _YES_FORMS.get(conversation.language, frozenset()) | _YES_FORMS["en"])
    no = _begins_with(words, _NO_FORMS.get(conversation.language, frozenset()) | _NO_FORMS["en"])
    # "nobody is in danger" in so many words, wherever it is said ("im not in danger", «ما حدا بخطر»).
    no = no or max((len(phrase) for phrase in _NOBODY_IN_DANGER if phrase in f" {words} "), default=0)
    if not yes and not no and not _denies(words):
        return None  # before the query: most messages are neither, and every citizen message comes here (issue 22)
    buttons = _open_question_buttons(db=db, conversation=conversation)
    if not buttons:
        return None
    if (yes and yes >= no) or _goes_on_to_more(text):
        return buttons["yes"]
    return buttons["no"]


# Asking why the question was asked, or what it means ("why do you ask?", «γιατί με ρωτάτε;», «ليش عم تسألني؟», "sostar
# pučhes?"): a why, or a "what do you mean", and no word beyond asking and pointing at the question. "why did they
# stop my rent allowance?" asks something else, and goes to the bot.
_WHY = frozenset(
    map(
        _comparable,
        (
            *("why", "wdym", "wym", "γιατι", "γιατί", "γτ", "giati", "giat", "yiati", "gt"),
            *("ليش", "لماذا", "ليه", "لشو", "علاش", "علاه", "lesh", "leish", "lish", "leh", "laish", "3lash", "3alash"),
            *("sostar", "soske", "sose", "sosa", "sosko", "σοστάρ", "σοστάρι", "σόσκε", "σόσε", "σόσα"),
        ),
    )
)
# Longest first, so that "what do you mean" is taken whole before "what".
_WHAT_IT_MEANS = sorted(
    (
        f" {_comparable(phrase)} "
        for phrase in (
            *("what do you mean", "what does that mean", "what does it mean", "what is this", "whats this", "what"),
            *("τι εννοεις", "τι εννοειτε", "τι σημαινει", "τι ειναι αυτο", "τι δηλαδη", "ti ennoeis", "ti enoeis"),
            *("شو يعني", "ايش يعني", "ماذا تقصد", "شو قصدك", "شو بتقصد", "ماذا يعني", "shu ya3ni", "sho ya3ni"),
            *("shu 2asdak", "esh ya3ni", "so kames te phenes", "so phenes", "so si kado", "σο κάμες τε φένες"),
            # Not understanding the question, or asking about it (helper-139's retry: "na haljovav", I don't
            # understand, begins with Romani "na", no, and was taken as a No).
            *("i dont understand", "dont understand", "i do not understand", "i dont get it", "dont get it"),
            *("no idea what you mean", "no idea what ur on about", "no idea what youre on about", "idk what you mean"),
            *("not sure what you mean", "what kind of danger"),
            *("do you think im in danger", "do you think i am in danger"),
            *("δεν καταλαβαινω", "δεν καταλαβα", "den katalavainw", "den katalabainw", "den katalava", "τι σχεση εχει"),
            *("νομιζεις οτι κινδυνευω", "νομιζετε οτι κινδυνευω", "nomizeis oti kindyneuw", "τι κινδυνο"),
            *("ما فهمت", "ما فهمت عليك", "مش فاهم", "مش فاهمة", "ma fhemt", "ma fhmt", "mish fahem", "mesh fahma"),
            *("انت مفكر اني بخطر", "enta fakrni b5atar", "enta fakerni b5atar", "shu y3ni 5atar"),
            *("na haljovav", "ni haljovav", "na xaljovav", "na hajovav", "να χαλιοβαβ", "να χαλιοβάβ"),
            *("na zhanav so phenes", "na janav so phenes", "tu gndis kaj me sem ando dar"),
            # Asking back whether the assistant says one is in danger (helper-139's retry: read as a Yes).
            *("are you saying im in danger", "are you saying i am in danger", "you saying im in danger"),
            *("μου λες οτι ειμαι σε κινδυνο", "μου λετε οτι ειμαι σε κινδυνο", "μου λες οτι κινδυνευω"),
            *("mou les oti eimai se kindino", "mou les oti eimai se kindyno", "mou les oti kindyneuw"),
            *("عم تقلي انا بخطر", "عم تقلي اني بخطر", "عم تقولي اني بخطر", "3am t2elli ene b5atar"),
            *("3am t2elli ana b5atar", "3am t2ooli ana b5atar"),
            *("phenes kaj me sem ando dar", "phenes kaj sem ando dar"),
            # helper-147's try: thinking one in danger, and "what do you mean, danger?", asked back.
            *("u think im in danger", "you think im in danger", "you think i am in danger", "what do you mean danger"),
            *(
                "wdym danger",
                "ti ennoeis kindyneuw",
                "ti enoeis kindyneuw",
                "τι εννοεις κινδυνευω",
                "τι εννοεις κινδυνο",
            ),
            # helper-149's retry: Egyptian, standard Arabic, Romani and Greeklish, as it typed them.
            *("قصدك ايه", "2asdak eh", "2asdak eih", "asdak eh", "تظن انني في خطر", "تظن اني في خطر"),
            *("so kamen te phenen", "nomizeis oti kindinevw", "nomizete oti kindinevw"),
            *("مفكر انا بخطر", "مفكرني بخطر", "مفكرة انا بخطر", "شو قصدك بخطر", "fakrni b5atar", "mfakerni b5atar"),
        )
    ),
    key=len,
    reverse=True,
)
_ABOUT_THE_QUESTION = frozenset(
    _comparable(word)
    for words in (
        "do does did you u ya ask asking asked asks me this that it question such a the is are r so what whats mean "
        "by like said say saying huh oh exactly thing",
        "με μου μας σας σου ρωτας ρωτατε ρωτησες ρωτησατε ρωταει ρωταω αυτο αυτα τετοια τετοιο τι εννοεις εννοειτε "
        "δηλαδη σημαινει ειναι το τα να ρε βρε εσυ εσεις ερωτηση rwtas rotas rwtate rotate rwthses me mou mas sas "
        "sou auto afto ayto ti ennoeis enoeis dhladh diladi shmainei simainei to ta na re",
        "عم تسأل تسال بتسأل بتسال تسألني تسالني بتسألني بتسالني تسألوني هيك هاد هذا هالسؤال السؤال سؤال يعني شو ايش "
        "ماذا تقصد قصدك بتقصد كده كدا انت إنت هيدا بتقول تقول tes2al tis2al btes2al bts2al btis2alni tes2alni 3am 3m "
        "hek heik hayk hal so2al su2al ya3ni yaani shu sho shou esh eish 2asdak asdak bt2sod t2sod keda kida enta "
        "inta enti inti bt2ol",
        "pučhes puchhes puches pushes pušes pučes pučhen mange man mande kado kodo kadava adava ada kava so kames te "
        "phenes phene tu si πούτσες πούτσχες πούσες μάνγκε μάν μάντε κάντο κόντο σο σι κάμες τε φένες",
    )
    for word in words.split()
)
# The question itself, named in asking why it was asked ("why are you asking if im safe", «γιατί με ρωτάτε αν
# κινδυνεύω;»): a condition, not a claim of danger, so it is no word beyond asking.
_THE_QUESTION_ITSELF = tuple(
    f" {_comparable(phrase)} "
    for phrase in (
        *("if i am in danger", "if im in danger", "if i am safe", "if im safe", "if im ok", "if i am ok"),
        *("if we are in danger", "if anyone is in danger", "if someone is in danger", "if im in any danger"),
        *("αν κινδυνευω", "αν κινδυνευουμε", "αν κινδυνευει κανεις", "αν ειμαι καλα", "αν ειμαι ασφαλης"),
        *("an kindyneuw", "an kinduneuw", "an kindinevo", "an eimai kala"),
        *("اذا انا بخطر", "إذا كنت في خطر", "اذا كنت بخطر", "اذا انا منيح", "iza ana b5atar", "eza ana b5atar"),
        *("iza ana bi 5atar", "te sem ando dar", "te sam ando dar", "te sijum ando dar"),
    )
)
_LONGEST_WHY = 10


def asks_why(text: str) -> bool:
    """Tell whether a message only asks why the danger question was asked, what it means, or says it is not
    understood."""
    words = f" {_comparable(text)} "
    for phrase in _THE_QUESTION_ITSELF:
        words = words.replace(phrase, " ")
    asks = False
    for phrase in _WHAT_IT_MEANS:
        if phrase in words:
            asks, words = True, words.replace(phrase, " ")
    split = words.split()
    if len(split) > _LONGEST_WHY or not all(w in _WHY or w in _ABOUT_THE_QUESTION for w in split):
        return False
    return asks or any(word in _WHY for word in split)


def why_asked(*, db: Session, conversation: Conversation, text: str) -> str | None:
    """The payload of a typed "why do you ask?" when the danger question is the last thing the citizen was asked."""
    if not asks_why(text):
        return None  # before the query: nearly every message asks no such thing (issue 22)
    return WHY_ASKED if _open_question_buttons(db=db, conversation=conversation) else None


def tell_why(*, db: Session, conversation: Conversation, message: Message) -> Message:
    """Why the danger question was asked, and the question again with the same Yes and No."""
    buttons = _open_question_buttons(db=db, conversation=conversation, before=message.id)
    return add_notice(
        db=db,
        conversation=conversation,
        response="utter_danger_why",
        arguments={
            "categories": buttons.get("yes", IN_DANGER).removeprefix(IN_DANGER),
            "message_id": buttons.get("no", NOT_IN_DANGER).removeprefix(NOT_IN_DANGER),
        },
        reply_to=message.id,
    )


# Calling and speaking, said with a negation in one clause: the person cannot phone ("na shaj vakerav ko telefono",
# «δεν μπορώ να μιλήσω», "i cant call, he will hear me", «ما بقدر احكي عالتلفون»).
_CALLING = frozenset(
    normalise_words(
        "call ring phone talk speak telephone τηλέφωνο τηλεφωνο τηλεφωνήσω μιλήσω μιλάω tilefono thlefwno telefono "
        "milisw milhsw milaw milao tilefonisw thlefwnhsw احكي اتكلم اتصل احكى تلفون التلفون عالتلفون بالتلفون "
        "e7ki et2alam atasal vakerav akharav telefonosa"
    ).split()
)
# Romani "cannot" in one word, which no negation list holds ("nashti vakerav").
_CANNOT = frozenset(normalise_words("nashti našti nasti nastik ναστι").split())


def cannot_phone(text: str) -> bool:
    """Tell whether a message says the person cannot talk or call on the phone: after the helplines, she is told
    where to write rather than to call, again (helper-101's try)."""
    # Greeklish «να» is not the Romani "na", not: "thelw na milisw me anthrwpo" asks to talk (helper-154's try).
    return any(
        (negated(without_greeklish_na(" ".join(words))) or not _CANNOT.isdisjoint(words))
        and not _CALLING.isdisjoint(words)
        for words in clause_words(text)
    )


# Coming to the centre, said by the person of themselves ("can I come tomorrow after school?", «μπορώ να έρθω;»,
# «ممكن اجي لعندكم؟», "shaj te avav?"): first-person forms only, so that "he will come back tonight" is not read so.
_COMING = frozenset(
    normalise_words(
        "ερθω ερθουμε ρθω ρθουμε ελθω περασω ertho erthw erthoume erthoyme rthw rtho perasw peraso "
        "اجي نجي اتي ناتي اجيكم اجيلكم نجيكم نجيلكم احضر aji eji ajikon ajikom avav avas avaw "
        # When the centre opens or closes.
        "ανοιγετε κλεινετε ανοιχτα ωραριο anoigete kleinete klinete anoixta wrario orario "
        "بتفتحوا بتسكروا تفتحون تغلقون مفتوحين دوام btefta7o btsakro phuterdo"
    ).split()
)
_COMING_EN = re.compile(
    r"\b(?:can|could|may|should|shall|when|where)\s+(?:i|we)\s+(?:come|visit)\b"
    r"|\b(?:i|we)\s+(?:can|could|will|wanna|want to|would like to)\s+(?:come|visit)\b"
    r"|\bcome\s+(?:to|over to|and see)\s+(?:you|the (?:centre|center|office))\b"
    # ... or when the centre opens ("what time do you open tomorrow?"; in the other languages, the words above).
    r"|\b(?:when|what time)\b.*\b(?:open|close)\b|\b(?:opening hours|are you open)\b"
)


def asks_to_come(text: str) -> bool:
    """Tell whether a message asks to come to the centre in person, or when it opens, not saying that one cannot: a
    person in danger who asks is told when and where it is open, beside the helplines (an independent try: a
    16-year-old's "can I come tomorrow after school?" got the same numbers again, and no answer)."""
    for words in clause_words(text):
        said = " ".join(words)
        if (not _COMING.isdisjoint(words) or _COMING_EN.search(said)) and not negated(without_greeklish_na(said)):
            return True
    return False


def denies_danger(text: str) -> bool:
    """Tell whether a message denies, in so many words, being a danger to oneself ("im not gonna kill myself")."""
    return _denies(_comparable(text))


def _denies(words: str) -> bool:
    """`denies_danger` of words already made comparable (every citizen message is read here: issue 22), or of
    nobody being in danger (`_DENYING`)."""
    return any(phrase in f" {words} " for phrase in _DENYING)


def says_more_than_no(text: str, language: str) -> bool:
    """Tell whether a typed No goes on to say or ask something else ("no, nobody is in danger, I just need help with
    the rent"), beyond the No itself, being fine and thanks."""
    plain = (
        _NO_FORMS.get(language, frozenset())
        | _NO_FORMS["en"]
        | _NOTHING_MORE
        | {phrase.strip() for phrase in _NOBODY_IN_DANGER}
    )
    words = _comparable(text).split()
    while cut := max((n for n in range(1, _LONGEST_NO + 1) if " ".join(words[:n]) in plain), default=0):
        words = words[cut:]
    # Three words at least: "ολα καλα" is still fine, "help with rent" a question.
    return len(words) >= 3


def _goes_on_to_more(text: str) -> bool:
    """Tell whether a No goes on to ask for help or to a "but". The Arabic «بس» ends a clause as "just" («تعبان بس»,
    just tired) and begins one as "but" («بس بدي حدا»): only the second counts. Help asked for after saying that
    nobody is in danger is another kind of help."""
    said = f" {_comparable(text)} "
    told = any(phrase in said for phrase in _NOBODY_IN_DANGER) or _denies(said.strip())
    more = _BUT if told else _NOT_A_PLAIN_NO
    for clause in _CLAUSE_ENDS.split(text):
        words = _comparable(clause).split()
        if more & set(words[:-1] if words and words[-1] == _JUST else words) and not _ASKING & set(words):
            return True
    return False


def _begins_with(words: str, phrases: frozenset[str]) -> int:
    """The length of the longest phrase that the words are or begin with (as whole words); 0 when none."""
    return max((len(phrase) for phrase in phrases if words == phrase or words.startswith(f"{phrase} ")), default=0)


def kinds_seen(*, db: Session, conversation: Conversation) -> str:
    """The kinds of danger read in a conversation's messages, the first seen first ("violence+homeless")."""
    seen = db.scalars(
        select(Message.danger)
        .where(Message.conversation_id == conversation.id, Message.danger.is_not(None))
        .order_by(Message.id)
    )
    return "+".join(dict.fromkeys(kind for danger in seen for kind in danger.split(":", 1)[1].split("+")))


def _later(taken: dt.datetime | None, sign: dt.datetime) -> bool:
    """Tell whether a conversation was taken after a sign of danger. SQLite keeps a message's time to the second: a
    sign in the same second as the taking counts as after it, so that a new sign is never hidden."""
    return taken is not None and taken.replace(microsecond=0) > sign.replace(microsecond=0)


def awaits_help(*, db: Session, conversation: Conversation) -> bool:
    """Whether the person told of danger, has not answered No, and no caseworker has seen it since."""
    check = latest_checks(db=db, conversation_ids=[conversation.id]).get(conversation.id)
    return check is not None and check.awaits_help


def latest_checks(*, db: Session, conversation_ids: list[str]) -> dict[str, Check]:
    """For each conversation in which the recogniser saw danger: the danger staff must know of — the latest clear
    reading if there is one (a later, milder message does not make it milder), else the latest possible one, made
    clear by a Yes — and the citizen's answer to the question after the latest possible one."""
    if not conversation_ids:
        return {}
    flagged = db.execute(
        select(Message.conversation_id, Message.id, Message.danger, Message.created_at)
        .where(Message.conversation_id.in_(conversation_ids), Message.danger.is_not(None))
        .order_by(Message.id)
    ).all()
    latest: dict[str, tuple[int, str]] = {}
    last_sign = {conversation_id: at for conversation_id, _, _, at in flagged}
    taken = handoffs.last_taken(db=db, conversation_ids=list(last_sign))
    for conversation_id, message_id, seen, _ in flagged:
        if (
            conversation_id in latest
            and latest[conversation_id][1].startswith("clear:")
            and not seen.startswith("clear:")
        ):
            continue
        latest[conversation_id] = (message_id, seen)
    answers = db.scalars(
        select(Message)
        .where(
            Message.conversation_id.in_(list(latest)),
            Message.sender == Sender.citizen,
            # Yes and No; a "why do you ask?" (WHY_ASKED) answers nothing.
            or_(Message.payload.startswith(IN_DANGER), Message.payload.startswith(NOT_IN_DANGER)),
        )
        .order_by(Message.id)
    ).all()
    # Said as the conversation says it: «δεν ξερω» is taken as a Yes, and shown as unclear (helper-138's try).
    answered = {
        message.conversation_id: answer_of(message)
        for message in answers
        if message.id > latest[message.conversation_id][0]
    }
    checks = {}
    for conversation_id, (_, seen) in latest.items():
        answer = answered.get(conversation_id)
        if answer in ("yes", "unclear"):
            seen = seen.replace("possible:", "clear:", 1)
        checks[conversation_id] = Check(
            danger=seen, answer=answer, seen_by_staff=_later(taken.get(conversation_id), last_sign[conversation_id])
        )
    return checks
