"""Synthetic demo data. Every organisation, person, code and address here is invented.

Practice ODS codes use the Y9 prefix and NHS numbers the 999 range so nothing can be mistaken
for a real record.
"""

DEMO_PASSWORD = "linkwork-demo-2026"
RANDOM_SEED = 2026
PEOPLE_PER_SCHEME = 30

HOST_ORGANISATION = "Linkwork demo host"
ADMINISTRATOR = {"username": "admin", "first_name": "Morgan", "last_name": "Ashdown"}

# One user acting for two providers, to show the organisation switcher.
MULTI_MEMBERSHIP_USER = {"username": "multi", "first_name": "Robin", "last_name": "Featherstone"}
MULTI_MEMBERSHIP_PROVIDERS = ["Westfield Community Links", "Aire Valley Wellbeing Coordinators"]

# Each scheme: the organisations it needs, one user per role and the people it supports.
# Organisations are (name, postcode); practices are (name, ODS code, registered list size, postcode).
# The first practice, provider and community organisation hold that scheme's demo users.
SCHEMES = [
    {
        "preset": "ways-to-wellness",
        "username_prefix": "wtw",
        "provider_kind": "provider",
        "age_range": (40, 74),
        "town": "Newcastle upon Tyne",
        "outward_codes": ["NE4", "NE5", "NE15"],
        "streets": [
            "Condercum Road",
            "Benwell Lane",
            "Hodgkin Park Road",
            "Ferguson's Lane",
            "Whickham View",
            "Slatyford Lane",
            "Fenham Hall Drive",
            "Two Ball Lonnen",
            "Hexham Road",
            "Newburn Road",
        ],
        "commissioner": ("Newcastle West demo commissioning group", "NE4 9ZA"),
        "providers": [
            ("Tynebridge Wellbeing Partnership", "NE4 9ZB"),
            ("Westfield Community Links", "NE5 9ZA"),
            ("Arthur's Hill Health Connect", "NE4 9ZD"),
            ("Lemington Riverside Link Service", "NE15 9ZA"),
        ],
        "practices": [
            ("Westgate Road Surgery", "Y90001", 11200, "NE4 9ZE"),
            ("Elswick Park Medical Centre", "Y90002", 9400, "NE4 9ZF"),
            ("Benwell Grove Practice", "Y90003", 6800, "NE4 9ZG"),
            ("Fenham Hall Surgery", "Y90004", 13900, "NE4 9ZH"),
            ("Arthur's Hill Family Practice", "Y90005", 5200, "NE4 9ZJ"),
            ("Denton Burn Medical Group", "Y90006", 14600, "NE15 9ZB"),
            ("Lemington Bank Surgery", "Y90007", 7300, "NE15 9ZD"),
            ("Newburn Bridge Practice", "Y90008", 4600, "NE15 9ZE"),
            ("Scotswood Terrace Surgery", "Y90009", 8100, "NE15 9ZF"),
            ("Cowgate Health Centre", "Y90010", 10500, "NE5 9ZB"),
            ("Kenton Lodge Practice", "Y90011", 12300, "NE5 9ZD"),
            ("Blakelaw Road Surgery", "Y90012", 6100, "NE5 9ZE"),
            ("Throckley Green Surgery", "Y90013", 4300, "NE15 9ZG"),
            ("West Denton Way Practice", "Y90014", 9800, "NE5 9ZF"),
            ("Slatyford Lane Surgery", "Y90015", 7700, "NE5 9ZG"),
            ("Wingrove Avenue Practice", "Y90016", 8900, "NE4 9ZL"),
            ("Condercum Road Medical Centre", "Y90017", 5600, "NE4 9ZN"),
        ],
        "community": [
            ("West End Walking Friends", "NE4 9ZP"),
            ("Tyneside Money Matters Advice", "NE4 9ZQ"),
            ("Elswick Allotment Growers", "NE4 9ZR"),
        ],
        "staff": {
            "referrer": ("Helen", "Marsden"),
            "linkworker": ("Kieran", "Dobson"),
            "teamlead": ("Aisha", "Rahman"),
            "vcse": ("Graham", "Pattinson"),
            "commissioner": ("Fiona", "Lowther"),
        },
    },
    {
        "preset": "wellbeing-coordinator",
        "username_prefix": "wcs",
        "provider_kind": "provider",
        "age_range": (14, 90),
        "town": "Leeds",
        "outward_codes": ["LS6", "LS8", "LS11", "LS12"],
        "streets": [
            "Kirkstall Hill",
            "Harehills Lane",
            "Beeston Road",
            "Armley Ridge Road",
            "Cardigan Road",
            "Roundhay Road",
            "Dewsbury Road",
            "Tong Road",
            "Victoria Road",
            "Chapeltown Road",
        ],
        "commissioner": ("Leeds demo city council", "LS1 9ZA"),
        "providers": [("Aire Valley Wellbeing Coordinators", "LS11 9ZA")],
        "practices": [
            ("Kirkstall Abbey Surgery", "Y90018", 12800, "LS5 9ZA"),
            ("Headingley Lane Practice", "Y90019", 14900, "LS6 9ZA"),
            ("Armley Moor Health Centre", "Y90020", 9100, "LS12 9ZA"),
            ("Beeston Hill Surgery", "Y90021", 7600, "LS11 9ZB"),
            ("Harehills Corner Practice", "Y90022", 10400, "LS8 9ZA"),
            ("Chapel Allerton Green Surgery", "Y90023", 5900, "LS7 9ZA"),
        ],
        "community": [
            ("Kirkstall Memory Café", "LS5 9ZB"),
            ("Harehills Befriending Circle", "LS8 9ZB"),
            ("Beeston Community Kitchen", "LS11 9ZD"),
        ],
        "staff": {
            "referrer": ("Simon", "Ackroyd"),
            "linkworker": ("Nadia", "Hussain"),
            "teamlead": ("Claire", "Whitworth"),
            "vcse": ("Delroy", "Campbell"),
            "commissioner": ("Joanne", "Sutcliffe"),
        },
    },
    {
        "preset": "pcn-link-worker",
        "username_prefix": "pcn",
        "age_range": (18, 90),
        "town": "Sheffield",
        "outward_codes": ["S6"],
        "streets": [
            "Middlewood Road",
            "Walkley Bank Road",
            "Crookes Road",
            "Penistone Road",
            "Bole Hill Road",
            "Holme Lane",
            "Far Lane",
            "Catch Bar Lane",
            "Tinker Lane",
            "Howard Road",
        ],
        "commissioner": ("South Yorkshire demo integrated care board", "S1 9ZA"),
        # Link workers here are employed by the PCN itself, so it is the scheme's provider.
        "provider_kind": "pcn",
        "providers": [("Don Valley demo primary care network", "S6 9ZA")],
        "practices": [
            ("Hillsborough Park Surgery", "Y90024", 13400, "S6 9ZB"),
            ("Walkley Bank Practice", "Y90025", 8700, "S6 9ZD"),
            ("Crookes Valley Medical Centre", "Y90026", 11900, "S6 9ZE"),
            ("Owlerton Green Surgery", "Y90027", 4800, "S6 9ZF"),
        ],
        "community": [
            ("Hillsborough Walking Football Club", "S6 9ZG"),
            ("Don Valley Carers' Circle", "S6 9ZH"),
        ],
        "staff": {
            "referrer": ("Rachel", "Ibbotson"),
            "linkworker": ("Tom", "Hague"),
            "teamlead": ("Mei", "Chen"),
            "vcse": ("Bernadette", "Walsh"),
            "commissioner": ("Oluwaseun", "Adeyemi"),
        },
    },
]

