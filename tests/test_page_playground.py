"""Page 8: presets load, training runs to the end, results and exports appear."""

import pytest

from tests.conftest import all_text, open_page

PAGE = "pages/8_playground.py"


@pytest.fixture
def at():
    return open_page(PAGE, "en")


def metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def test_default_preset_is_seed_002_and_starts_untrained(at):
    assert at.selectbox(key="p8_preset").value == "seed002_classes"
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
    at.selectbox(key="p8_preset").set_value(preset).run()
    at.button(key="p8_go").click().run()
    assert not at.exception
    assert check(metric(at, label))
    assert at.button(key="p8_go").disabled  # finished
    assert at.main.get("progress")[0].proto.text.startswith(f"Epoch {at.slider(key='p8_epochs').value} of")


def test_same_settings_same_result_and_start_over_resets(at):
    at.button(key="p8_go").click().run()
    first = metric(at, "Training loss")
    at.button(key="p8_reset").click().run()
    assert "Not trained yet" in all_text(at)
    at.button(key="p8_go").click().run()
    assert metric(at, "Training loss") == first


def test_a_learning_rate_that_diverges_is_reported(at):
    at.selectbox(key="p8_preset").set_value("seed004_sine").run()
    at.select_slider(key="p8_lr").set_value(10.0).run()
    at.select_slider(key="p8_batch").set_value("1").run()
    at.selectbox(key="p8_act").set_value("relu").run()
    at.button(key="p8_go").click().run()
    assert not at.exception
    assert any("diverged at epoch" in e.value for e in at.error)


def test_the_rbf_preset_shows_the_hidden_layers_projection(at):
    at.selectbox(key="p8_preset").set_value("seed000_rbf").run()
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
    at.selectbox(key="p8_preset").set_value("seed002_xor").run()
    at.button(key="p8_go").click().run()
    at.button(key="p8_ref").click().run()
    ref = at.dataframe[-1].value
    assert list(ref.iloc[:, 0]) == ["this page (core)", "scikit-learn"]
    at.selectbox(key="p8_act").set_value("gaussian_rbf").run()
    at.button(key="p8_ref").click().run()
    assert any("no such hidden activation" in w.value for w in at.warning)


@pytest.mark.parametrize(
    ("key", "value"),
    [("p8_n", 10), ("p8_n", 600), ("p8_noise", 1.0), ("p8_layers", 3), ("p8_w1", 64), ("p8_w1", 1),
     ("p8_epochs", 1), ("p8_test", 0.5), ("p8_mom", 0.99)],
)
def test_widget_extremes_train_without_exception(at, key, value):
    at.selectbox(key="p8_preset").set_value("seed002_moons").run()
    at.slider(key=key).set_value(value).run()
    at.button(key="p8_go").click().run()
    assert not at.exception
    assert all("diverged at epoch" in e.value for e in at.error)
