"""People, places and courses the generator draws from (no real person's data)."""

from __future__ import annotations

import random
from datetime import date, timedelta

FIRST = ["Ana", "Mei", "Keisha", "Daniel", "José", "Zoë", "Hannah", "Emily", "Lan", "Tomás", "Priya", "Fatima",
         "Grace", "Sofía", "Amara", "Olga", "Jun", "Marisol", "Yasmin", "Chloe", "Ben", "Rosa", "Aiyana", "Noor",
         "Siobhán", "Björn", "Thu", "Mateo", "Imani", "Kateryna", "Rafael", "Dana", "Esperanza", "Wei"]
MIDDLE = ["M.", "J.", "L.", "A.", "R.", "T."]
LAST = ["Washington", "Hernández", "Ramirez", "Nguyen", "Johnson", "Ødegaard", "Mendoza", "Alvarez", "Okafor",
        "Kowalski", "Patel", "O'Brien", "García", "Chen", "Lopez", "Ibarra", "Tran", "Begay", "Müller", "Santos",
        "Castañeda", "Kim", "Haddad", "Rossi", "Nakamura", "Peña", "Abara", "Le", "Fischer", "Delgado-Ruiz"]
OWN_ORDER = ["Nguyễn Thị Lan", "Trần Văn Minh", "Phạm Thu Hà"]

COLLEGES = ["Cabrillo College", "De Anza College", "Pasadena City College", "Santa Monica College",
            "College of the Canyons", "Fresno City College", "Sacramento City College", "Mt. San Antonio College",
            "San Francisco State University", "California State University, Long Beach", "Foothill College",
            "University of California, Davis", "Los Angeles Trade-Technical College", "Chabot College",
            "Riverside City College", "Pacific Oaks College", "Cerritos College", "Modesto Junior College",
            "California State University, Fullerton", "Santa Rosa Junior College"]

ECE_COURSES = [
    ("Child Growth and Development", (3.0,)), ("Child, Family and Community", (3.0,)),
    ("Introduction to Curriculum", (3.0, 3.5, 4.0)), ("Principles and Practices of Teaching Young Children", (3.0,)),
    ("Observation and Assessment", (3.0,)), ("Health, Safety and Nutrition", (1.0, 3.0)),
    ("Teaching in a Diverse Society", (3.0,)), ("Infant/Toddler Development", (3.0,)),
    ("Practicum-Field Experience", (3.0, 4.0)), ("Administration I: Programs in ECE", (3.0,)),
    ("Administration II: Personnel and Leadership", (3.0,)), ("Adult Supervision and Mentoring", (2.0, 3.0)),
    ("Children with Special Needs", (3.0,)), ("Language and Literacy Development", (3.0,)),
    ("Math and Science for Young Children", (3.0,)), ("Creative Arts for Young Children", (2.0, 3.0)),
    ("Positive Guidance and Discipline", (2.0, 3.0)), ("Dual Language Learners", (2.0, 3.0)),
    ("Play-Based Learning", (1.0, 3.0)), ("Music and Movement for Young Children", (1.5, 3.0)),
]
ECE_SUBJECTS = ["CHLD", "ECE", "CD", "ECEC", "CDEV", "ECS"]
GE_COURSES = [
    ("ENGL", "College Composition", (3.0, 4.0)), ("ENGL", "Critical Thinking and Writing", (3.0,)),
    ("PSYC", "General Psychology", (3.0,)), ("PSYC", "Developmental Psychology", (3.0,)),
    ("MATH", "Elementary Statistics", (3.0, 4.0)), ("SOC", "Introduction to Sociology", (3.0,)),
    ("HIST", "United States History", (3.0,)), ("BIOL", "Human Biology", (4.0,)),
    ("SPAN", "Elementary Spanish I", (4.0, 5.0)), ("COMM", "Public Speaking", (3.0,)),
    ("ANTH", "Cultural Anthropology", (3.0,)), ("ART", "Art Appreciation", (3.0,)),
    ("NUTR", "Introduction to Nutrition", (3.0,)), ("KIN", "Fitness for Life", (0.5, 1.0)),
    ("POLS", "American Government", (3.0,)), ("GEOG", "World Regional Geography", (3.0,)),
]
LETTER_GRADES = ["A", "A", "A-", "B+", "B", "B", "B-", "C+", "C", "C", "C-", "D", "F", "W", "P"]
GRADE_POINTS = {"A": 4.0, "A-": 3.7, "B+": 3.3, "B": 3.0, "B-": 2.7, "C+": 2.3, "C": 2.0, "C-": 1.7, "D+": 1.3,
                "D": 1.0, "D-": 0.7, "F": 0.0}
DEGREES = [("Associate in Arts", "Child Development"), ("Associate in Science", "Early Childhood Education"),
           ("Associate in Arts for Transfer", "Early Childhood Education"), ("Bachelor of Arts", "Child Development"),
           ("Associate in Science", "Child and Family Studies"), ("Bachelor of Science", "Human Development"),
           ("Associate in Arts", "Liberal Studies")]

PERMITS = ["Child Development Assistant Permit", "Child Development Associate Teacher Permit",
           "Child Development Teacher Permit", "Child Development Master Teacher Permit",
           "Child Development Site Supervisor Permit", "Child Development Program Director Permit"]

SPONSORS = ["Child Action, Inc.", "First 5 Santa Clara County", "Child Care Alliance of Los Angeles",
            "Riverside County Office of Education", "Child Care Resource Center", "Go Kids, Inc.",
            "WestEd Program for Infant/Toddler Care", "Children's Council of San Francisco",
            "YMCA of San Diego County", "Community Action Partnership of Kern", "Valley Oak Children's Services",
            "Early Edge California", "Sacramento County Office of Education", "Fresno County Superintendent of Schools"]
TRAININGS = ["Brain Development in the First Five Years", "Observing Infants and Toddlers",
             "Desired Results Developmental Profile (DRDP) Basics", "Supporting Dual Language Learners",
             "Pediatric CPR and First Aid", "Building Family Partnerships", "Trauma-Informed Care in ECE",
             "Inclusive Practices for Children with Disabilities", "Positive Behavior Support",
             "Math Talk with Toddlers", "Leading Reflective Supervision", "Safe Sleep and SIDS Prevention",
             "Outdoor Learning Environments", "Culturally Responsive Teaching", "Health and Safety Basics"]
# Copied from shared/corpus/SCHEMA.md on purpose, not imported from chalicelib: the truth the generator writes
# must not come from the code it measures.
COMPETENCY_AREAS = (
    "Child Development and Learning", "Culture, Diversity and Equity", "Relationships, Interactions, and Guidance",
    "Family and Community Engagement", "Dual-Language Development",
    "Observation, Screening, Assessment, and Documentation", "Special Needs and Inclusion",
    "Learning Environments and Curriculum", "Health, Safety, and Nutrition", "Leadership in Early Childhood Education",
    "Professionalism", "Administration and Supervision",
)
CDA_SETTINGS = ["Preschool", "Infant-Toddler", "Family Child Care", "Home Visitor"]
SEASONS = ["Spring", "Summer", "Fall"]


def person(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.1:
        return rng.choice(OWN_ORDER)
    first, last = rng.choice(FIRST), rng.choice(LAST)
    return f"{first} {rng.choice(MIDDLE)} {last}" if roll < 0.35 else f"{first} {last}"


def some_date(rng: random.Random, start_year: int = 2012, end_year: int = 2026) -> date:
    start = date(start_year, 1, 1)
    return start + timedelta(days=rng.randrange((date(end_year, 12, 28) - start).days))


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)