# Names follow the person's broad ethnic group (as in people.vocabulary.ETHNIC_GROUPS), so a
# demo of equity reports does not look careless; mixed and unstated groups draw from every pool.
# fmt: off
NAMES_BY_ETHNIC_GROUP = {
    "White": {
        "female": ["Margaret", "Susan", "Linda", "Karen", "Julie", "Deborah", "Sarah", "Emma", "Gemma",
                   "Chloe", "Niamh", "Maureen", "Jean", "Sophie", "Hannah", "Joan", "Agnieszka"],
        "male": ["David", "John", "Michael", "Peter", "Paul", "Stephen", "Gary", "Andrew", "Ryan", "Liam",
                 "Declan", "Brian", "Kenneth", "George", "Connor", "Raymond", "Piotr"],
        "family": ["Armstrong", "Robson", "Charlton", "Milburn", "Hetherington", "Dixon", "Wilkinson",
                   "Thompson", "Walker", "Hall", "Bell", "Scott", "Murphy", "O'Neill", "Brennan", "Wright",
                   "Taylor", "Clarke", "Holroyd", "Haigh", "Sykes", "Fletcher", "Kowalski", "Nowak"],
    },
    "Asian or Asian British": {
        "female": ["Amira", "Fatima", "Priya", "Shabana", "Ayesha", "Nasreen", "Sunita", "Rukhsana"],
        "male": ["Imran", "Mohammed", "Rajesh", "Tariq", "Bilal", "Arjun", "Shahid", "Abdul"],
        "family": ["Patel", "Khan", "Ahmed", "Begum", "Hussain", "Singh", "Kaur", "Akhtar", "Islam"],
    },
    "Black or Black British": {
        "female": ["Grace", "Blessing", "Abena", "Marcia", "Hodan", "Chioma"],
        "male": ["Kwame", "Samuel", "Delroy", "Abdi", "Emeka", "Winston"],
        "family": ["Mensah", "Okoro", "Campbell", "Osei", "Warsame", "Brown", "Adebayo"],
    },
    "Other ethnic group": {
        "female": ["Mei", "Lily", "Yasmin", "Leila"],
        "male": ["Wei", "Jun", "Omar", "Karim"],
        "family": ["Lam", "Chen", "Wong", "Haddad", "Nasser"],
    },
}
# fmt: on
FLAT_PREFIXES = ["Flat 1", "Flat 2", "Flat 3", "Flat 4A", "Flat 7"]

