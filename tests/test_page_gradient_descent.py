"""Page 4: the article's steps, the step-through, regimes, divergence, the momentum race, the
batch-size race and the loss with two valleys."""

import re

import numpy as np
import pandas as pd
import pytest

from core.format import fmt, latex_number
from core.optim import (
    NONCONVEX,
    SEED_QUADRATIC,
    Quadratic,
    descent_trace,
    minibatch_descent,
    race_data,
    steps_to_tolerance,
)
from tests.conftest import (
    all_text,
    answer_quiz,
    chart_with,
    charts,
    domain,
    formulas,
    open_page,
    predict_in,
)

PAGE = "pages/4_gradient_descent.py"
BAD_NUMBERS = re.compile(r"\bnan\b|\binf\b|\binfinity\b|∞|\\infty", re.IGNORECASE)


@pytest.fixture
def at():
    return open_page(PAGE, "en")


def latex(at) -> str:
    return formulas(at)


def badges(at) -> list[str]:
    return [m.group(1) for el in at.markdown for m in re.finditer(r"-badge\[([^\]]*)\]", el.value)]


def step_table(at) -> pd.DataFrame:
    """The step table as shown: the Markdown table under "Step table" (a row of ⋮ where
    rows are left out)."""
    def cells(line: str) -> list[str]:
        return [c.strip() for c in line.strip().strip("|").split("|")]

    text = next(el.value for el in at.markdown if "**Step table**" in el.value)
    lines = [line for line in text.split("\n") if line.startswith("|")]
    return pd.DataFrame([cells(line) for line in lines[2:]], columns=cells(lines[0]))


def everything(at) -> str:
    """Every text, badge, metric and table cell a learner sees (not the source code expander)."""
    parts = [df.value.to_string() for df in at.dataframe]
    for kind in ("title", "header", "subheader", "markdown", "caption", "latex", "info", "success",
                 "warning", "metric"):
        parts += [f"{getattr(el, 'label', '')} {el.value}" for el in getattr(at, kind)]
    return "\n".join(parts)


def test_the_article_steps_3_to_1_5_to_2_are_on_the_page_without_clicking(at):
    text = latex(at)
    assert r"= 3 - 0.5 \times 3 = 1.5" in text
    assert r"= 1.5 - 0.5 \times (-1) = 2" in text
    assert r"\frac{dL}{dw}\Big|_{w=3} = 3" in text and r"\frac{dL}{dw}\Big|_{w=1.5} = -1" in text
    assert r"w^* = 1.875" in text
    # the interactive run starts on the same example: its next step is the article's first
    assert r"w_{1} = w_{0} - \eta\,\frac{dL}{dw}\Big|_{w_{0}} = 3 - 0.5 \times 3 = 1.5" in text
    assert badges(at)[:2] == ["step 0 of 10", "oscillating convergence"]


def test_stepping_twice_fills_the_step_table_with_the_article_numbers(at):
    at.button(key="p4_pos_next").click().run()
    at.button(key="p4_pos_next").click().run()
    table = step_table(at)
    assert list(table["wₖ"]) == ["3", "1.5", "2"]
    assert list(table["dL/dw"]) == ["3", "-1", "0.333333"]
    assert list(table["−η·dL/dw"]) == ["-1.5", "0.5", ""]
    assert list(table["wₖ₊₁"]) == ["1.5", "2", ""]
    text = latex(at)
    assert r"w_{2} = w_{1} - \eta\,\frac{dL}{dw}\Big|_{w_{1}} = 1.5 - 0.5 \times (-1) = 2" in text
    assert r"2 \times 1.33333 \times (2 - 1.875) = 0.333333" in text
    assert "step 2 of 10" in badges(at)


def test_back_and_reset_move_the_position_and_disable_at_the_ends(at):
    assert at.button(key="p4_pos_first").disabled and at.button(key="p4_pos_previous").disabled
    for _ in range(3):
        at.button(key="p4_pos_next").click().run()
    at.button(key="p4_pos_previous").click().run()
    assert len(step_table(at)) == 3 and "step 2 of 10" in badges(at)
    at.button(key="p4_pos_first").click().run()
    assert len(step_table(at)) == 1 and "step 0 of 10" in badges(at)
    at.slider(key="steps").set_value(2).run()
    at.button(key="p4_pos_next").click().run()
    at.button(key="p4_pos_next").click().run()
    assert at.button(key="p4_pos_next").disabled
    assert any("All 2 steps taken" in s.value for s in at.success)


