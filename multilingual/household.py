"""What a message says of a household, in any of the four languages: the adults and children it counts ("eimaste 2
enilikes kai exw 2 paidia"), "just me" ("mono ego sas eipa"), a parent raising children alone («μόνη μητέρα»,
"monh mou me dyo paidia"). The estimate reads its answers with it, and a question about help that tells of a
household is offered the estimate."""

from __future__ import annotations

from multilingual.features import negated
from multilingual.normalise import normalise_words
from multilingual.numbers import read_number
from multilingual.when import clause_words

# "Just me" to "how many adults?": one, though no number is written.
ONLY_ME = frozenset(
    normalise_words(phrase).strip()
    for phrase in (
        "me|just me|only me|me alone|myself|alone|i live alone|just myself|only myself|"
        "εγώ|μόνο εγώ|εγώ μόνο|μόνος μου|μόνη μου|μόνος|μόνη|ego|mono ego|ego mono|monos mou|moni mou|"
        "انا|أنا|انا بس|انا فقط|انا وحدي|وحدي|لوحدي|ana|ana bas|ana bs|ana wa7di|wa7di|lwa7di|"
        "numa me|me korkoro|korkoro|με"
        "|monh mou|monh|monos|mono egw|egw mono|egw|monaxh mou|monaxi mou|μοναχή μου|μοναχός μου|"
        "moni|mono|monaxi|on my own|by myself|all alone|انا لوحدي|لحالي|انا لحالي|me korkori|korkori|"
        "ام لحالي|أم لحالي|انا ام لحالي|ام لوحدي|انا ام لوحدي|بس انا|بس أنا|bas ana|bs ana|ana wa7de|ana wahde"
    ).split("|")
)
# Said with an answer already given ("mono ego sas eipa": just me, I told you), and the "I am" before one ("eimai
# moni"): no part of the answer.
_SAID_BEFORE = tuple(
    f" {normalise_words(phrase).strip()} "
    for phrase in (
        "like i said|as i said|i already said|i said|i already told you|i told you|told you|"
        "όπως σας είπα|όπως είπα|σας το είπα|ήδη σας είπα|σας είπα|σου είπα|το είπα|"
        "opws sas eipa|opos sas eipa|opws eipa|sas to eipa|sas eipa|sou eipa|to eipa|"
        "زي ما قلت|متل ما قلت|كما قلت|قلتلكم|قلت لكم|قلتلك|قلت لك|"
        "sar phendem|phendem tumenge|phendem tuke|phendem"
    ).split("|")
)
# Longest first: "it is" before "its".
_I_AM = tuple(
    sorted(
        {*normalise_words("i am im είμαι eimai imai sem sim its").split(), "i m", "it s", "it is"},
        key=len,
        reverse=True,
    )
)
_ARTICLES = frozenset(normalise_words("the τα ta τους tous οι i").split())
# What joins the children to "just me" in one answer: "monh mou me dyo paidia", "just me and my 2 kids".
_WITH = frozenset(normalise_words("with and n me με και κι kai ke ki mazi μαζί مع و w ma3 thaj taj").split())
# Romani says "with the children" in one word, the instrumental ("duje čhavorenca", with two children).
_WITH_CHILDREN = frozenset(normalise_words("čhavorenca čhavenca čhavorençar chavorenca chavenca").split())
# Children, in any of the four languages: an answer to "how many adults?" that counts children counts the wrong
# people ("two kids" is not two adults), so it is asked again.
CHILD_WORDS = frozenset(
    normalise_words(
        "child children kid kids baby babies son sons daughter daughters "
        "παιδί παιδιά μωρό μωρά γιος γιοι κόρη κόρες paidi paidia moro "
        "طفل أطفال اطفال ولد ولاد أولاد اولاد ولدين بنت بنات عيال ولادي اولادي أولادي اطفالي wlad awlad walad wladi "
        "awladi tifl atfal chhavo chhave chhaj chhaja chavo chave čhavore chavore τσάβο τσάβε"
    ).split()
).union(_WITH_CHILDREN)


# Adults, counted in a message ("2 enilikes", "two adults", «٢ كبار»).
ADULT_WORDS = frozenset(
    normalise_words(
        "adult adults grownups ενήλικας ενήλικες ενήλικοι ενηλικη enilikas enilikes enilikoi بالغ بالغين كبار"
    ).split()
)
# Arabic counts two by the word's own ending: "ولدين" is two boys.
_DUALS = {
    normalise_words(word).strip(): 2 for word in ("ولدين", "بنتين", "طفلين", "لولدين", "لبنتين", "لطفلين", "وولدين")
}
# What may stand between a count and the people counted: "2 mikra paidia", "3 little kids", «δύο μου παιδιά».
_BETWEEN = frozenset(
    normalise_words("mou my little small young mikra μικρά ανήλικα anilika ανηλικα minor underage صغار").split()
)
# Said of oneself, a parent raising children alone: the single-parent question need not be asked.
_LONE_PARENT = tuple(
    normalise_words(phrase)
    for phrase in (
        "single mum|single mom|single mother|single dad|single father|single parent|lone parent|on my own with|"
        "μόνη μητέρα|μονη μανα|μόνος πατέρας|μονογονεϊκή|μονογονεική|moni mitera|monh mhtera|moni mana|monh mana|"
        "monos pateras|monogoneiki|monogoneikh|μονογονέας|μονογονεας|monogoneas|μονογονιός|monogonios|"
        "ام وحيدة|أم وحيدة|ام عزباء|أم عزباء|اب وحيد|أب وحيد|ام لوحدي|أم لوحدي|ام لحالي|أم لحالي"
    ).split("|")
)

