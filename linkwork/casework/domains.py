"""The holistic assessment's wording: what each score from 1 to 5 means in each of the eight domains.

Written for Linkwork, in plain words a link worker can read out to the person. It is not taken from
the Outcomes Star or any other licensed tool. Domain codes and names live in vocabulary.py.
"""

from dataclasses import dataclass

from .vocabulary import ASSESSMENT_DOMAINS

SCORES = (1, 2, 3, 4, 5)
LOWEST_SCORE, HIGHEST_SCORE = SCORES[0], SCORES[-1]

SCORE_NAMES = {
    1: "Struggling a lot",
    2: "Finding it hard",
    3: "Getting there",
    4: "Mostly going well",
    5: "Going well",
}

# One sentence per score, from 1 (struggling a lot) to 5 (going well), in domain order.
DESCRIPTORS = {
    "healthy_lifestyle": (
        "Eating, moving, sleeping, smoking or drinking are causing you real problems",
        "You want to change some habits but have not been able to start",
        "You have started making changes; some weeks go better than others",
        "Healthier habits are part of most weeks, with the odd setback",
        "Your habits help you stay well and you can keep them going",
    ),
    "looking_after_yourself": (
        "Everyday things like washing, meals or getting out are very hard to manage",
        "You manage some everyday things but often need help or go without",
        "You manage most everyday things, with help on harder days",
        "You look after yourself well most of the time and know who to ask for help",
        "You look after yourself well and make time for things that do you good",
    ),
    "managing_symptoms": (
        "Your symptoms are taking over and you do not feel in control of them",
        "You find it hard to keep on top of your symptoms or treatment",
        "You understand your condition and manage it some of the time",
        "You manage your condition most of the time and know when to get help",
        "You feel in charge of your health and confident handling changes",
    ),
    "work_activities": (
        "You have nothing to get up for and the days feel empty",
        "You would like something to do but do not know where to start",
        "You are trying out an activity, volunteering or work",
        "You regularly take part in work, volunteering or activities you value",
        "Your days have purpose and you enjoy what you do",
    ),
    "money": (
        "Money worries are overwhelming; bills or debts are unpaid",
        "You are struggling to make ends meet and have not found help yet",
        "You are getting help with money and things are starting to settle",
        "You keep up with bills and essentials, with the odd worry",
        "Money is under control and you know where to get help",
    ),
    "where_you_live": (
        "Your home is unsafe or unsuitable, or you may lose it",
        "There are serious problems with your home that are not being sorted",
        "Problems with your home are known and being worked on",
        "Your home is mostly right for you, with small things to sort",
        "You feel safe and settled where you live",
    ),
    "family_friends": (
        "You feel alone, or the people around you make things harder",
        "You have little contact with other people and would like more",
        "You have some people to turn to and are building more contact",
        "You have people you can rely on and see them regularly",
        "You feel connected and supported, and you support others too",
    ),
    "feeling_positive": (
        "You feel low or anxious most of the time and cannot see a way forward",
        "You have better moments, but low or anxious feelings often get in the way",
        "You have good and bad days and are finding things that help",
        "You feel positive more often than not and cope with setbacks",
        "You feel hopeful about the future and good about yourself",
    ),
}


@dataclass(frozen=True)
class Domain:
    code: str
    name: str
    descriptors: tuple[str, ...]  # descriptors[0] is score 1

    def describe(self, score: int) -> str:
        return self.descriptors[score - LOWEST_SCORE]


DOMAINS = tuple(Domain(code, name, DESCRIPTORS[code]) for code, name in ASSESSMENT_DOMAINS.items())
