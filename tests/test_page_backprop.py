"""Page 5: the seed's numbers without interaction, the step-through, the check, the update."""

import numpy as np
import pytest

from core.activations import ACTIVATIONS
from core.graph import rbf_deltas
from core.losses import mse_grad
from core.network import EXAMPLE_321 as E
from core.network import mlp_backward, mlp_forward
from tests.conftest import all_text, answer_quiz, formulas, open_page, predict_in

PAGE = "pages/5_backprop.py"
BR = '<br align="center"/>'


@pytest.fixture
def at():
    return open_page(PAGE, "en")


def latex(at) -> str:
    return formulas(at)


def result(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("Result:"))


def test_both_seed_scenarios_are_shown_to_the_seeds_digits_without_clicking(at):
    text = latex(at)
    # ReLU hidden, identity output (seed 001 §3.1.3)
    assert r"= \begin{bmatrix} 11 \\ -14 \end{bmatrix}" in text
    assert r"(20 - 33)^2\right) = 169" in text
    # sigmoid on both layers (seed 001 §3.3.1)
    assert r"= \begin{bmatrix} 0.95257194 \end{bmatrix}" in text
    assert r"\begin{bmatrix} -1.72104507 & -1.43112111 \times 10^{-6} \end{bmatrix}" in text
    assert (r"-1.72463398 \times 10^{-4} & -2.58695098 \times 10^{-4} & -8.62316992 \times 10^{-5}"
            in text)
    assert r"-5.7244797 \times 10^{-6} & -8.58671954 \times 10^{-6} & -2.86223985 \times 10^{-6}" in text
    assert "can never reach t = 20" in all_text(at)


def test_the_step_through_walks_all_13_steps_and_ends_at_mlp_backward(at):
    assert result(at) == "Result: **u1** = `[11, -14]`"
    assert at.button(key="p5_step_previous").disabled and at.button(key="p5_step_first").disabled
    at.button(key="p5_step_next").click().run()
    assert result(at) == "Result: **h1** = `[11, 0]`"
    for _ in range(10):  # to step 12 of 13
        at.button(key="p5_step_next").click().run()
    y, cache = mlp_forward(E.x, E.layers("relu", "identity"))
    (dW1, db1), _ = mlp_backward(mse_grad(y, E.t), cache)
    np.testing.assert_array_equal(dW1, [[156, 234, 78], [0, 0, 0]])
    assert result(at) == "Result: **dL/dW1** = `[[156, 234, 78], [0, 0, 0]]`"
    at.button(key="p5_step_next").click().run()
    assert result(at) == f"Result: **dL/db1** = `[{db1[0]:g}, {db1[1]:g}]`"
    assert at.button(key="p5_step_next").disabled
    at.button(key="p5_step_first").click().run()
    assert result(at).startswith("Result: **u1**")


def test_each_step_shows_its_chain_rule_product(at):
    at.button(key="p5_step_last").click().run()
    db1 = r"\frac{\partial L}{\partial \mathbf{b}_1} = \frac"  # the chain, not δ's section
    chain = [el.value for el in at.latex if db1 in el.value][-1]
    assert chain.count(r"\partial") == 12  # dL/db1 = five fractions


def test_sigmoid_scenario_changes_every_step_and_keeps_the_check_green(at):
    at.button_group(key="scenario").set_value("sigmoid_sigmoid").run()
    at.button(key="p5_step_last").click().run()
    assert result(at) == "Result: **dL/db1** = `[-8.62316992e-05, -2.86223985e-06]`"
    text = all_text(at)
    assert "agree" in text
    assert not at.exception


def test_the_gradient_check_table_lists_every_parameter(at):
    table = next(df for df in at.dataframe if "relative error" in df.value.columns)
    assert list(table.value["parameter"]) == ["W1", "b1", "W2", "b2"]
    assert all(float(e) < 1e-8 for e in table.value["relative error"])


def test_one_update_lowers_the_loss_with_the_default_learning_rate(at):
    metric = next(m for m in at.metric if m.label == "Loss after one update")
    assert metric.value == "44.2574"
    assert r"= \begin{bmatrix} 2.714 & 2 \end{bmatrix}" in latex(at)  # W2 - 0.001 * [286, 0]
    assert "went **down**" in all_text(at)