# A partner, named beside oneself: "me and my wife", «εγώ κι ο άντρας μου», «انا ومرتي», "me thaj mi romni". Arabic
# writes "my" in the word itself; Romani "rom" is a husband only after "my" (it also means a Roma man).
_PARTNERS = frozenset(
    normalise_words(
        "wife husband partner spouse missus hubby boyfriend girlfriend fiance fiancé αρραβωνιαστικός arravwniastikos "
        "αρραβωνιαστικιά خطيبي خطيبتي γυναίκα άντρας άνδρας σύζυγος σύντροφος σύντροφό gynaika "
        "gineka gyneka ginaika antras andras syzygos sizigos suzugos syntrofos مرتي مراتي زوجتي زوجي جوزي mrati marti "
        "mrate zawjti zawjati zawji jozi gozi romni romnji ρομνι ρομνί"
    ).split()
)
_HUSBAND_AFTER_MY = frozenset(normalise_words("rom rrom ρομ").split())
# The other words of such an answer: "I", "my", "the" and the children who may follow ("and 2 kids").
_OF_A_COUPLE = frozenset(
    normalise_words(
        "i me myself εγώ ego egw انا ana my mou μου mi mo miro miri muro muri mlo mli mingro mingri o h η ο e"
    ).split()
)
_MY_IN_ROMANI = frozenset(normalise_words("mo miro muro mlo mingro μο μιρο μουρο").split())


def the_answer_itself(text: str) -> str:
    """A short answer's own words: without "I told you" and the like, and without an "I am" before them."""
    words = normalise_words(text)
    for phrase in _SAID_BEFORE:
        words = words.replace(phrase, " ")
    words = words.strip()
    for i_am in _I_AM:
        if words.startswith(f"{i_am} "):
            return words[len(i_am) :].strip()
    return words


def says_only_me(text: str) -> bool:
    """Tell whether an answer says the person alone ("just me", «μόνη μου», "mono ego sas eipa")."""
    return the_answer_itself(text) in ONLY_ME


def alone_with_children(text: str) -> bool:
    """Tell whether a message says the person lives alone with children, counted or not ("monh mou me dyo paidia",
    "just me and my 2 kids", "its just me n the kids", "me korkori duje čhavorenca"): one adult, raising them
    alone."""
    for clause in clause_words(text):  # "eimaste 3, ego kai ta dyo paidia mou"
        words = the_answer_itself(" ".join(clause)).split()
        for at, word in enumerate(words):
            if not at or " ".join(words[:at]) not in ONLY_ME:
                continue
            if word in _WITH or any(later in _WITH_CHILDREN for later in words[at : at + 2]):
                # Nobody else between "with" and the children: not "me and my husband and 2 kids".
                counted = words[at + 1 :] if word in _WITH else words[at:]
                upto = next((i for i, later in enumerate(counted) if later in CHILD_WORDS or later in _DUALS), None)
                if upto is not None and all(
                    later in _BETWEEN or later in _ARTICLES or read_number(later) is not None
                    for later in counted[:upto]
                ):
                    return True
    return False


def names_a_partner(text: str) -> bool:
    """Tell whether a message names a partner ("la, ma3 marti", «με τον άντρα μου», "mo rom"): in Arabizi "marti"
    is "my wife", where Romani would read Tuesday."""
    words = normalise_words(text).split()
    return any(
        word in _PARTNERS
        or (word.startswith("و") and word[1:] in _PARTNERS)
        or (word in _HUSBAND_AFTER_MY and at and words[at - 1] in _MY_IN_ROMANI)
        for at, word in enumerate(words)
    )


def with_a_partner(text: str) -> bool:
    """Tell whether an answer says the person and their partner, and at most the children ("me and my wife", «انا
    ومرتي», "me n the missus and 2 kids"): two adults, though no number is written. An answer with anyone else in it
    ("me and my mother") or anything more ("my husband left us") says nothing of the kind."""
    words = the_answer_itself(text).split()
    partner = False
    for at, word in enumerate(words):
        if word.startswith("و") and len(word) > 1:  # Arabic "and" is written onto the next word: «ومرتي»
            word = word[1:]
        if word in _PARTNERS or (word in _HUSBAND_AFTER_MY and at and words[at - 1] in _MY_IN_ROMANI):
            partner = True
        elif not (
            word in _OF_A_COUPLE
            or word in _WITH
            or word in _ARTICLES
            or word in _BETWEEN
            or word in CHILD_WORDS
            or word in _DUALS
            or read_number(word) is not None
        ):
            return False
    return partner


def people_counted(text: str) -> dict[str, int]:
    """The adults and children a message counts ("eimaste 2 enilikes kai exw 2 paidia": 2 and 2): a number just
    before the people it counts, or an Arabic dual ("ولدين")."""
    words = normalise_words(text).split()
    counted: dict[str, int] = {}
    for at, word in enumerate(words):
        people = "children" if word in CHILD_WORDS or word in _DUALS else "adults" if word in ADULT_WORDS else None
        if people is None or people in counted:
            continue
        before = words[max(0, at - 2) : at]
        if len(before) == 2 and before[1] in _BETWEEN:
            before = before[:1]
        number = _DUALS.get(word) or (read_number(before[-1]) if before else None)
        if number is not None and number == int(number):
            counted[people] = int(number)
    return counted


def says_lone_parent(text: str) -> bool:
    """Tell whether a message says the person raises children alone ("single mum", «μόνη μητέρα»), not that they
    do not."""
    for clause in clause_words(text):
        words = f" {' '.join(clause)} "
        if any(phrase in words for phrase in _LONE_PARENT) and not negated(words):
            return True
    return alone_with_children(text)