def test_play_advances_one_step_per_tick_and_stops_at_the_last_step(at):
    at.slider(key="steps").set_value(4).run()
    at.button(key="p4_pos_play").click().run()
    assert at.button(key="p4_pos_play").label == "Pause"
    positions = [at.session_state["p4_pos"]]
    for _ in range(5):
        at.run()  # each run of the fragment is one tick of the animation
        positions.append(at.session_state["p4_pos"])
    assert positions == [1, 2, 3, 4, 4, 4]
    assert at.button(key="p4_pos_play").label == "Play" and not at.session_state["p4_pos_playing"]
    at.button(key="p4_pos_play").click().run()  # play again from the start
    assert at.session_state["p4_pos"] == 1


def test_table_formula_and_badge_agree_after_changing_the_learning_rate(at):
    at.slider(key="lr").set_value(0.25).run()
    at.slider(key="w0").set_value(-1.0).run()
    for _ in range(3):
        at.button(key="p4_pos_next").click().run()
    trace = descent_trace(SEED_QUADRATIC, -1.0, 0.25, 10)
    table = step_table(at)
    assert list(table["wₖ"]) == [fmt(w, 6) for w in trace.w[:4]]
    assert list(table["dL/dw"]) == [fmt(g, 6) for g in trace.grad[:4]]
    last_step = (rf"w_{{3}} = w_{{2}} - \eta\,\frac{{dL}}{{dw}}\Big|_{{w_{{2}}}} = "
                 rf"{latex_number(trace.w[2], 6)} - 0.25 \times ({latex_number(trace.grad[2], 6)}) = "
                 rf"{latex_number(trace.w[3], 6)}")
    assert last_step in latex(at)
    assert trace.grad[2] < 0 and table["wₖ₊₁"][2] == table["wₖ"][3]
    # r = 1 - 2 * (4/3) * 0.25 = 1/3: monotone, and every iterate stays left of w*
    assert "monotone convergence" in badges(at)[:2]
    assert r"= 0.3333,\qquad \frac{1}{2a} = 0.375,\qquad \frac{1}{a} = 0.75" in latex(at)
    assert all(w < 1.875 for w in trace.w)


def regime_line(at) -> dict:
    """The learning-rate line as drawn: its bands, and its vertical lines and labels by kind."""
    chart = chart_with(at, "bands", "rules", "labels")
    rules, labels = chart["rules"], chart["labels"]
    def of(kind: str) -> tuple[list, list, list]:
        named = labels[labels["kind"] == kind]
        return rules[rules["kind"] == kind]["x"].tolist(), list(named["text"]), list(named["side"])

    return {"bands": chart["bands"], "axis": domain(chart["bands"], "lr"),
            **{kind: of(kind) for kind in ("threshold", "eta", "limit")}}


def test_the_regime_line_puts_thresholds_and_eta_where_they_are_on_the_axis(at):
    # the article's a = 4/3: thresholds 1/(2a) = 0.375 and 1/a = 0.75 on an axis from 0 to 2/a = 1.5
    line = regime_line(at)
    assert line["axis"] == pytest.approx((0.0, 1.5))
    assert line["bands"]["x"].tolist() == pytest.approx([0.0, 0.375, 0.75])
    assert line["bands"]["x2"].tolist() == pytest.approx([0.375, 0.75, 1.5])
    assert list(line["bands"]["name"]) == ["monotone convergence", "oscillating convergence", "divergence"]
    xs, texts, _ = line["threshold"]
    assert xs == pytest.approx([0.375, 0.75]) and texts == ["1/(2a) = 0.375", "1/a = 0.75"]
    assert line["eta"][:2] == ([0.5], ["η = 0.5"])
    assert line["limit"][:2] == ([], [])  # no momentum, no momentum limit


