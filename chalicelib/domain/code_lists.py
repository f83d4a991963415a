"""Code lists for what participants report about themselves: demographics and self-reported education.

The categories follow the National Workforce Registry Alliance's core data elements (which use the federal
OMB race and ethnicity categories); every question can be answered "prefer not to say". Codes are stored,
labels are shown: a state analyst's export maps codes, never free text.
"""

from __future__ import annotations

from collections.abc import Mapping

from chalicelib.domain.wording import Wording

PREFER_NOT = "prefer_not_to_say"

GENDER: Mapping[str, str] = {
    "female": "Female", "male": "Male", "nonbinary": "Non-binary", "another": "Another gender",
    PREFER_NOT: "Prefer not to say",
}
RACE: Mapping[str, str] = {
    "american_indian_alaska_native": "American Indian or Alaska Native", "asian": "Asian",
    "black_african_american": "Black or African American",
    "native_hawaiian_pacific_islander": "Native Hawaiian or Other Pacific Islander", "white": "White",
    "another": "Another race", PREFER_NOT: "Prefer not to say",
}
HISPANIC_LATINO: Mapping[str, str] = {"yes": "Hispanic or Latino", "no": "Not Hispanic or Latino",
                                       PREFER_NOT: "Prefer not to say"}
# ISO 639-1 codes of the languages most spoken by California's ECE workforce, and "other".
LANGUAGES: Mapping[str, str] = {
    "en": "English", "es": "Spanish", "zh": "Chinese", "vi": "Vietnamese", "tl": "Tagalog", "ko": "Korean",
    "ar": "Arabic", "hy": "Armenian", "fa": "Persian", "ru": "Russian", "pa": "Punjabi", "hi": "Hindi",
    "ja": "Japanese", "km": "Khmer", "hmn": "Hmong", "other": "Another language", PREFER_NOT: "Prefer not to say",
}
BIRTH_YEAR_RANGE: Mapping[str, str] = {
    "before_1960": "Before 1960", "1960_1969": "1960-1969", "1970_1979": "1970-1979", "1980_1989": "1980-1989",
    "1990_1999": "1990-1999", "2000_or_later": "2000 or later", PREFER_NOT: "Prefer not to say",
}
EDUCATION_LEVEL: Mapping[str, str] = {
    "high_school": "High school diploma or GED", "some_college": "Some college, no degree",
    "certificate": "College certificate", "associate": "Associate degree", "bachelor": "Bachelor's degree",
    "master": "Master's degree", "doctorate": "Doctorate", "other": "Other",
}

LISTS: Mapping[str, Mapping[str, str]] = {
    "gender": GENDER, "race_ethnicity": RACE, "hispanic_latino": HISPANIC_LATINO, "primary_language": LANGUAGES,
    "other_languages": LANGUAGES, "birth_year_range": BIRTH_YEAR_RANGE, "education_level": EDUCATION_LEVEL,
}


def problem(list_name: str, code: str) -> Wording | None:
    """None when `code` is on the list, else a sentence naming the codes allowed."""
    allowed = LISTS[list_name]
    if code in allowed:
        return None
    return Wording("{code} is not a {list} code; use one of: {allowed}.",
                   {"code": repr(code), "list": list_name.replace("_", " "), "allowed": ", ".join(allowed)})


# California's 58 counties: a participant's typed home county is published only as one of these names.
CALIFORNIA_COUNTIES = (
    "Alameda", "Alpine", "Amador", "Butte", "Calaveras", "Colusa", "Contra Costa", "Del Norte", "El Dorado",
    "Fresno", "Glenn", "Humboldt", "Imperial", "Inyo", "Kern", "Kings", "Lake", "Lassen", "Los Angeles", "Madera",
    "Marin", "Mariposa", "Mendocino", "Merced", "Modoc", "Mono", "Monterey", "Napa", "Nevada", "Orange", "Placer",
    "Plumas", "Riverside", "Sacramento", "San Benito", "San Bernardino", "San Diego", "San Francisco",
    "San Joaquin", "San Luis Obispo", "San Mateo", "Santa Barbara", "Santa Clara", "Santa Cruz", "Shasta",
    "Sierra", "Siskiyou", "Solano", "Sonoma", "Stanislaus", "Sutter", "Tehama", "Trinity", "Tulare", "Tuolumne",
    "Ventura", "Yolo", "Yuba",
)


def _folded(text: str) -> str:
    import unicodedata

    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
    plain = " ".join(plain.replace(".", " ").split())
    return plain.removesuffix(" county").strip()


_COUNTY_BY_FOLD = {_folded(c): c for c in CALIFORNIA_COUNTIES}


def california_county(text: str | None) -> str:
    """The county's official name for what a participant typed ("sacramento county", "SACRAMENTO"), or
    "unknown": free text is never published as typed."""
    return _COUNTY_BY_FOLD.get(_folded(text or ""), "unknown")


NOT_GIVEN = "not given"


def coded_answer(answer: object, allowed: Mapping[str, str]) -> str:
    """A code from the registry's list, "two or more" for several races, never a typed answer: what the
    registry publishes of a person's answer (counts, never text as typed)."""
    if isinstance(answer, list):
        answer = answer[0] if len(answer) == 1 else ("two or more" if answer else None)
    if not answer:
        return NOT_GIVEN
    return str(answer) if answer == "two or more" or answer in allowed else "other"


def language_code(value: str | None) -> str:
    """A code from the registry's language list; answers stored as free text before the list existed are
    published as "other", never as typed."""
    if not value:
        return NOT_GIVEN
    return value if value in LANGUAGES else "other"
