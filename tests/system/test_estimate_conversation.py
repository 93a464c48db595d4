"""The estimate in the conversation, through the hub with the real model, in each of the four languages: started by
a question about amounts or eligibility, or from a programme answer; numbers typed in words, digits and Arabic-Indic
digits; the result per programme; and a booking for help with an application that carries the answers."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk_api.appointments.models import Appointment
from kiosk_api.database import get_engine
from kiosk_api.estimates.service import answers_summary, disclaimer
from kiosk_api.i18n import Translator, money
from knowledge.estimator import LIKELY, Household, estimate, load_rules
from tests.citizen import Citizen, rendered
from tools.stack import Stack

# How each conversation starts, and the five answers as a person types them.
CONVERSATIONS = {
    "el": {
        "start": "πόσα λεφτά μπορώ να πάρω;",
        "answers": ["δύο", "ένα παιδί", "τριακόσια ευρώ", "400", "όχι"],
        "household": Household(adults=2, children=1, monthly_income=300, rent=400, single_parent=False),
    },
    "en": {
        "start": "am i eligible for anything?",
        "answers": ["one", "two kids", "about one hundred and fifty euros", "none", "yes"],
        "household": Household(adults=1, children=2, monthly_income=150, rent=None, single_parent=True),
    },
    "ar": {
        "start": "كم ممكن آخد مساعدات؟",
        "answers": ["٣", "٤", "٢٥٠", "٦٠٠", "لا"],
        "household": Household(adults=3, children=4, monthly_income=250, rent=600, single_parent=False),
    },
    "rom": {
        "start": "dikh so šaj lav",
        "answers": ["duj", "trin", "šel", "panž šel", "na"],
        "household": Household(adults=2, children=3, monthly_income=100, rent=500, single_parent=False),
    },
}
NOT_A_NUMBER = {"el": "πολλοί", "en": "lots of us", "ar": "كتير", "rom": "but"}


def said(citizen: Citizen) -> str:
    """The bot's last replies as one text (Rasa sends each paragraph of a response as its own message)."""
    return "\n\n".join(citizen.texts())


def expected_result(language: str, household: Household) -> str:
    arguments = answers_summary(household)
    return "\n\n".join(
        [
            *(rendered("utter_estimate_programme", language, programme=p, **arguments) for p in load_rules()),
            rendered("utter_estimate_closing", language, **arguments),
        ]
    )


@pytest.mark.rasa
@pytest.mark.parametrize("language", ["el", "en", "ar", "rom"])
def test_a_citizen_gets_an_estimate_in_their_language(stack: Stack, language: str) -> None:
    conversation = CONVERSATIONS[language]
    household: Household = conversation["household"]
    citizen = Citizen(stack, language)

    citizen.say(conversation["start"])
    assert said(citizen) == rendered("utter_ask_estimate_adults", language)
    citizen.say(NOT_A_NUMBER[language])
    assert said(citizen) == "\n\n".join(
        [
            rendered("utter_invalid_estimate_number", language, question="adults"),
            rendered("utter_ask_estimate_adults", language),
        ]
    )
    adults, children, income, rent, single_parent = conversation["answers"]
    citizen.say(adults)
    assert said(citizen) == rendered("utter_ask_estimate_children", language)
    citizen.say(children)
    assert said(citizen) == rendered("utter_ask_estimate_income", language)
    citizen.say(income)
    assert said(citizen) == rendered("utter_ask_estimate_rent", language)
    citizen.say(rent)
    assert said(citizen) == rendered("utter_ask_estimate_single_parent", language)
    citizen.say(single_parent)

    assert said(citizen) == expected_result(language, household)
    # The amounts are the rules' (worked by hand in tests/data/estimator_cases.csv), each in the person's language.
    for found in estimate(household):
        if found.outcome == LIKELY:
            assert money(found.monthly_amount, language) in said(citizen)
    assert disclaimer(Translator(language)) in said(citizen)