def test_an_eta_beyond_2_over_a_sits_at_the_end_of_the_axis_with_an_arrow(at):
    at.slider(key="lr").set_value(2.0).run()
    at.slider(key="m").set_value(0.5).run()
    line = regime_line(at)
    assert line["axis"] == pytest.approx((0.0, 1.5))  # the axis keeps its length
    assert line["eta"] == ([1.5], ["η = 2 →"], ["right"])  # named on the side with room: right-aligned
    # with momentum M = 0.5 the run diverges above (1 + M)/a = 1.125
    xs, texts, _ = line["limit"]
    assert xs == pytest.approx([1.125]) and texts == ["with M = 0.5: diverges above η = 1.125"]


def test_curvature_changes_the_thresholds_and_the_regime(at):
    at.select_slider(key="a").set_value(2.0).run()
    assert r"\frac{1}{2a} = 0.25,\qquad \frac{1}{a} = 0.5" in latex(at)
    assert "endless bouncing" in badges(at)[:2]  # eta = 0.5 = 1/a exactly
    at.select_slider(key="a").set_value(3.0).run()
    assert "divergence" in badges(at)[:2]
    warnings = " ".join(w.value for w in at.warning)
    assert "**Divergence.** Your η = 0.5 gives r = -2" in warnings
    assert not at.exception and not at.error


def test_a_divergent_run_says_diverged_after_k_steps_and_never_shows_nan_or_inf(at):
    at.select_slider(key="a").set_value(10.0).run()
    at.slider(key="lr").set_value(2.0).run()
    at.slider(key="steps").set_value(200).run()
    at.session_state["p4_pos"] = 200  # jump to the end: the page clamps to the last finite step
    at.run()
    trace = descent_trace(Quadratic(10.0, 1.875), 3.0, 2.0, 200)
    assert trace.overflow_step == 97
    warnings = " ".join(w.value for w in at.warning)
    assert "Diverged after 97 steps" in warnings and "stop at step 96" in warnings
    assert "outside the picture" in warnings
    table = step_table(at)  # the start, a gap, the latest steps; all 97 rows in an expander
    assert list(table["k"]) == ["0", "⋮", *map(str, range(90, 97))]
    assert table["wₖ₊₁"].iloc[-1] == "" and at.button(key="p4_pos_next").disabled
    assert "All 97 rows of the step table" in [e.label for e in at.expander]
    assert not BAD_NUMBERS.search(everything(at)), BAD_NUMBERS.search(everything(at))
    assert not at.exception and not at.error


def test_momentum_adds_the_velocity_columns_and_formula(at):
    at.slider(key="m").set_value(0.5).run()
    at.button(key="p4_pos_next").click().run()
    at.button(key="p4_pos_next").click().run()
    table = step_table(at)
    assert list(table["M·vₖ"]) == ["0", "-0.75", ""]
    assert list(table["vₖ₊₁ (update)"]) == ["-1.5", "-0.25", ""]
    assert list(table["wₖ"]) == ["3", "1.5", "1.25"]
    assert (r"v_{2} = M\,v_{1} - \eta\,\frac{dL}{dw}\Big|_{w_{1}} = 0.5 \times (-1.5) - 0.5 \times (-1)"
            r" = -0.25") in latex(at)
    assert any("momentum M = 0.5" in i.value and "(1 + M)/a = 1.125" in i.value for i in at.info)


def test_the_momentum_race_counts_come_from_core(at):
    metrics = [m.value for m in at.metric]
    assert metrics == ["34 steps", "15 steps"]
    assert steps_to_tolerance(SEED_QUADRATIC, 3.0, 0.05, 0.01, 0.5) == 15
    at.slider(key="race_m").set_value(0.9).run()
    at.select_slider(key="tol").set_value(0.001).run()
    expected = [steps_to_tolerance(SEED_QUADRATIC, 3.0, 0.05, 0.001, m) for m in (0.0, 0.9)]
    assert [m.value for m in at.metric] == [f"{n} steps" for n in expected]
    at.slider(key="race_lr").set_value(2.0).run()  # both runs diverge
    assert [m.value for m in at.metric] == ["not within 1000 steps"] * 2
    assert any("left the picture" in w.value for w in at.warning)


def test_back_to_the_article_example_restores_every_control(at):
    at.select_slider(key="a").set_value(10.0).run()
    at.slider(key="lr").set_value(1.5).run()
    at.button(key="p4_pos_next").click().run()
    at.button(key="p4_defaults").click().run()
    assert at.select_slider(key="a").value == pytest.approx(4 / 3)
    assert at.slider(key="lr").value == 0.5 and at.session_state["p4_pos"] == 0
    assert r"3 - 0.5 \times 3 = 1.5" in latex(at)