# Weights (percent) give a realistic spread for a Northern English city: mostly White British.
SEX_WEIGHTS = {"female": 55, "male": 43, "indeterminate": 1, "not_known": 1}
ETHNICITY_WEIGHTS = {
    "A": 75,
    "B": 1,
    "C": 4,
    "D": 1,
    "E": 1,
    "F": 1,
    "G": 1,
    "H": 2,
    "J": 3,
    "K": 2,
    "L": 1,
    "M": 1,
    "N": 2,
    "P": 1,
    "R": 1,
    "S": 1,
    "Z": 1,
    "99": 1,
}
# fmt: on
# Some people with these backgrounds prefer a language other than English.
LANGUAGE_BY_ETHNICITY = {"C": "Polish", "J": "Urdu", "K": "Bengali", "N": "Somali", "R": "Cantonese"}
CONTACT_METHOD_WEIGHTS = {"phone": 60, "text": 25, "email": 10, "letter": 5}
CONTACT_TIMES = ["", "", "Weekday mornings", "Afternoons", "After 5pm", "Not on Wednesdays"]
WORKER_GENDER_WEIGHTS = {"": 80, "female": 15, "male": 5}

# What referrers write, and what services advise, in the demo referrals.
REFERRAL_NOTES = [
    "Lives alone since her husband died last year and rarely goes out.",
    "Struggling with bills since reducing hours at work; worried about the winter.",
    "Would like to get more active but lacks confidence to join a group alone.",
    "Frequent attender; the GP feels the underlying issues are not medical.",
    "Recently moved to the area and knows nobody.",
    "",
]
RISK_NOTE = "Large dog at the address: ask for it to be shut away before home visits."
# What a team lead writes for the link worker at triage; each appears on the case.
TRIAGE_NOTES = [
    "Lives alone since a bereavement last year; start with a home visit if they prefer.",
    "Money worries come first: book the benefits check before anything else.",
    "Anxious on the phone: a text first, then a call, works better.",
    "Keen to get active again; has asked about walking groups.",
]
SIGNPOST_SUMMARY = "Gave the number for the council's warm spaces scheme and the local befriending line."
REDIRECT_ADVICE = "Contact the local Citizens Advice debt line directly; they can see people this week."

# More link workers at each scheme's first provider, so allocation has real choices to weigh:
# (first name, last name, gender, languages besides English, champion areas).
EXTRA_LINK_WORKERS = [
    ("Priya", "Shah", "female", ["Urdu", "Punjabi"], ["Mental health"]),
    ("Tomasz", "Nowak", "male", ["Polish"], ["Older people"]),
]