def test_a_learning_rate_that_is_far_too_large_is_shown_as_divergence(at):
    # without activations the network is linear and its loss grows without bound at lr 0.1
    at.button_group(key="scenario").set_value("custom").run()
    at.selectbox(key="act1").set_value("identity").run()
    at.select_slider(key="bp_lr").set_value(0.1).run()
    at.slider(key="bp_steps").set_value(100).run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        "The loss overflowed after 5 updates: the learning rate is too large and the weights blew up. "
        "The curve stops where the numbers stopped being finite."]
    shown = latex(at)
    assert r"\mathrm{NaN}" not in shown and r"\infty" not in shown


def test_bad_weights_keep_the_last_good_values(at):
    at.text_area(key="W1").set_value("3 1 2\n-2 oops -1").run()
    assert "“oops” is not a number" in at.error[0].value
    assert result(at) == "Result: **u1** = `[11, -14]`"


@pytest.mark.parametrize("act", list(ACTIVATIONS))
def test_every_activation_choice_runs_at_extreme_inputs(act):
    at = open_page(PAGE, "en")
    at.button_group(key="scenario").set_value("custom").run()
    at.selectbox(key="act1").set_value(act).run()
    at.selectbox(key="act2").set_value(act).run()
    at.text_input(key="x").set_value("1000, -1000, 1000").run()
    at.button(key="p5_step_last").click().run()
    assert not at.exception
    assert all("overflowed after" in e.value for e in at.error)  # divergence, labelled as such
    shown = latex(at)
    assert r"\mathrm{NaN}" not in shown


def test_the_ledger_can_be_downloaded(at):
    assert at.get("download_button")


def test_answering_the_self_check_ticks_the_page_off(at):
    from ui.shell.i18n import catalog

    quiz = catalog("en")["backprop"]["quiz"]
    at.radio(key="quiz_backprop_q2").set_value(0).run()  # the forward pass's order
    assert any(quiz["q2"]["feedback"][0] in w.value for w in at.warning)
    answer_quiz(at, "backprop", {"q4": 26})  # −2 (20 − 33)
    assert any("All questions on this page" in s.value for s in at.success)


def test_the_backward_pass_waits_for_the_sign_of_dW2():
    at = open_page(PAGE, ask=True)
    at.button(key="p5_step_last").click().run()
    assert ":gray-badge[Step 5 of 13]" in all_text(at)  # the walk stops at the loss
    assert at.button(key="p5_step_next").disabled
    assert any("waits for your prediction" in i.value for i in at.info)  # the check, too
    assert any("The update waits for your prediction" in i.value for i in at.info)  # and the update
    assert not at.metric
    at = predict_in(at, "sign", "negative")
    verdict = next(w.value for w in at.warning if "Your prediction" in w.value)
    assert "**Your prediction:** Negative" in verdict and "**The page computes:** Positive" in verdict
    assert "26 × 11 = 286" in verdict and "[[286, 0]]" in verdict  # ∂L/∂u₂ · h₁ = 26 · [11, 0]
    at.button(key="p5_step_last").click().run()
    assert ":gray-badge[Step 13 of 13]" in all_text(at)
    assert not any("waits for your prediction" in i.value for i in at.info)


def test_a_new_network_asks_for_the_sign_again_and_just_show_me_reveals():
    at = open_page(PAGE, ask=True)
    at = predict_in(at, "sign", "positive")
    assert any("they agree" in s.value for s in at.success)
    at.button_group(key="scenario").set_value("sigmoid_sigmoid").run()  # a new network: asked anew
    at.button(key="p5_step_last").click().run()
    assert ":gray-badge[Step 5 of 13]" in all_text(at)
    at = predict_in(at, "sign", None)  # just show me
    shown = next(i.value for i in at.info if "The page computes" in i.value)
    assert "Negative" in shown and "opposite signs" in shown  # the article's ∂L/∂W₂ = [−1.72, …]
    at.button(key="p5_step_last").click().run()
    assert ":gray-badge[Step 13 of 13]" in all_text(at)


