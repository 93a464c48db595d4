"""The model understands people who do not write like its training data: negation, moving an appointment, an angry
request for a person, other government services, follow-ups and needs described without a programme's name.

The negation, follow-up and described-need messages here were all misunderstood by the model before the everyday
data, the negation features and the fallback threshold chosen on the tuning set; the others guard patterns reported
with it. The figures on whole sets are `make eval`'s (docs/measuring.md)."""

import httpx
import pytest

from knowledge.loader import load_other_benefits
from multilingual.features import intent_features, mark_negation
from multilingual.references import new_reference
from tests.citizen import Citizen, rendered
from tools.stack import Stack


def test_negation_marks_the_words_it_governs() -> None:
    assert mark_negation("i dont want to cancel i want a new one") == (
        "i dont not_want not_to not_cancel i want a new one"
    )
    assert mark_negation("δεν θελω ακυρωση") == "δεν not_θελω not_ακυρωση"
    # The plain words stay beside the marked ones, and Greeklish meets Greek through their sounds.
    assert "cancel" in intent_features("dont cancel").split()


def parse(stack: Stack, text: str) -> dict:
    return httpx.post(f"{stack.rasa_url}/model/parse", json={"text": text}, timeout=10).json()


def understood_intent(parsed: dict) -> str:
    """The intent the bot acts on: a fallback is no understanding."""
    return parsed["intent"]["name"]


def programme(parsed: dict) -> str | None:
    return next((e["value"] for e in parsed.get("entities") or [] if e["entity"] == "programme"), None)


@pytest.mark.rasa
@pytest.mark.parametrize(
    ("text", "intent"),
    [
        # Refusing to cancel while asking for another appointment is a booking.
        ("dont cancel anything pls, i need one more appointment for my son", "book_appointment"),
        ("οχι δεν θελω να το ακυρωσω, θελω αλλο ενα ραντεβου για τη γυναικα μου", "book_appointment"),
        ("ما بدي الغي شي، بدي موعد تاني لأختي", "book_appointment"),
        ("na kamav te akirosav, mangav aver rantevu vaš mi daj", "book_appointment"),
        # Coming earlier or later than a booked time is a change, not a new booking.
        ("my appointment is at 9 but i cant make it, can i come in the afternoon instead", "cancel_appointment"),
        ("εχω ραντεβου στις 10 αλλα δουλευω, μπορω να ερθω πιο αργα;", "cancel_appointment"),
        ("موعدي الساعة ٩ بس ما بلحق، فيني اجي بعد الضهر؟", "cancel_appointment"),
        # A frustrated request for a person, insults and all.
        ("this bot is useless, put me through to a real person", "request_human"),
        ("αχρηστο ρομποτ, θελω να μιλησω με υπαλληλο τωρα", "request_human"),
        ("انت ما بتفهم شي، بدي احكي مع موظف", "request_human"),
        # Other government services are not the centre's.
        ("how do i renew my kids passport", "out_of_scope"),
        ("πως βγαζω διαβατηριο για το παιδι μου;", "out_of_scope"),
        ("كيف بطلع باسبور لابني؟", "out_of_scope"),
    ],
)
def test_the_intent_of_everyday_messages(stack: Stack, text: str, intent: str) -> None:
    assert understood_intent(parse(stack, text)) == intent


@pytest.mark.rasa
@pytest.mark.parametrize(
    "text",
    ["and if we are five?", "κι αν ειμαστε 5 ατομα;", "وإذا كنا خمسة؟", "a te sam pandž džene?"],
)
def test_a_follow_up_about_family_size_asks_an_amount_and_names_no_programme(stack: Stack, text: str) -> None:
    # The bot keeps the programme the conversation is about; the follow-up must not name another.
    parsed = parse(stack, text)
    assert understood_intent(parsed) == "ask_amount"
    assert programme(parsed) is None


@pytest.mark.rasa
@pytest.mark.parametrize(
    "text",
    [
        "my children go to sleep hungry, what can we do",
        "τα παιδια μου κοιμουνται νηστικα, τι μπορουμε να κανουμε;",
        "ولادي بيناموا جوعانين، شو فينا نعمل؟",
    ],
)
def test_a_need_told_without_a_programme_name_finds_the_programme(stack: Stack, text: str) -> None:
    assert programme(parse(stack, text)) == "teba"


@pytest.mark.rasa
@pytest.mark.parametrize(
    "text",
    [
        "ο μικρός έχει εμβόλια αύριο, μπορώ να έρθω Πέμπτη;",
        "ήμουν στο νοσοκομείο με το παιδί και άργησα, μπορώ να έρθω στις 12;",
        "argisa giati imoun sto nosokomeio, boro na erthw stis 12?",
        "i came late because i was at the farmaka shop",
    ],
)
def test_an_everyday_word_once_annotated_as_a_programme_does_not_make_a_message_about_it(
    stack: Stack, text: str
) -> None:
    # A word annotated once as a programme's span («νοσοκομείο», "farmaka") was a programme name for certain (1.0):
    # a late arrival from the hospital was answered about free health care.
    assert programme(parse(stack, text)) is None


