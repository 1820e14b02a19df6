"""The learner's record: merged with what the browser kept, cleaned of what it should not hold,
shown on the home page and forgotten on request. (The browser's half, ui/shell/store.js, is
proven end to end in real Chromium: tests/test_browser.py reloads a page and finds it all.)"""

from tests.conftest import answer_quiz, open_page, predict_in
from ui.shell import progress
from ui.shell.registry import pages
from ui.widgets.predict import context_key


def test_merging_joins_what_both_sides_know_and_the_newer_side_wins_a_moment():
    browser = {"visited": ["losses"], "passed": {"losses": ["q1"]}, "ask": False,
               "predicted": {"losses": {"p": {"ctx": "a", "guess": 1, "hit": True}}}}
    session = {"visited": ["backprop"], "passed": {"losses": ["q2"]}, "ask": None,
               "predicted": {"losses": {"p": {"ctx": "b", "guess": 2, "hit": False}}}}
    both = progress.merge(browser, session)
    assert both["visited"] == ["backprop", "losses"]
    assert both["passed"] == {"losses": ["q1", "q2"]}
    assert both["predicted"]["losses"]["p"]["ctx"] == "b"  # the session's, made later
    assert both["ask"] is False  # the session never chose: the browser's choice stands
    assert progress.merge(both, both) == both  # nothing new: nothing changes


def test_what_the_browser_sends_is_cleaned_of_anything_malformed():
    cleaned = progress._clean({"visited": ["losses", 3], "passed": {"losses": ["q1", None], "x": "q"},
                               "predicted": {"losses": {"ok": {"ctx": "c1"}, "bad": {"guess": 1}}},
                               "ask": "no", "extra": 1})
    assert cleaned == {"visited": ["losses"], "passed": {"losses": ["q1"]},
                       "predicted": {"losses": {"ok": {"ctx": "c1"}}}, "ask": None}
    assert progress._clean("not a record") == progress.empty()


def test_a_prediction_belongs_to_its_settings():
    import numpy as np

    assert context_key((1.0, np.array([2.0, 3.0]))) == context_key([1, [2, 3]])
    assert context_key((0.5,)) != context_key((0.51,))
    assert context_key((0.1 + 0.2,)) == context_key((0.3,))  # not told apart by float noise


def test_the_home_page_shows_each_pages_progress_and_forgets_it_on_request():
    at = open_page("pages/4_gradient_descent.py", ask=True)
    at = predict_in(at, "regime", "oscillating")
    at = answer_quiz(at, "gradient_descent", {"q1": 1.5})
    at.switch_page("app.py").run()
    table = next(m.value for m in at.markdown if "Predictions made" in m.value)
    row = next(line for line in table.splitlines() if "Gradient descent" in line)
    cells = [c.strip() for c in row.strip("|").split("|")]
    # its step on the path (the fifth: the anatomy page comes first), and the lessons in all (9)
    step = [info.key for info in pages()].index("gradient_descent") + 1
    lessons = sum(info.lesson for info in pages())
    assert (step, lessons) == (5, 9)
    assert cells == [f"{step}. Gradient descent", "yes", "5 / 5", "1 / 4", "✓"]
    assert f"Self-checks passed on 1 of {lessons} pages" in at.sidebar.get("progress")[0].proto.text
    at.button(key="home_reset").click().run()
    assert at.session_state[progress.KEY] == progress.empty()
    table = next(m.value for m in at.markdown if "Predictions made" in m.value)
    assert f"| {step}. Gradient descent | — | 0 / 5 | 0 / 4 |  |" in table