WIDGETS = [
    ("select_slider", "a", 0.1, 10.0),
    ("slider", "w_star", -3.0, 3.0),
    ("slider", "w0", -5.0, 5.0),
    ("slider", "lr", 0.01, 2.0),
    ("slider", "m", 0.0, 0.99),
    ("slider", "steps", 1, 200),
    ("slider", "race_lr", 0.01, 2.0),
    ("slider", "race_m", 0.0, 0.99),
    ("select_slider", "tol", 0.1, 0.0001),
    ("slider", "batch_lr", 0.01, 1.2),
    ("slider", "race_epochs", 1, 50),
    ("number_input", "batch_seed", 0, 9999),
    ("slider", "valley_w0", -3.5, 4.5),
    ("slider", "valley_lr", 0.01, 2.0),
]


@pytest.mark.parametrize(("kind", "key", "low", "high"), WIDGETS, ids=[w[1] for w in WIDGETS])
def test_every_widget_at_its_extremes_keeps_the_page_whole(kind, key, low, high):
    at = open_page(PAGE, "en")
    for value in (low, high):
        getattr(at, kind)(key=key).set_value(value).run()
        at.button(key="p4_pos_next").click().run()
        assert not at.exception, at.exception
        assert not at.error, [e.value for e in at.error]
        assert not BAD_NUMBERS.search(everything(at))


def test_all_controls_at_their_most_extreme_together_in_japanese():
    at = open_page(PAGE, "ja")
    for kind, key, _, high in WIDGETS:
        getattr(at, kind)(key=key).set_value(high).run()
    at.slider(key="w_star").set_value(-3.0).run()
    at.session_state["p4_pos"] = 500
    at.run()
    assert not at.exception and not at.error
    warnings = " ".join(w.value for w in at.warning)
    assert "ステップ目で発散しました" in warnings
    assert "発散" in badges(at)[:2]
    assert not BAD_NUMBERS.search(everything(at))


def test_japanese_page_shows_the_article_numbers_and_japanese_labels():
    at = open_page(PAGE, "ja")
    assert r"= 1.5 - 0.5 \times (-1) = 2" in latex(at)
    assert badges(at)[:2] == ["10ステップ中0ステップ目", "振動を伴う収束"]
    assert [at.button(key=f"p4_pos_{b}").label for b in ("first", "previous", "next", "last", "play")] == [
        "最初へ", "前へ", "次へ", "最後へ", "再生"]
    assert "勾配降下法" in all_text(at)


def test_a_wrong_choice_explains_itself_and_the_number_question_takes_the_articles_step(at):
    from ui.shell.i18n import catalog

    quiz = catalog("en")["gradient_descent"]["quiz"]
    at.radio(key="quiz_gradient_descent_q2").set_value(2).run()  # η = 0.6 on a = 2: diverges
    assert any(quiz["q2"]["feedback"][2] in w.value for w in at.warning)
    at.text_input(key="quiz_gradient_descent_q1").set_value("2.5")
    next(b for b in at.button if b.proto.form_id == "quiz_gradient_descent_q1_form").click().run()
    assert any("You typed 2.5" in w.value for w in at.warning)
    answer_quiz(at, "gradient_descent", {"q1": 1.5})  # 3 − 0.5 × 3, the article's first step
    assert any("All questions on this page" in s.value for s in at.success)
    sidebar = "\n".join(str(el.label) for el in at.sidebar.get("page_link"))
    assert "Gradient descent  ✓" in sidebar


def test_the_steps_wait_for_a_prediction_of_the_regime():
    at = open_page(PAGE, ask=True)
    assert not [b for b in at.button if b.label == "Next"]  # the steps are not drawn yet
    chips = next(m.value for m in at.markdown if "step 0 of 10" in m.value)
    assert "oscillating" not in chips  # nor the regime's badge
    at = predict_in(at, "regime", "divergent")
    assert [b for b in at.button if b.label == "Next"]
    verdict = next(w.value for w in at.warning if "Your prediction" in w.value)
    assert "Land farther from w* with every step" in verdict and "Jump across w* each time" in verdict
    assert "0.3333" in verdict  # the distance shrinks by |r| = 1/3 a step: 3 → 1.5 → 2