@pytest.mark.rasa
def test_a_programme_answer_offers_the_estimate_and_the_booking_carries_the_answers(
    stack: Stack, schedule: None
) -> None:
    citizen = Citizen(stack, "en")
    citizen.say("how much is the housing allowance?")
    citizen.press("/estimate_benefits")
    assert said(citizen) == rendered("utter_ask_estimate_adults", "en")
    for answer in ("2", "0", "0", "350"):
        citizen.say(answer)
    household = Household(adults=2, children=0, monthly_income=0, rent=350, single_parent=False)
    assert said(citizen) == expected_result("en", household)

    citizen.press('"application_help"')
    citizen.press("|")
    assert said(citizen) == rendered("utter_ask_booking_consent", "en", with_estimate=True)
    citizen.say("yes")
    citizen.say("Amal Haddad")
    citizen.say("6912345699")
    citizen.press("/affirm")
    with Session(get_engine(stack.database_url)) as db:
        booked = db.scalars(select(Appointment).where(Appointment.conversation_id == citizen.id)).one()
    assert booked.service_id == "application_help"
    assert booked.details == {"estimate": answers_summary(household)}

    # Once booked, the conversation forgets the answers: a new estimate starts from the first question.
    citizen.say("estimate what I could get")
    assert said(citizen) == rendered("utter_ask_estimate_adults", "en")


@pytest.mark.rasa
def test_without_consent_the_booking_keeps_no_answers(stack: Stack, schedule: None) -> None:
    citizen = Citizen(stack, "el")
    citizen.say("υπολόγισε τι δικαιούμαι")
    for answer in ("1", "0", "μηδέν", "0"):
        citizen.say(answer)
    citizen.press('"application_help"')
    citizen.press("|")
    citizen.say("όχι")
    citizen.press("/affirm")
    with Session(get_engine(stack.database_url)) as db:
        booked = db.scalars(select(Appointment).where(Appointment.conversation_id == citizen.id)).one()
    assert booked.details == {} and booked.name is None and booked.phone is None


@pytest.mark.rasa
@pytest.mark.parametrize("two", ["اتنين انا ومرتي", "اثنين", "اتنين"])
def test_two_in_arabic_is_two_adults_not_monday(stack: Stack, two: str) -> None:
    # Found by helper-96's try: «اتنين» (two; without its article also Monday) to "how many adults?" asked the question
    # again, as a day named; most families have two adults.
    citizen = Citizen(stack, "ar")
    citizen.say(CONVERSATIONS["ar"]["start"])
    citizen.say(two)
    assert said(citizen) == rendered("utter_ask_estimate_children", "ar")


@pytest.mark.rasa
@pytest.mark.parametrize(
    ("language", "couple"),
    [("ar", "انا ومرتي"), ("el", "εγω κι ο αντρας μου"), ("en", "me and my wife"), ("rom", "me thaj mi romni")],
)
def test_oneself_and_a_partner_are_two_adults(stack: Stack, language: str, couple: str) -> None:
    # Named by helper-96's try: «انا ومرتي» (me and my wife) to "how many adults?" was asked again.
    citizen = Citizen(stack, language)
    citizen.say(CONVERSATIONS[language]["start"])
    citizen.say(couple)
    assert said(citizen) == rendered("utter_ask_estimate_children", language)


@pytest.mark.rasa
@pytest.mark.parametrize(
    ("language", "alone", "children_for_adults"),
    [("en", "just me", "two kids"), ("el", "μόνο εγώ", "δύο παιδιά"), ("ar", "انا بس", "ولدين")],
)
def test_only_me_is_one_adult_and_children_are_not_adults(
    stack: Stack, language: str, alone: str, children_for_adults: str
) -> None:
    # From an independent try: "just me" to "how many adults?" went to a caseworker, and "two children" to the same
    # question was taken as two adults.
    citizen = Citizen(stack, language)
    citizen.say(CONVERSATIONS[language]["start"])
    citizen.say(children_for_adults)
    assert said(citizen) == "\n\n".join(
        [
            rendered("utter_invalid_estimate_number", language, question="adults"),
            rendered("utter_ask_estimate_adults", language),
        ]
    )
    citizen.say(alone)
    # The children they counted are not asked for again.
    assert said(citizen) == rendered("utter_ask_estimate_income", language)


