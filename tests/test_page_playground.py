"""Page 8: presets load, training runs to the end, results and exports appear; the outcome and
the number of parameters are predicted before they are shown; the settings live in the URL; the
RBF article's loss surface is drawn with the path of the training loop, beside the article's result."""

import numpy as np
import pytest

from core.playground import PRESETS, with_changes
from core.surface import descent_path
from tests.conftest import LANGS, all_text, answer_quiz, chart_with, charts, domain, open_page, predict_in

PAGE = "pages/8_playground.py"


@pytest.fixture
def at():
    return open_page(PAGE, "en")


def metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def outcome_form(at) -> list:
    """The options of the outcome question while it is asked (empty once it is answered)."""
    return [r.options for r in at.radio if ".predict.outcome_" in r.proto.form_id]


LEARNS = "It fits the training data and does about as well on the test data"
OVERFITS = "It fits the training data but does clearly worse on the test data"
UNDERFITS = "It does not even fit the training data"
DIVERGES = "The loss grows without limit: training diverges"


def test_default_preset_is_seed_002_and_starts_untrained(at):
    assert at.selectbox(key="example").value == "seed002_classes"
    assert "Not trained yet" in all_text(at)
    assert "(2, 3, 3)" in all_text(at)


def test_loading_a_preset_sets_every_widget(at):
    at.selectbox(key="example").set_value("seed004_sine").run()
    assert at.selectbox(key="data").value == "sine" and at.slider(key="h1").value == 3
    assert at.select_slider(key="batch").value == "1" and at.select_slider(key="eta").value == 0.2
    assert at.selectbox(key="activation").value == "sigmoid" and at.slider(key="test_share").value == 0.0


@pytest.mark.parametrize(
    ("preset", "label", "check"),
    [
        ("seed002_classes", "Test accuracy", lambda v: float(v.rstrip(" %")) >= 85),
        ("seed002_moons", "Test accuracy", lambda v: float(v.rstrip(" %")) >= 95),
        ("seed002_xor", "Test accuracy", lambda v: float(v.rstrip(" %")) >= 95),
        ("seed000_rbf", "Training accuracy", lambda v: float(v.rstrip(" %")) >= 95),
        ("seed004_sine", "Training loss", lambda v: float(v.replace("e-0", "e-")) < 0.005),
    ],
)
def test_every_preset_trains_to_a_sensible_result(at, preset, label, check):
    at.selectbox(key="example").set_value(preset).run()
    at.button(key="p8_go").click().run()
    assert not at.exception
    assert check(metric(at, label))
    assert at.button(key="p8_go").disabled  # finished
    assert at.main.get("progress")[0].proto.text.startswith(f"Epoch {at.slider(key='epochs').value} of")


def test_same_settings_same_result_and_start_over_resets(at):
    at.button(key="p8_go").click().run()
    first = metric(at, "Training loss")
    at.button(key="p8_reset").click().run()
    assert "Not trained yet" in all_text(at)
    at.button(key="p8_go").click().run()
    assert metric(at, "Training loss") == first


def test_a_learning_rate_that_diverges_is_reported(at):
    at.selectbox(key="example").set_value("seed004_sine").run()
    at.select_slider(key="eta").set_value(10.0).run()
    at.select_slider(key="batch").set_value("1").run()
    at.selectbox(key="activation").set_value("relu").run()
    at.button(key="p8_go").click().run()
    assert not at.exception
    assert any("diverged at epoch" in e.value for e in at.error)


def test_the_rbf_preset_shows_the_hidden_layers_projection(at):
    at.selectbox(key="example").set_value("seed000_rbf").run()
    assert "How the hidden layer sees the inputs" in all_text(at)
    assert "starts from the article's weights W1 = [[2]], b1 = [0]; W2 = [[-5]], b2 = [-1]" in all_text(at)


def test_weights_table_has_w1_w2_w3_then_b_and_a_dash_where_a_unit_has_no_such_input(at):
    at.button(key="p8_go").click().run()
    assert len(at.get("download_button")) == 2
    table = next(df.value for df in at.dataframe if "w1" in df.value.columns)
    # the 2-3-3 network: layer 1 has 2 inputs per unit, layer 2 has 3
    assert list(table.columns)[2:] == ["w1", "w2", "w3", "b"]
    assert list(table["layer"]) == ["1", "1", "1", "2", "2", "2"]
    assert list(table["w3"])[:3] == ["—"] * 3
    assert "—" not in table.iloc[3:].to_numpy() and "—" not in table[["w1", "w2", "b"]].to_numpy()


