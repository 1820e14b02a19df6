"""Self-checks that test understanding and prediction moments, read from the catalogs.

Every concept page has at least two prediction moments and at least four self-check questions,
among them one that asks for a number and one that asks why. The form of an option gives
nothing away: in each language the right option is the longest in at most 30 % of the
multiple-choice questions, and no position holds more than 40 % of the right answers. Every
option has its own feedback: why it is right, or what is wrong with it.
"""

from collections import Counter

import pytest

from ui.shell.i18n import catalog
from ui.shell.registry import registered

PAGES = [info.key for info in registered() if info.lesson]  # the glossary teaches no concept of its own


def test_every_page_but_the_glossary_is_a_lesson():
    assert [info.key for info in registered() if not info.lesson] == ["glossary"]


LANGS = ("en", "ja")


def questions(lang: str, page: str) -> dict:
    return catalog(lang)[page].get("quiz", {})


def choice_questions(lang: str) -> list[dict]:
    return [q for page in PAGES for q in questions(lang, page).values() if q.get("kind") != "number"]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_has_four_checks_with_a_number_and_a_why_and_two_moments(page):
    quiz = questions("en", page)
    kinds = Counter(q.get("kind", "choice") for q in quiz.values())
    assert len(quiz) >= 4, page
    assert kinds["number"] >= 1 and kinds["why"] >= 1, (page, kinds)
    assert len(catalog("en")[page].get("predict", {})) >= 2, page


@pytest.mark.parametrize("lang", LANGS)
def test_each_choice_has_its_own_feedback_and_the_answer_points_at_a_choice(lang):
    for page in PAGES:
        for qid, q in questions(lang, page).items():
            if q.get("kind") == "number":
                assert q["tol"] > 0 and q["why"].strip() and q["hint"].strip(), (page, qid)
                assert "answer" not in q, (page, qid)  # the page computes it with core
                continue
            assert q.get("kind", "choice") in ("choice", "why"), (page, qid)
            choices, feedback = q["choices"], q["feedback"]
            assert len(choices) >= 3 and len(feedback) == len(choices), (page, qid)
            assert len(set(choices)) == len(choices), (page, qid)
            assert all(f.strip() for f in feedback) and len(set(feedback)) == len(feedback), (page, qid)
            assert 0 <= q["answer"] < len(choices), (page, qid)
            assert q["answer"] == catalog("en")[page]["quiz"][qid]["answer"], (page, qid)


def longest_share(lang: str) -> float:
    """The share of choice questions whose right option is at least as long as every other."""
    qs = choice_questions(lang)
    longest = [q for q in qs if len(q["choices"][q["answer"]]) >= max(len(c) for c in q["choices"])]
    return len(longest) / len(qs)


def position_shares(lang: str) -> dict[int, float]:
    qs = choice_questions(lang)
    return {pos: n / len(qs) for pos, n in Counter(q["answer"] for q in qs).items()}


@pytest.mark.parametrize("lang", LANGS)
def test_picking_the_longest_option_does_not_pass(lang):
    assert longest_share(lang) <= 0.30


@pytest.mark.parametrize("lang", LANGS)
def test_no_position_holds_more_than_two_fifths_of_the_right_answers(lang):
    assert max(position_shares(lang).values()) <= 0.40, position_shares(lang)


def test_the_shares_are_computed_from_what_the_questions_say():
    """The two measures above, on made-up questions where the answer is known."""
    q = [{"choices": ["a", "bbb", "cc"], "answer": 1}, {"choices": ["aaa", "b", "c"], "answer": 1},
         {"choices": ["aa", "bb", "c"], "answer": 0}]
    longest = [x for x in q if len(x["choices"][x["answer"]]) >= max(len(c) for c in x["choices"])]
    assert len(longest) == 2  # the first, and the third (a tie counts as the longest)
    assert Counter(x["answer"] for x in q) == {1: 2, 0: 1}


@pytest.mark.parametrize("lang", LANGS)
def test_every_moment_has_a_question_and_an_explanation_for_each_outcome(lang):
    for page in PAGES:
        for pid, moment in catalog(lang)[page].get("predict", {}).items():
            assert moment["q"].strip(), (page, pid)
            options = moment.get("options")
            en = catalog("en")[page]["predict"][pid]
            if options is not None:
                assert list(options) == list(en["options"]) and len(options) >= 2, (page, pid)
            because = moment["because"]
            if isinstance(because, dict):
                assert options is not None and set(because) <= set(options), (page, pid)
                assert all(v.strip() for v in because.values()), (page, pid)
            else:
                assert because.strip(), (page, pid)