@pytest.mark.rasa
@pytest.mark.parametrize(
    ("language", "start", "typed_adults", "adults", "children", "single_parent"),
    [
        ("el", "thelw na dw ti epidomata dikaioumai, eimaste 2 enilikes kai exw 2 paidia", "2", 2, 2, False),
        ("en", "what am i entitled to? single mum with 3 kids", "1", 1, 3, True),
        ("el", "ειμαι μονη μητερα με δυο παιδια, υπολογισε τι μπορω να παρω", "μόνο εγώ", 1, 2, True),
        ("ar", "انا ام وحيدة عندي ٣ ولاد، كم ممكن آخد مساعدات؟", "١", 1, 3, True),
    ],
)
def test_what_the_request_says_of_the_household_is_not_asked_again(
    stack: Stack, language: str, start: str, typed_adults: str, adults: int, children: int, single_parent: bool
) -> None:
    # Found by a probe of the named defects: "eimaste 2 enilikes kai exw 2 paidia" (we are 2 adults and I have 2
    # children), said with the request, was followed by "how many children?"; a lone mother who said so was asked
    # whether she raises the children alone.
    household = Household(adults=adults, children=children, monthly_income=600, rent=350, single_parent=single_parent)
    citizen = Citizen(stack, language)
    citizen.say(start)
    assert said(citizen) == rendered("utter_ask_estimate_adults", language)
    citizen.say(typed_adults)
    assert said(citizen) == rendered("utter_ask_estimate_income", language)
    citizen.say("600")
    assert said(citizen) == rendered("utter_ask_estimate_rent", language)
    citizen.say("350")
    if not household.single_parent:
        assert said(citizen) == rendered("utter_ask_estimate_single_parent", language)
        citizen.say({"el": "οχι", "en": "no", "ar": "لا"}[language])
    assert said(citizen) == expected_result(language, household)


@pytest.mark.rasa
def test_what_a_question_said_of_the_household_is_not_asked_again_when_the_estimate_starts_by_its_button(
    stack: Stack,
) -> None:
    # Found by helper-86's try: a lone mother of two, answered about child benefit, pressed "estimate what I could
    # get" and was asked how many children she has and whether she raises them alone.
    citizen = Citizen(stack, "el")
    citizen.say("Γεια σας, είμαι μόνη μητέρα με δύο παιδιά, τι επιδόματα μπορώ να πάρω;")
    citizen.press("estimate")
    assert said(citizen) == rendered("utter_ask_estimate_adults", "el")
    citizen.say("1")
    assert said(citizen) == rendered("utter_ask_estimate_income", "el")
    citizen.say("500")
    citizen.say("300")
    household = Household(adults=1, children=2, monthly_income=500, rent=300, single_parent=True)
    assert said(citizen) == expected_result("el", household)


@pytest.mark.rasa
@pytest.mark.parametrize("typed", ["400", "25"])
def test_a_count_out_of_range_is_told_why_it_is_asked_again(stack: Stack, typed: str) -> None:
    # Found by helper-86's try: "400" to "how many children?" only asked the question again, with no word of why.
    citizen = Citizen(stack, "el")
    citizen.say(CONVERSATIONS["el"]["start"])
    citizen.say("2")
    citizen.say(typed)
    assert said(citizen) == "\n\n".join(
        [
            rendered("utter_invalid_estimate_number", "el", question="children"),
            rendered("utter_ask_estimate_children", "el"),
        ]
    )


@pytest.mark.rasa
@pytest.mark.parametrize(
    ("language", "typed", "answer"),
    [
        # Read as a request for an appointment: the booking's first question.
        ("en", "no, i want an appointment on 14 december", "utter_ask_booking_service"),
        # Not read as a request by the model: the question again, 25 not taken for the adults.
        ("el", "oxi, thelo rantevou stis 25 dekemvriou", "utter_ask_estimate_adults"),
    ],
)
def test_a_date_in_the_middle_of_the_estimate_is_not_read_as_a_household_count(
    stack: Stack, schedule: None, language: str, typed: str, answer: str
) -> None:
    # Found by an independent try: the 25 of «25 Δεκεμβρίου» was read as 25 adults ("please write a number from 1 to
    # 20"), and "on 14 december" as 14 adults; the questionnaire held the person until they asked for a human.
    citizen = Citizen(stack, language)
    citizen.say({"el": "ποσα επιδοματα μπορω να παρω; υπολογισε", "en": "estimate what I could get"}[language])
    assert said(citizen) == rendered("utter_ask_estimate_adults", language)
    citizen.say(typed)
    assert said(citizen) == rendered(answer, language)
    if answer == "utter_ask_estimate_adults":
        citizen.say("2")
        assert said(citizen) == rendered("utter_ask_estimate_children", language)