def test_sklearn_reference_runs_on_request(at):
    at.selectbox(key="example").set_value("seed002_xor").run()
    at.button(key="p8_go").click().run()
    at.button(key="p8_ref").click().run()
    ref = next(df.value for df in at.dataframe if "seconds" in df.value.columns)
    assert list(ref.iloc[:, 0]) == ["this page (core)", "scikit-learn"]
    at.selectbox(key="activation").set_value("gaussian_rbf").run()
    at.button(key="p8_ref").click().run()
    assert any("no such hidden activation" in w.value for w in at.warning)


@pytest.mark.parametrize(
    ("key", "value"),
    [("samples", 10), ("samples", 600), ("noise", 1.0), ("hidden", 3), ("h1", 64), ("h1", 1),
     ("epochs", 1), ("test_share", 0.5), ("momentum", 0.99)],
)
def test_widget_extremes_train_without_exception(at, key, value):
    at.selectbox(key="example").set_value("seed002_moons").run()
    at.slider(key=key).set_value(value).run()
    at.button(key="p8_go").click().run()
    assert not at.exception
    assert all("diverged at epoch" in e.value for e in at.error)


def test_answering_the_self_check_ticks_the_page_off(at):
    from ui.shell.i18n import catalog

    quiz = catalog("en")["playground"]["quiz"]
    at.radio(key="quiz_playground_q2").set_value(0).run()
    assert any(quiz["q2"]["feedback"][0] in w.value for w in at.warning)
    answer_quiz(at, "playground", {"q4": 53})  # 210 training points in batches of 4: 52 full and one of 2
    assert any("All questions on this page" in s.value for s in at.success)


# --- the prediction moments ------------------------------------------------------------------


def test_training_waits_for_a_prediction_of_its_outcome_and_the_verdict_follows_it():
    at = open_page(PAGE, ask=True)
    assert at.button(key="p8_go").disabled  # no training before a prediction
    assert outcome_form(at) == [[LEARNS, OVERFITS, UNDERFITS, DIVERGES]]  # 90 points held back
    at = predict_in(at, "outcome", "overfits")
    assert not at.button(key="p8_go").disabled and not outcome_form(at)
    assert any("Your prediction:** It fits the training data but does clearly worse" in i.value
               and "once it has been computed" in i.value for i in at.info)
    at.button(key="p8_go").click().run()
    verdict = next(w.value for w in at.warning if "Your prediction" in w.value)
    assert "**The page computes:** It fits the training data and does about as well" in verdict
    # 188 of the 210 training points and 79 of the 90 test points classified right, and the test loss
    # 1.64 times the training loss: under the 2 this page calls overfitting
    assert "Accuracy: 89.5 % on the training data, 87.8 % on the test data" in verdict
    assert "only 1.64 times the training loss" in verdict
    assert metric(at, "Training accuracy") == "89.5 %" and metric(at, "Test accuracy") == "87.8 %"


def test_the_overfitting_preset_overfits_and_just_show_me_reveals_it():
    at = open_page(PAGE, ask=True)
    at.selectbox(key="example").set_value("seed002_moons20").run()
    at = predict_in(at, "outcome", None)  # just show me
    assert not at.button(key="p8_go").disabled
    at.button(key="p8_go").click().run()
    shown = next(i.value for i in at.info if "The page computes" in i.value)
    assert "It fits the training data but does clearly worse on the test data" in shown
    # 28 of 30 training points, 27 of 30 test points: the test loss ends 3.58 times the training loss
    assert "Accuracy: 93.3 % on the training data, 90 % on the test data" in shown and "3.58 times" in shown


def test_new_settings_ask_again_and_a_trained_runs_results_wait_for_the_answer():
    at = open_page(PAGE, ask=True)
    at = predict_in(at, "outcome", "learns")
    at.button(key="p8_go").click().run()
    assert any("they agree" in s.value for s in at.success)
    at.slider(key="epochs").set_value(100).run()  # the same run, already past 100 epochs: finished
    assert outcome_form(at) and not at.metric  # asked anew; the scores that would answer it wait
    assert not at.main.get("progress") and not [c for c in at.get("arrow_vega_lite_chart")]
    assert any("Predict how training will end" in i.value for i in at.info)
    at = predict_in(at, "outcome", "underfits")
    assert any("Your prediction:** It does not even fit" in w.value for w in at.warning)
    assert metric(at, "Test accuracy")


