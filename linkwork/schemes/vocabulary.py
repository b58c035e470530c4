"""Coded lists a scheme's configuration draws on. Codes are stored; labels are shown."""

LONG_TERM_CONDITIONS = {
    "diabetes_type_1": "Type 1 diabetes",
    "diabetes_type_2": "Type 2 diabetes",
    "copd": "Chronic obstructive pulmonary disease (COPD)",
    "asthma": "Asthma",
    "coronary_heart_disease": "Coronary heart disease",
    "heart_failure": "Heart failure",
    "epilepsy": "Epilepsy",
    "osteoporosis": "Osteoporosis",
    "anxiety": "Anxiety",
    "depression": "Depression",
}

REFERRAL_SOURCES = {
    "gp_practice": "GP practice",
    "health": "Other health professional",
    "social_care": "Social care",
    "other_agency": "Other agency or professional",
    "self": "Self-referral",
}

TRIAGE_LEVELS = {
    "signpost": "Signpost (simple needs met by phone)",
    "light": "Light touch",
    "standard": "Standard",
    "complex": "Complex",
}

MESSAGE_BACK_EVENTS = {
    "accepted": "When the person accepts",
    "declined": "When the person or service declines",
    "discharged": "When the person is discharged",
}

MESSAGE_BACK_CHANNELS = {
    "in_app": "In Linkwork",
    "email": "By email, saying a message is waiting",
}

CONTACT_MODES = {
    "face_to_face": "Face to face",
    "phone": "Phone",
    "video": "Video",
    "email": "Email",
    "text": "Text message",
    "home_visit": "Home visit",
    "group": "Group",
}

TIME_POINTS = ("baseline", "review", "exit")

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