@pytest.mark.rasa
@pytest.mark.parametrize(
    ("language", "typed_adults"),
    [
        ("el", "monh mou me dyo paidia"),
        ("el", "μόνη μου με 2 παιδιά"),
        ("en", "just me and my 2 kids, im raising them alone"),
        ("ar", "انا لوحدي مع ولدين"),
    ],
)
def test_alone_with_the_children_to_the_adults_question_answers_three_questions(
    stack: Stack, language: str, typed_adults: str
) -> None:
    # Found by an independent try: "monh mou me dyo paidia" (alone with two children) to "how many adults?" was
    # followed by the same question, then by "how many children?" and "do you raise them alone?".
    citizen = Citizen(stack, language)
    citizen.say(CONVERSATIONS[language]["start"])
    citizen.say(typed_adults)
    assert said(citizen) == rendered("utter_ask_estimate_income", language)
    citizen.say("500")
    citizen.say("300")
    household = Household(adults=1, children=2, monthly_income=500, rent=300, single_parent=True)
    assert said(citizen) == expected_result(language, household)


@pytest.mark.rasa
@pytest.mark.parametrize(
    ("language", "typed_adults"),
    [("en", "its just me n the kids"), ("el", "μόνη μου με τα παιδιά"), ("rom", "me korkori duje čhavorenca")],
)
def test_alone_with_children_not_counted_asks_only_how_many(stack: Stack, language: str, typed_adults: str) -> None:
    # From helper-89's try: "its just me n the kids" (no number) to "how many adults?" was asked again; the Romani
    # "with two children" in one word (instrumental) was not read at all.
    citizen = Citizen(stack, language)
    citizen.say(CONVERSATIONS[language]["start"])
    citizen.say(typed_adults)
    if "duje" not in typed_adults:
        assert said(citizen) == rendered("utter_ask_estimate_children", language)
        citizen.say("3")
    assert said(citizen) == rendered("utter_ask_estimate_income", language)
    citizen.say("400")
    citizen.say("250")
    children = 2 if "duje" in typed_adults else 3
    household = Household(adults=1, children=children, monthly_income=400, rent=250, single_parent=True)
    assert said(citizen) == expected_result(language, household)


@pytest.mark.rasa
@pytest.mark.parametrize(
    ("language", "adults", "alone"),
    [
        ("el", "mono ego sas eipa", "sas eipa eimai moni"),
        ("el", "μόνο εγώ, σας είπα", "σας είπα, είμαι μόνη μου"),
        ("en", "only me like i said", "i told you im on my own"),
    ],
)
def test_an_answer_that_says_it_was_said_before_is_still_an_answer(
    stack: Stack, language: str, adults: str, alone: str
) -> None:
    # Found by an independent try: "mono ego sas eipa" (just me, I told you) to "how many adults?" was asked again,
    # and "sas eipa eimai moni" (I told you, I am alone) to "do you raise them alone?" left the estimate.
    citizen = Citizen(stack, language)
    citizen.say(CONVERSATIONS[language]["start"])
    citizen.say(adults)
    assert said(citizen) == rendered("utter_ask_estimate_children", language)
    citizen.say("2")
    citizen.say("500")
    citizen.say("300")
    assert said(citizen) == rendered("utter_ask_estimate_single_parent", language)
    citizen.say(alone)
    household = Household(adults=1, children=2, monthly_income=500, rent=300, single_parent=True)
    assert said(citizen) == expected_result(language, household)


