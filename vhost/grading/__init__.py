"""Honest grading of the host's answers against hand-labelled viewer questions (no LLM).

    items = load_graded("personas/corpora/graded/tech_reviewer.test.jsonl")
    sheet = sheet_of(load_persona(zh), load_persona(en), now=datetime(2026, 12, 4, 20))
    grades = {it.id: grade(it, answer_of[it.id], sheet) for it in items}
    print(report(items, grades, predictions).table())
"""

from vhost.grading.corpus import INTENTS, GradedItem, load_graded
from vhost.grading.grade import VERDICTS, Grade, Prediction, Report, grade, report
from vhost.grading.normalize import chinese_to_int, normalize
from vhost.grading.sheet import Sheet, sheet_of

__all__ = [
    "INTENTS", "VERDICTS", "Grade", "GradedItem", "Prediction", "Report", "Sheet",
    "chinese_to_int", "grade", "load_graded", "normalize", "report", "sheet_of",
]