def test_without_a_test_set_the_question_leaves_overfitting_out():
    at = open_page(PAGE, ask=True)
    at.selectbox(key="example").set_value("seed004_sine").run()  # 63 points, all for training
    assert outcome_form(at) == [["It fits the training data", UNDERFITS, DIVERGES]]
    at = predict_in(at, "outcome", "fits")
    at.button(key="p8_go").click().run()
    verdict = next(s.value for s in at.success if "Your prediction" in s.value)
    assert "they agree" in verdict and "R² (1 − MSE / variance of t) on the training data: 0.998" in verdict


def test_the_weights_table_waits_for_the_count_of_parameters():
    at = open_page(PAGE, ask=True)

    def table_shown(at) -> bool:
        return any(e.label.startswith("Weights and biases, one row per unit") for e in at.expander)

    assert not table_shown(at)
    at = predict_in(at, "params", 21)  # 3 × 2 weights and 3 biases into the hidden layer, 3 × 3 + 3 out
    assert any("they agree" in s.value and "3 × 2 + 3 × 3 weights and 3 + 3 biases, 21 in all" in s.value
               for s in at.success)
    assert table_shown(at)
    at.slider(key="h1").set_value(5).run()  # 2 → 5 → 3: 5 × 2 + 5 + 3 × 5 + 3 = 33, asked anew
    assert not table_shown(at)
    at = predict_in(at, "params", 30)
    assert any("**Your prediction:** 30 · **The page computes:** 33" in w.value for w in at.warning)
    assert table_shown(at)


# --- the address bar ----------------------------------------------------------------------------


def test_settings_come_from_the_address_bar():
    at = open_page(PAGE, "en", query={"h1": "5", "epochs": "20", "momentum": "0.5"})
    assert at.slider(key="h1").value == 5 and at.slider(key="epochs").value == 20
    assert at.slider(key="momentum").value == 0.5
    at.button(key="p8_go").click().run()
    assert at.main.get("progress")[0].proto.text.startswith("Epoch 20 of 20")
    table = at.dataframe[0].value  # the weights: 5 hidden units and 3 outputs, a row each
    assert len(table) == 5 + 3


def test_the_settings_stay_this_pages_own_across_a_visit_to_another_page(at):
    at.select_slider(key="eta").set_value(8.0).run()
    at.switch_page("pages/4_gradient_descent.py").run()
    assert not at.exception and at.slider(key="lr").value == 0.5  # page 4's own η, not this page's
    at.switch_page(PAGE).run()
    assert at.select_slider(key="eta").value == 8.0  # kept for the session


# --- the RBF article's loss surface -----------------------------------------------------------------

RBF = PRESETS["seed000_rbf"]


def surface_shown(at) -> bool:
    return any("cells" in chart for chart in charts(at))


def comparison(at) -> str:
    """The table of the article's result beside this page's (Markdown)."""
    return next(m.value for m in at.markdown if "| 13.53 |" in m.value)


@pytest.mark.parametrize("lang", LANGS)
def test_the_loss_surface_shows_the_training_loops_path_and_the_articles_result_beside_this_pages(lang):
    at = open_page(PAGE, lang)
    at.selectbox(key="example").set_value("seed000_rbf").run()
    assert not at.exception
    chart = chart_with(at, "cells", "path", "marks")
    path, expected = chart["path"], descent_path(RBF)
    assert len(path) == 31 and len(chart["cells"]) == 41 * 41
    np.testing.assert_allclose(path[["wh", "wo"]].to_numpy(), np.column_stack([expected.w_h, expected.w_o]))
    assert path.iloc[-1][["wh_text", "wo_text", "L_text"]].tolist() == ["1.385", "5.084", "0.184"]
    assert domain(chart["cells"], "wh") == pytest.approx((-0.0875, 7.0875))  # 0 to 7, half a cell each side
    marks = chart["marks"][["wh", "wo"]].to_numpy().tolist()  # the start, this page's end, the article's
    assert marks == [[2.0, -5.0], list(path.iloc[-1][["wh", "wo"]]), [0.76, 2.92]]
    table = comparison(at)  # the article's 2 decimals; this page's 3 significant digits
    for row in ("| 0.76 | 1.38 |", "| 2.92 | 5.08 |", "| 13.53 | 7.36 |", "| 0.338 | 0.184 |"):
        assert row in table
    assert ("| 0.2; 8 | 0.2; 8 |" if lang == "en" else "| 0.2、8 | 0.2、8 |") in table
    text = all_text(at)
    assert ("seeds no random generator" if lang == "en" else "乱数シードを決めていません") in text
    assert ("40 times this page's L" if lang == "en" else "このページの L の40倍") in text
    assert ("lies on its edge" if lang == "en" else "図の端にあります") in text


