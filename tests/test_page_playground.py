"""Page 8: presets load, training runs to the end, results and exports appear."""

import pytest

from tests.conftest import all_text, answer_quiz, open_page, predict_in

PAGE = "pages/8_playground.py"


@pytest.fixture
def at():
    return open_page(PAGE, "en")


def metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def test_default_preset_is_seed_002_and_starts_untrained(at):
    assert at.selectbox(key="preset").value == "seed002_classes"
    assert "Not trained yet" in all_text(at)
    assert "(2, 3, 3)" in all_text(at)


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
    at.selectbox(key="preset").set_value(preset).run()
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
    at.selectbox(key="preset").set_value("seed004_sine").run()
    at.select_slider(key="lr").set_value(10.0).run()
    at.select_slider(key="batch").set_value("1").run()
    at.selectbox(key="act").set_value("relu").run()
    at.button(key="p8_go").click().run()
    assert not at.exception
    assert any("diverged at epoch" in e.value for e in at.error)


def test_the_rbf_preset_shows_the_hidden_layers_projection(at):
    at.selectbox(key="preset").set_value("seed000_rbf").run()
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
    at.selectbox(key="preset").set_value("seed002_xor").run()
    at.button(key="p8_go").click().run()
    at.button(key="p8_ref").click().run()
    ref = at.dataframe[-1].value
    assert list(ref.iloc[:, 0]) == ["this page (core)", "scikit-learn"]
    at.selectbox(key="act").set_value("gaussian_rbf").run()
    at.button(key="p8_ref").click().run()
    assert any("no such hidden activation" in w.value for w in at.warning)


@pytest.mark.parametrize(
    ("key", "value"),
    [("n", 10), ("n", 600), ("noise", 1.0), ("layers", 3), ("w1", 64), ("w1", 1),
     ("epochs", 1), ("test", 0.5), ("m", 0.99)],
)
def test_widget_extremes_train_without_exception(at, key, value):
    at.selectbox(key="preset").set_value("seed002_moons").run()
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


def test_training_waits_for_a_prediction_of_its_outcome_and_the_verdict_follows_it():
    at = open_page(PAGE, ask=True)
    assert at.button(key="p8_go").disabled  # no training before a prediction
    at = predict_in(at, "outcome", "overfits")
    assert not at.button(key="p8_go").disabled
    assert any("Your prediction:** It fits the training data but clearly worse" in i.value
               and "once it has been computed" in i.value for i in at.info)
    at.button(key="p8_go").click().run()
    verdict = next(w.value for w in at.warning if "Your prediction" in w.value)
    assert "**The page computes:** It fits the training data and does as well on the test data" in verdict
    # 89.5 % of the 210 training points, 87.8 % of the 90 test points: within 10 points of each other
    assert "Training accuracy: 0.8952; test accuracy: 0.8778" in verdict
    assert metric(at, "Test accuracy") == "87.8 %"


def test_the_weights_table_waits_for_the_count_of_parameters():
    at = open_page(PAGE, ask=True)
    def table_shown(at) -> bool:
        return any(e.label.startswith("Weights and biases, one row per unit") for e in at.expander)

    assert not table_shown(at)
    at = predict_in(at, "params", 21)  # 3 × 2 weights and 3 biases into the hidden layer, 3 × 3 + 3 out
    assert any("they agree" in s.value and "3 × 2 + 3 × 3 weights and 3 + 3 biases" in s.value
               for s in at.success)
    assert table_shown(at)


def test_settings_come_from_the_address_bar():
    at = open_page(PAGE, "en", query={"w1": "5", "epochs": "20"})
    assert at.slider(key="w1").value == 5 and at.slider(key="epochs").value == 20
    at.button(key="p8_go").click().run()
    assert at.main.get("progress")[0].proto.text.startswith("Epoch 20 of 20")
    table = at.dataframe[0].value  # the weights: 5 hidden units and 3 outputs, a row each
    assert len(table) == 5 + 3