@pytest.mark.rasa
@pytest.mark.parametrize("text", ["βοηθεια", "Βοήθεια!", "voitheia", "help", "help me please", "βοηθεια παρακαλω"])
def test_help_alone_is_no_programme(stack: Stack, text: str) -> None:
    # Found by an independent try: «βοηθεια» alone was answered about Help at Home (Βοήθεια στο Σπίτι).
    assert programme(parse(stack, text)) is None


@pytest.mark.rasa
@pytest.mark.parametrize("name", ["Maria", "Μαρία", "Eleni Maria", "Fatima", "Giorgos Papadopoulos"])
def test_a_name_alone_is_not_a_request_for_a_person(stack: Stack, name: str) -> None:
    # The booking form asks for a name; a staff member's name in the training data must not turn it into a handoff.
    assert understood_intent(parse(stack, name)) != "request_human"


@pytest.mark.rasa
@pytest.mark.parametrize(("language", "phone"), [("el", "6945678901"), ("en", "+44 7911 123456"), ("ar", "٦٩٤٥٦٧٨٩٠١")])
def test_a_phone_number_written_alone_is_told_the_assistant_calls_nobody(
    stack: Stack, language: str, phone: str
) -> None:
    # Found by helper-96's try: a phone number written alone, as to be called back, was met with "I did not
    # understand", and the person waited for a call that would never come.
    citizen = Citizen(stack, language)
    citizen.say(phone)
    assert citizen.texts() == [rendered("utter_phone_alone", language)]
    assert citizen.texts() != [rendered("utter_ask_rephrase", language)]


@pytest.mark.rasa
@pytest.mark.parametrize("text", ["привіт", "хочу записатися на прийом", "а можна інший день?", "дякую"])
def test_a_message_in_a_script_the_model_never_saw_is_not_understood(stack: Stack, text: str) -> None:
    # Found when Ukrainian was added: every Cyrillic message was read as "yes" (0.74), which in a booking's
    # "Shall I go ahead?" booked what the person asked to change. Not understood, the person is asked again and then
    # offered a person.
    assert understood_intent(parse(stack, text)) == "nlu_fallback"


@pytest.mark.rasa
def test_a_booking_reference_typed_alone_says_nothing_of_what_the_person_wants(stack: Stack) -> None:
    """Asked for their reference, a citizen types it. "a73man" read as Arabizi for "I want someone" (7 ح, 3 ع) and
    handed a Greek citizen changing an appointment to the staff queue (a booking test failed on the random reference
    of its run); others read as checking in, or as out of scope. A reference with a digit, typed alone as printed or
    in lower case, carries no intent: the form asking for it takes it, and outside a form the assistant asks again.
    (Without a digit a code can be a word: "MANGAV" is Romani for "I want".)"""
    references = ["A73MAN", "7AJA4T", "3C733Q", *(new_reference() for _ in range(300))]
    read_as_intent = {}
    for reference in (code for code in references if any(ch.isdigit() for ch in code)):
        for typed in (reference, reference.lower()):
            intent = understood_intent(parse(stack, typed))
            if intent != "nlu_fallback":
                read_as_intent[typed] = intent
    assert read_as_intent == {}


@pytest.mark.rasa
@pytest.mark.parametrize(
    ("text", "intent"),
    [
        # Named by helper-89's try: pleasantries first, the question last, and the assistant only said hello back.
        ("hello good evening i hope you are well, i wanted to ask, can i get the child benefit", "ask_eligibility"),
        ("kalhspera sas, ti kanete? 8a h8ela na kleisw ena rantevou", "book_appointment"),
        ("السلام عليكم، الله يعطيكم العافية. كيف بقدم على المساعدة الغذائية؟", "ask_how_to_apply"),
        ("thanks a lot! and what papers do i need for it", "ask_documents"),
        # Pleasantries alone stay pleasantries.
        ("hello, good evening", "greet"),
        ("thank you so much, have a nice day", "thank"),
    ],
)
def test_a_question_after_pleasantries_is_the_question(stack: Stack, text: str, intent: str) -> None:
    assert understood_intent(parse(stack, text)) == intent


@pytest.mark.rasa
@pytest.mark.parametrize(
    "text",
    [
        # From helper-92's try: the documents for the minimum income came back, the programme of the conversation.
        "kif bi2dam 3a e3anet el wlad? shu el awra2 yalli lazem jeeb?",
        "شو الاوراق لاعانة الولاد؟",
    ],
)
def test_child_benefit_named_in_levantine_and_arabizi_is_child_benefit(stack: Stack, text: str) -> None:
    assert programme(parse(stack, text)) == "child_benefit"


HOUSING_AMOUNTS = {
    "el": "ποσο ειναι το επιδομα στεγασης;",
    "en": "how much is the housing allowance",
    "ar": "قديش بدل الإيجار؟",
    "rom": "kitsi love del o epidomo stegasis?",
}