def test_a_new_learning_rate_asks_again_and_just_show_me_reveals():
    at = open_page(PAGE, ask=True)
    at = predict_in(at, "regime", "oscillating")
    assert [b for b in at.button if b.label == "Next"]
    at.slider(key="lr").set_value(1.2).run()  # r = 1 − 2 · 4/3 · 1.2 = −2.2
    assert not [b for b in at.button if b.label == "Next"]
    at = predict_in(at, "regime", None)  # just show me
    assert [b for b in at.button if b.label == "Next"]
    assert any("Land farther from w*" in i.value for i in at.info)


def test_the_race_waits_for_a_prediction_of_the_winner():
    at = open_page(PAGE, ask=True)
    assert not at.metric  # the steps each run needs are hidden
    at = predict_in(at, "race", "momentum")  # η = 0.05: plain steps are short, momentum wins
    assert any("Your prediction" in s.value and "they agree" in s.value for s in at.success)
    plain, momentum = (steps_to_tolerance(SEED_QUADRATIC, 3.0, 0.05, 0.01, m) for m in (0.0, 0.5))
    assert (plain, momentum) == (34, 15)
    assert [m.value for m in at.metric] == ["34 steps", "15 steps"]


def test_settings_come_from_the_address_bar():
    at = open_page(PAGE, "ja", query={"lr": "1.2", "a": "2"})  # a select slider reads its label
    assert at.slider(key="lr").value == 1.2 and at.select_slider(key="a").value == 2.0
    assert "r = 1 - 2a\\eta = 1 - 2 \\times 2 \\times 1.2 = -3.8" in formulas(at)


def test_the_code_expander_shows_the_functions_that_computed_the_page(at):
    code = "\n".join(c.value for c in at.code)
    for name in ("class Quadratic", "def gradient_descent", "def descent_trace", "def convergence_rate",
                 "class DoubleWell", "def minibatch_descent"):
        assert name in code
    assert np.isclose(SEED_QUADRATIC.grad(3.0), 3.0)


# --- section 3's rule of thumb, section 4's differences from the Qiita article ----------------------


@pytest.mark.parametrize(("lang", "rule", "qiita"), [
    ("en", "values between 0.1 and 0.01", "starts its remembered update `dW` at random values"),
    ("ja", "0.1〜0.01あたり", "`dW` を乱数（`np.random.rand`"),
])
def test_the_rule_of_thumb_and_the_qiita_differences_are_stated(lang, rule, qiita):
    text = all_text(open_page(PAGE, lang))
    assert rule in text and qiita in text and "B = B - eta * B_grad" in text
    assert ("rule of thumb" if lang == "en" else "経験則") in text


# --- section 6: the batch-size race ---------------------------------------------------------------


def race_table(at) -> pd.DataFrame:
    """The race's summary as shown: one row per run."""
    text = next(el.value for el in at.markdown if "| updates per epoch |" in el.value
                or "| 1エポックの更新回数 |" in el.value)
    rows = [[c.strip() for c in line.strip().strip("|").split("|")] for line in text.split("\n")]
    return pd.DataFrame(rows[2:], columns=rows[0])


def race_charts(at) -> tuple[dict, dict]:
    """The race's two charts: the loss per epoch, and w per update."""
    found = [c for c in charts(at) if "curves" in c]
    assert len(found) == 2
    return found[0], found[1]


def by_series(table: pd.DataFrame) -> dict[str, pd.DataFrame]:
    return {name: part for name, part in table.groupby("series", sort=False)}