def test_the_learning_rate_slider_moves_the_path_and_the_data_seed_the_surface(at):
    before = chart_with(at, "cells")
    at.select_slider(key="surface_eta").set_value(16.0).run()
    after = chart_with(at, "cells")
    assert not at.exception
    expected = descent_path(with_changes(RBF, lr=16.0))
    np.testing.assert_allclose(after["path"][["wh", "wo"]].to_numpy(),
                               np.column_stack([expected.w_h, expected.w_o]))
    assert after["path"]["wo"].iloc[-1] > before["path"]["wo"].iloc[-1]  # further along the valley
    assert domain(after["cells"], "wh")[1] > 7.0875  # the picture widens to hold the path
    assert "| 0.2; 8 | 0.4; 16 |" in comparison(at) and "| 0.76 | 1.47 |" in comparison(at)
    at.number_input(key="surface_seed").set_value(4).run()
    moved = chart_with(at, "cells")
    assert not at.exception and "40, data seed 4" in comparison(at)
    assert not np.allclose(moved["cells"]["L"], after["cells"]["L"])


def test_the_surface_waits_for_a_prediction_of_where_the_path_ends_and_asks_again_for_other_samples():
    at = open_page(PAGE, ask=True)
    assert not surface_shown(at)
    assert "The surface and the path are drawn once you have locked in a prediction." in all_text(at)
    at = predict_in(at, "surface", "article")
    verdict = next(w.value for w in at.warning if "Your prediction" in w.value and "w_h" in w.value)
    assert "**The page computes:** Elsewhere in the valley, where the classes are separated" in verdict
    assert "It ends at $w_h$ = 1.38, $w_o$ = 5.08, with 100 % of the samples classified right" in verdict
    assert surface_shown(at)
    at.select_slider(key="surface_eta").set_value(4.0).run()  # the question was about the article's steps
    assert surface_shown(at) and not at.exception
    at.number_input(key="surface_seed").set_value(4).run()  # other samples: asked anew
    assert not surface_shown(at)
    at = predict_in(at, "surface", "outside")
    agreed = next(s.value for s in at.success if "Your prediction" in s.value and "w_h" in s.value)
    assert "they agree" in agreed and "with only 77.5 % of the samples classified right" in agreed


@pytest.mark.parametrize(("query", "settings"), [
    ({"surface_eta": "abc", "surface_seed": "-3"}, (8.0, 1)),  # a link with bad values: the defaults
    ({"surface_eta": "1e999", "surface_seed": "99999999"}, (8.0, 1)),
    ({"surface_eta": "48.0", "surface_seed": "9999"}, (48.0, 9999)),  # the extremes
])
def test_bad_or_extreme_surface_settings_show_no_traceback(query, settings):
    at = open_page(PAGE, "ja", query=query)
    assert not at.exception
    assert (at.select_slider(key="surface_eta").value, at.number_input(key="surface_seed").value) == settings
    assert surface_shown(at)
    assert not any(word in all_text(at) for word in ("nan", "NaN", "inf", "∞"))


@pytest.mark.parametrize("lang", LANGS)
def test_the_qiita_presets_say_how_this_loop_differs_from_the_articles(lang):
    at = open_page(PAGE, lang)
    about = next(i.value for i in at.info if "make_classification" in i.value)
    momentum = at.slider(key="momentum").help
    if lang == "en":
        assert "momentum moves the biases too, its velocity starting at 0" in about
        assert "shuffles the training data at every epoch" in about and "takes them in order" in about
        assert "its biases take plain steps" in momentum
    else:
        assert "モメンタムをバイアスにも使い" in about and "順番どおりに取り出します" in about
        assert "バイアスはモメンタムなしで" in momentum