@pytest.mark.rasa
@pytest.mark.parametrize(
    ("language", "asked"),
    [
        ("en", "im raising my two kids on my own, what help is there"),
        ("el", "μόνη μου με 2 παιδιά, τι βοήθεια υπάρχει;"),
    ],
)
def test_a_question_about_help_that_tells_of_a_lone_parents_household_is_offered_the_estimate(
    stack: Stack, language: str, asked: str
) -> None:
    # Found by independent tries: a lone mother asking what help there is was asked only which programme she meant.
    citizen = Citizen(stack, language)
    citizen.say(asked)
    [question] = citizen.last
    assert question["buttons"][0]["payload"] == "/estimate_benefits", question
    citizen.press("/estimate_benefits")
    assert said(citizen) == rendered("utter_ask_estimate_adults", language)
    citizen.say("1")
    assert said(citizen) == rendered("utter_ask_estimate_income", language)  # the children and raising them alone


@pytest.mark.rasa
@pytest.mark.parametrize(("language", "typed"), [("en", "I told you I have 2 kids"), ("el", "sou eipa 2 paidia")])
def test_people_counted_where_money_is_asked_are_not_the_money(stack: Stack, language: str, typed: str) -> None:
    # Found by helper-89's try: "I told you I have 2 kids" to the income question was an income of 2 euros, and the
    # estimate gave the full minimum income.
    citizen = Citizen(stack, language)
    citizen.say(CONVERSATIONS[language]["start"])
    citizen.say("1")
    citizen.say("2")
    assert said(citizen) == rendered("utter_ask_estimate_income", language)
    citizen.say(typed)
    assert said(citizen) == "\n\n".join(
        [
            rendered("utter_invalid_estimate_number", language, question="monthly_income"),
            rendered("utter_ask_estimate_income", language),
        ]
    )


@pytest.mark.rasa
@pytest.mark.parametrize(
    ("language", "typed"),
    [
        ("en", "its just me and my 2 kids"),
        ("el", "eimaste 3, ego kai ta dyo paidia mou"),
        ("ar", "انا ام لحالي مع ولدين"),
    ],
)
def test_more_ways_of_saying_alone_with_the_children(stack: Stack, language: str, typed: str) -> None:
    # Found by helper-89's try: each was asked the adults' question again (with the estimate's introduction).
    citizen = Citizen(stack, language)
    citizen.say(CONVERSATIONS[language]["start"])
    citizen.say(typed)
    assert said(citizen) == rendered("utter_ask_estimate_income", language)


@pytest.mark.rasa
def test_a_completed_estimate_asked_for_again_asks_its_questions_again(stack: Stack) -> None:
    # Found by helper-89's try: "wait thats wrong my income is 300 not 2" after the result gave the same result again:
    # a wrong answer could not be put right.
    citizen = Citizen(stack, "en")
    citizen.say(CONVERSATIONS["en"]["start"])
    for answer in ["1", "2", "2", "400", "yes"]:
        citizen.say(answer)
    household = Household(adults=1, children=2, monthly_income=2, rent=400, single_parent=True)
    assert said(citizen) == expected_result("en", household)
    citizen.say("wait thats wrong my income is 300 not 2")
    assert citizen.texts()[-1] == rendered("utter_ask_estimate_adults", "en"), citizen.texts()
    for answer in ["1", "2", "300", "400", "yes"]:
        citizen.say(answer)
    corrected = Household(adults=1, children=2, monthly_income=300, rent=400, single_parent=True)
    assert said(citizen) == expected_result("en", corrected)


@pytest.mark.rasa
@pytest.mark.parametrize("adults", ["ithnain", "ana w marti", "tnen"])
def test_an_estimate_answered_in_arabizi_goes_question_by_question(stack: Stack, adults: str) -> None:
    # Found by an independent try: "ithnain", "ana w marti", "thlath wlad" and "la, ma3 marti" each started the
    # questions again.
    citizen = Citizen(stack, "ar")
    citizen.say(CONVERSATIONS["ar"]["start"])
    citizen.say(adults)
    assert said(citizen) == rendered("utter_ask_estimate_children", "ar")
    citizen.say("thlath wlad")
    assert said(citizen) == rendered("utter_ask_estimate_income", "ar")
    citizen.say("300")
    assert said(citizen) == rendered("utter_ask_estimate_rent", "ar")
    citizen.say("400")
    assert said(citizen) == rendered("utter_ask_estimate_single_parent", "ar")
    citizen.say("la, ma3 marti")
    household = Household(adults=2, children=3, monthly_income=300, rent=400, single_parent=False)
    assert said(citizen) == expected_result("ar", household)