def test_the_race_runs_three_batch_sizes_for_the_same_epochs(at):
    table = race_table(at)
    assert list(table["run"]) == ["full batch (k = 16)", "batch size 4", "batch size 1"]
    assert list(table["updates per epoch"]) == ["1", "4", "16"]
    assert list(table["updates in all"]) == ["10", "40", "160"]  # 10 epochs each
    t = race_data(0)
    runs = [minibatch_descent(t, 0.0, 0.1, 10, k, 0) for k in (16, 4, 1)]
    assert list(table["L after 10 epochs"]) == [fmt(r.loss[-1], 6) for r in runs] == [
        "0.859025", "0.777425", "0.851983"]
    loss, path = (by_series(c["curves"]) for c in race_charts(at))
    for name, run in zip(table["run"], runs, strict=True):
        assert loss[name]["x"].tolist() == list(range(11))  # the same epochs: the start and 10
        np.testing.assert_allclose(loss[name]["y"], run.loss)
        assert path[name]["x"].max() == 10 and len(path[name]) == run.updates + 1  # every update
        np.testing.assert_allclose(path[name]["y"], run.w)
    floor = loss["minimum (w = t̄)"]["y"].tolist()
    assert floor == pytest.approx([t.var()] * 2)  # the least possible loss, at w = t̄
    assert "mean t̄ = 2.734" in " ".join(c.value for c in at.caption)
    assert "(160 in all)" in " ".join(m.value for m in at.markdown)


def test_the_race_follows_its_sliders_and_seed(at):
    at.slider(key="race_epochs").set_value(5).run()
    assert list(race_table(at)["updates in all"]) == ["5", "20", "80"]
    at.number_input(key="batch_seed").set_value(7).run()
    t = race_data(7)
    assert f"mean t̄ = {fmt(t.mean())}" in " ".join(c.value for c in at.caption)
    at.slider(key="batch_lr").set_value(0.3).run()
    expected = [fmt(minibatch_descent(t, 0.0, 0.3, 5, k, 7).loss[-1], 6) for k in (16, 4, 1)]
    assert list(race_table(at)["L after 5 epochs"]) == expected


def test_a_diverging_race_says_so_and_shows_no_nan(at):
    at.slider(key="batch_lr").set_value(1.2).run()
    at.slider(key="race_epochs").set_value(50).run()
    assert list(race_table(at)["L after 50 epochs"]) == ["diverged"] * 3
    assert any("**Diverged.** With η = 1.2" in w.value for w in at.warning)
    assert not BAD_NUMBERS.search(everything(at)) and not at.exception and not at.error


def test_the_race_waits_for_a_prediction_of_the_number_of_updates():
    at = open_page(PAGE, ask=True)
    assert not [el for el in at.markdown if "| updates per epoch |" in el.value]
    assert not [c for c in charts(at) if "curves" in c]
    at = predict_in(at, "updates", 160)  # 16 points, 10 epochs, one update per point
    assert any("Your prediction" in s.value and "One epoch uses each data point once" in s.value
               for s in at.success)
    assert list(race_table(at)["updates in all"]) == ["10", "40", "160"]
    at.slider(key="race_epochs").set_value(3).run()  # other epochs: a new question
    assert not [el for el in at.markdown if "| updates per epoch |" in el.value]


def test_the_race_in_japanese():
    at = open_page(PAGE, "ja")
    table = race_table(at)
    assert list(table["更新方法"]) == ["バッチ学習（k = 16）", "バッチサイズ4", "バッチサイズ1"]
    assert list(table["更新回数の合計"]) == ["10", "40", "160"]
    assert "6. バッチサイズの競争：全データ、4、1" in [h.value for h in at.header]


# --- section 7: two valleys -------------------------------------------------------------------------


def valley_chart(at) -> dict:
    return chart_with(at, "curve", "ends", "path", "spots")


def test_the_valleys_show_the_two_minima_and_the_default_run_ends_in_the_local_one(at):
    assert (r"L(w) = 0.03\,w^{4} - 0.04\,w^{3} - 0.36\,w^{2} + 1.89,\qquad "
            r"\frac{dL}{dw} = 0.12\,(w + 2)\,w\,(w - 3)") in formulas(at)
    limit = "L″ = 1.8, so a run can settle there only with η < 2/L″ = 1.111"
    assert any(limit in c.value for c in at.caption)
    chart = valley_chart(at)
    spots = chart["spots"].set_index("text")
    assert spots.loc["local minimum (w = -2, L = 1.25)", "w"] == -2.0
    assert spots.loc["global minimum (w = 3, L = 0)", "w"] == 3.0
    trace = descent_trace(NONCONVEX, -1.0, 0.1, 200)
    np.testing.assert_allclose(chart["path"]["w"], trace.w)
    assert any("**Local minimum.** After 200 steps w = -2 and L = 1.25" in i.value for i in at.info)
    # the strip: with η = 0.1 every start left of the hilltop ends at -2, right of it at 3
    ends = chart["ends"]
    left, right = ends[ends["x2"] <= -0.05], ends[ends["x"] >= 0.05]
    assert set(left["part"]) == {"ends in the local minimum"}
    assert set(right["part"]) == {"ends in the global minimum"}
    assert ends[(ends["x"] < 0) & (ends["x2"] > 0)]["part"].tolist() == ["stays on the hilltop"]