@pytest.mark.rasa
@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("el", "πως παιρνω το επιδομα θερμανσης;"),
        ("el", "epidoma thermansis pote vgainei"),
        ("en", "how do i get the heating allowance"),
        ("ar", "كيف بقدم على بدل التدفئة"),
        # From helper-95's try: the article joined to "for" («للتدفئة») was not read, and "which programme?" asked.
        ("ar", "مرحبا في مساعدة للتدفئة هالشتوية؟"),
        ("rom", "sar te lav o epidomo thermansis?"),
    ],
)
def test_a_benefit_the_centre_has_no_information_on_is_said_so_not_answered_as_another(
    stack: Stack, language: str, text: str
) -> None:
    # Found by an independent try: the heating allowance was answered with the housing allowance's rules (and, asked
    # otherwise, child benefit's): a wrong amount for a benefit the assistant knows nothing about. Asked straight
    # away, and asked after another programme's amounts (the conversation's programme must not answer it).
    for before in ((), (HOUSING_AMOUNTS[language],)):
        citizen = Citizen(stack, language)
        for said in before:
            citizen.say(said)
        citizen.say(text)
        assert citizen.texts() == [rendered("utter_no_information_on", language, benefit="heating_allowance")]
        said = citizen.texts()[0]
        assert load_other_benefits()["heating_allowance"].names[language] in said


@pytest.mark.rasa
@pytest.mark.parametrize(
    ("language", "text", "benefit"),
    [
        # From independent tries (helper-94 and helper-95): benefits described rather than named were answered as
        # one of the centre's programmes: a birth and maternity money as child benefit, a pension for a mother who
        # never worked and a home without heating as Help at Home, student housing as the housing allowance.
        ("en", "is there maternity money?", "maternity_allowance"),
        ("el", "epidoma mitrotitas pws to pairnw", "maternity_allowance"),
        ("en", "i just had a baby, is there money for that", "birth_allowance"),
        ("el", "γέννησα πριν ένα μήνα, δίνουν κάτι για το μωρό;", "birth_allowance"),
        ("en", "my mother is 70 and never worked, can she get a pension?", "uninsured_elderly_pension"),
        ("ar", "امي عمرها 70 وما اشتغلت، بتاخد معاش؟", "uninsured_elderly_pension"),
        ("rom", "mi daj si 70 bersh, shaj lel sindaksi?", "uninsured_elderly_pension"),
        # Asked first whether anyone was in danger from 2026-12-06 (0.41) to 2026-12-07 (0.38 with the Arabizi data).
        ("en", "we are freezing at home, no money for oil", "heating_allowance"),
        ("el", "κρυώνουμε στο σπίτι, δεν έχουμε πετρέλαιο", "heating_allowance"),
        ("en", "is there help with student housing", "student_housing_allowance"),
    ],
)
def test_a_benefit_described_rather_than_named_is_not_answered_as_a_programme(
    stack: Stack, language: str, text: str, benefit: str
) -> None:
    citizen = Citizen(stack, language)
    citizen.say(text)
    assert citizen.texts() == [rendered("utter_no_information_on", language, benefit=benefit)]
    assert load_other_benefits()[benefit].names[language] in citizen.texts()[0]


@pytest.mark.rasa
@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "i need help with the rent and with the heating allowance"),
        ("el", "θελω βοηθεια για το ενοικιο και για το επιδομα θερμανσης"),
    ],
)
def test_a_programme_and_another_benefit_asked_together_are_both_answered(
    stack: Stack, language: str, text: str
) -> None:
    # Found by helper-95's try: asked about the rent and the heating allowance in one message, the assistant answered
    # the housing allowance alone, and the person was left believing the heating was answered too.
    citizen = Citizen(stack, language)
    citizen.say(text)
    said = citizen.texts()
    assert programme(parse(stack, text)) == "housing_allowance"
    assert said[-1] == rendered("utter_no_information_on", language, benefit="heating_allowance")
    assert len(said) >= 2  # the housing allowance's answer before it


@pytest.mark.rasa
def test_two_benefits_the_centre_has_no_information_on_asked_together_are_both_named(stack: Stack) -> None:
    # Found by helper-96's try: a pension for a sister who never worked and the heating allowance, asked in one
    # message, were answered with child benefit's rules (and, at the kiosk, Help at Home's).
    citizen = Citizen(stack, "el")
    citizen.say(
        "kalimera paidi mou. h adelfh mou einai 72 xronwn kai den doulepse pote, dikaioutai kapoia syntaksh? "
        "kai to epidoma thermanshs gia to petrelaio pws to pairnoume?"
    )
    both = ["heating_allowance", "uninsured_elderly_pension"]
    assert citizen.texts() == [rendered("utter_no_information_on", "el", benefit=both)]
    assert all(load_other_benefits()[benefit].names["el"] in citizen.texts()[0] for benefit in both)


@pytest.mark.rasa
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Naming one of the centre's programmes beside another benefit is about the centre's programme.
        ("does the disability allowance count as income for the housing allowance?", "housing_allowance"),
        ("το επιδομα θερμανσης μετραει σαν εισοδημα για το επιδομα ενοικιου;", "housing_allowance"),
    ],
)
def test_a_centre_programme_named_beside_another_benefit_is_still_the_programme(
    stack: Stack, text: str, expected: str
) -> None:
    assert programme(parse(stack, text)) == expected
