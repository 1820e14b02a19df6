"""Options in the address name the option itself, the same in both languages (ui/widgets/choice.py).

Streamlit's own ``bind`` writes the translated label, so a link copied after a change of language
named a label the other language does not know. These tests open pages the way a shared link does
and read back what each page writes into its address.
"""

import pytest

from tests.conftest import LANGS, open_page


def param(at, key):
    value = at.query_params.get(key)
    return value[-1] if isinstance(value, list) and len(value) == 1 else value


@pytest.mark.parametrize("lang", LANGS)
def test_a_link_names_the_option_and_opens_it_in_either_language(lang):
    at = open_page("pages/5_backprop.py", lang, query={"view": "graph", "scenario": "sigmoid_sigmoid"})
    assert at.button_group(key="view").value == "graph"
    assert at.button_group(key="scenario").value == "sigmoid_sigmoid"
    assert param(at, "view") == "graph" and param(at, "scenario") == "sigmoid_sigmoid"


@pytest.mark.parametrize("lang", LANGS)
def test_a_change_writes_the_option_not_its_label(lang):
    at = open_page("pages/6_vanishing_gradient.py", lang)
    assert "exp_act" not in at.query_params and "init" not in at.query_params  # defaults stay out
    at.selectbox(key="exp_act").set_value("relu").run()
    at.selectbox(key="init").set_value("he").run()
    assert param(at, "exp_act") == "relu" and param(at, "init") == "he"
    at.selectbox(key="exp_act").set_value("sigmoid").run()
    assert "exp_act" not in at.query_params  # back at the default: out of the address again


def test_the_address_keeps_its_option_when_the_language_changes():
    at = open_page("pages/7_conv_pooling.py", "en")
    at.button_group(key="shift").set_value("down").run()
    assert param(at, "shift") == "down"
    at.button_group(key="_lang_switch").set_value("ja").run()
    assert at.button_group(key="shift").value == "down"
    assert param(at, "shift") == "down" and param(at, "lang") == "ja"


def test_a_multiselect_keeps_every_option_and_an_old_label_link_still_opens():
    at = open_page("pages/2_activations.py", "en", query={"mode": "compare"})
    at.multiselect(key="fns").set_value(["relu", "tanh"]).run()
    assert at.query_params["fns"] == ["relu", "tanh"]
    # links made before named the label of their language; they still open their view
    at = open_page("pages/2_activations.py", "ja", query={"mode": "compare", "fns": ["ReLU", "tanh"]})
    assert at.multiselect(key="fns").value == ["relu", "tanh"]


def test_a_name_no_option_has_falls_back_to_the_default_and_leaves_the_address():
    at = open_page("pages/3_losses.py", "en", query={"cls": "zebra", "z_preset": "right"})
    assert at.selectbox(key="cls").value == "horse" and "cls" not in at.query_params
    assert at.selectbox(key="z_preset").value == "right"