@pytest.mark.parametrize(("w0", "lr", "kind", "says"), [
    (1.0, 0.1, "success", "**Global minimum.** After 200 steps w = 3"),
    (0.0, 0.1, "info", "**Stuck on the hilltop.** w stays at 0"),
    (2.5, 1.2, "warning", "is above 1.111, the largest η with which a run can settle in the narrower"),
    (0.5, 0.01, "warning", "the run is still on its way"),
    (4.5, 2.0, "warning", "**Diverged.**"),
])
def test_the_valley_sliders_move_the_run_and_its_end(w0, lr, kind, says):
    at = open_page(PAGE, "en")
    at.slider(key="valley_w0").set_value(w0).run()
    at.slider(key="valley_lr").set_value(lr).run()
    assert any(says in el.value for el in getattr(at, kind)), [el.value for el in getattr(at, kind)]
    trace = descent_trace(NONCONVEX, w0, lr, 200)
    np.testing.assert_allclose(valley_chart(at)["path"]["w"], trace.w[: trace.finite_steps + 1])
    assert not BAD_NUMBERS.search(everything(at)) and not at.exception and not at.error


def test_a_long_step_from_the_left_ends_in_the_global_valley(at):
    at.slider(key="valley_w0").set_value(-3.5).run()
    at.slider(key="valley_lr").set_value(1.0).run()
    assert any("**Global minimum.**" in s.value for s in at.success)
    ends = valley_chart(at)["ends"]
    assert ends["part"].iloc[0] == "ends in the global minimum"  # the strip breaks up at the edge


def test_the_run_waits_for_a_prediction_of_its_valley():
    at = open_page(PAGE, ask=True)
    chart = valley_chart(at)
    assert len(chart["path"]) == 0 and len(chart["ends"]) == 0  # no run, no strip: only the loss
    assert "w₀" in chart["spots"]["text"].tolist()
    assert not any("**Local minimum.**" in i.value for i in at.info)
    at = predict_in(at, "valley", "global")  # from w₀ = -1 most expect the deeper valley
    verdict = next(w.value for w in at.warning if "Your prediction" in w.value)
    assert "although the valley at w = 3 is deeper" in verdict
    assert "w₀ = -1 lies left of the hilltop at w = 0" in verdict
    assert len(valley_chart(at)["path"]) == 201 and len(valley_chart(at)["ends"]) == 81
    at.slider(key="valley_w0").set_value(1.0).run()  # a new start: asked again
    assert len(valley_chart(at)["path"]) == 0


def test_a_jump_over_the_hill_is_explained():
    at = open_page(PAGE, ask=True)
    at.slider(key="valley_w0").set_value(4.5).run()
    at.slider(key="valley_lr").set_value(0.9).run()
    at = predict_in(at, "valley", "local")
    verdict = next(s.value for s in at.success if "Your prediction" in s.value)
    assert "on the other side of the hilltop at w = 0, but with η = 0.9 a step was long enough" in verdict


def test_the_valleys_in_japanese():
    at = open_page(PAGE, "ja")
    assert "7. 2つの谷：局所最適解と大域最適解" in [h.value for h in at.header]
    assert any("**局所最適解。** 200ステップ後、w = -2、L = 1.25 です。" in i.value for i in at.info)
    spots = valley_chart(at)["spots"]["text"].tolist()
    assert "局所最適解（w = -2、L = 1.25）" in spots and "大域最適解（w = 3、L = 0）" in spots
    at.slider(key="valley_lr").set_value(1.2).run()
    at.slider(key="valley_w0").set_value(2.5).run()
    assert any("狭い大域最適解の谷に落ち着ける η の上限 1.111 を超えています" in w.value for w in at.warning)