def test_the_update_waits_for_a_prediction_and_a_larger_step_asks_again():
    at = open_page(PAGE, ask=True)
    at = predict_in(at, "sign", "positive")
    assert not at.metric  # the new loss is hidden
    at = predict_in(at, "update", "down")  # η = 0.001: 169 → 44.26
    assert any("they agree" in s.value and "169 to 44.2574" in s.value for s in at.success)
    assert at.metric
    at.select_slider(key="bp_lr").set_value(0.01).run()
    assert not at.metric
    at = predict_in(at, "update", "down")
    verdict = next(w.value for w in at.warning if "they differ" in w.value)
    assert "**Your prediction:** Lower" in verdict and "**The page computes:** Higher" in verdict
    assert "169 to 410.468" in verdict  # η = 0.01 overshoots
    at.select_slider(key="bp_lr").set_value(0.0001).run()
    assert not at.metric
    at = predict_in(at, "update", None)  # just show me
    assert any("The page computes:** Lower" in i.value for i in at.info)
    assert at.metric and at.get("vega_lite_chart")


def test_settings_come_from_the_address_bar():
    at = open_page(PAGE, "en", query={"scenario": "sigmoid → sigmoid", "t": "1", "bp_lr": "0.01"})
    assert at.button_group(key="scenario").value == "sigmoid_sigmoid"
    assert at.select_slider(key="bp_lr").value == 0.01
    assert r"W_2 \leftarrow W_2 - \eta\," in latex(at) and r"- 0.01\," in latex(at)
    ledger = at.dataframe[0].value
    loss = ledger[ledger["#"] == 5].iloc[0, 3]
    assert float(loss) == pytest.approx((1 - 0.95257194) ** 2, rel=1e-6)  # the article's y, t = 1


def test_the_graph_view_shows_the_ledgers_numbers_on_round_and_square_nodes(at):
    at.button_group(key="view").set_value("graph").run()
    at.button(key="p5_step_last").click().run()
    dot = at.get("graphviz_chart")[0].proto.spec
    for function in ("f1", "a1", "f2", "a2", "L"):
        assert f"  {function} [shape=box" in dot
    assert "  l [shape=ellipse" in dot and "  W1 [shape=ellipse" in dot
    red, blue = '<font color="#d1352b">', '<font color="#1f6fc5">'
    # the ledger's dL/dW1, row by row
    assert f">∂l/∂W₁</font>{BR}{red}156   234   78</font>{BR}{red}0   0   0</font>" in dot
    assert f"<b>l</b>{BR}{blue}169</font>" in dot and f">∂l/∂y</font>{BR}{red}26</font>" in dot
    assert "The Chainer tutorial's computational graph" in all_text(at)
    at.button(key="p5_step_first").click().run()  # the same stepper drives the graph
    dot = at.get("graphviz_chart")[0].proto.spec
    assert "∂l/∂" not in dot and "h1 [shape=ellipse, label=<<b>h₁</b>>" in dot
    assert f"<b>u₁</b>{BR}{blue}11</font>{BR}{blue}-14</font>" in dot  # u₁ = [11, −14] as a column


def test_delta_is_named_and_equals_the_ledger(at):
    text = latex(at)
    assert (r"\boldsymbol{\delta}_1 = \left(W_2^{\top}\boldsymbol{\delta}_2\right) \odot "
            r"a_1'(\mathbf{u}_1) = \begin{bmatrix} 78 \\ 52 \end{bmatrix} \odot "
            r"\begin{bmatrix} 1 \\ 0 \end{bmatrix} = "
            r"\begin{bmatrix} 78 \\ 0 \end{bmatrix}") in text
    assert r"\frac{\partial L}{\partial W_2} = \boldsymbol{\delta}_2\,\mathbf{h}_1^{\top}" in text
    assert any("δ₁ = [78, 0] and δ₂ = [26] are the ledger's" in m.value for m in at.markdown)


def test_the_rbf_articles_delta_is_worked_and_checked_numerically(at):
    text = latex(at)
    assert r"z_h = x\,w_h = 0.5 \times 2 = 1" in text and r"h = e^{-z_h^2} = 0.3679" in text
    assert r"\delta_o = \frac{\partial \xi}{\partial z_o} = y - t = 0.05523 - 1 = -0.9448" in text
    read = next(m.value for m in at.markdown if m.value.startswith("The gradients of the cost"))
    d = rbf_deltas(0.5, 1, 2.0, -5.0)
    assert f"∂ξ/∂w_h = {d.grad_w_h:.6g}" in read.replace("−", "-")
    at.number_input(key="rbf_wo").set_value(3.0).run()
    assert r"z_o = h\,w_o - 1 = 0.1036" in latex(at)  # e^{-1} · 3 − 1
