"""Page 5's computational graph and delta: the graph shows the ledger's numbers, the delta
recursion is the backward pass, and the RBF article's delta_h agrees with a numerical gradient."""

import numpy as np
import pytest

from core.gradcheck import numerical_gradient
from core.graph import GRAPH, NODES, delta_recursion, graph_state, rbf_deltas
from core.losses import mse_grad
from core.network import EXAMPLE_321 as E
from core.network import backprop_trace, mlp_backward_with_deltas, mlp_forward
from core.surface import rbf_loss

RNG = np.random.default_rng(7)
NETWORKS = [("relu", "identity"), ("sigmoid", "sigmoid"), ("tanh", "softplus"), ("gaussian_rbf", "sigmoid")]


def trace(act1, act2, x=E.x, t=E.t, W1=E.W1, b1=E.b1, W2=E.W2, b2=E.b2):
    return backprop_trace(x, t, W1, b1, W2, b2, act1, act2)


def final_state(act1, act2):
    steps = trace(act1, act2)
    return steps, graph_state(steps, len(steps) - 1, E.x, E.t, E.W1, E.b1, E.W2, E.b2)


def test_the_graph_is_the_articles_round_and_square_nodes():
    functions = [n.name for n in GRAPH if n.kind == "function"]
    assert functions == ["f1", "a1", "f2", "a2", "L"]
    assert NODES["f1"].inputs == ("x", "W1", "b1") and NODES["f2"].inputs == ("h1", "W2", "b2")
    assert NODES["L"].inputs == ("y", "t") and NODES["l"].inputs == ("L",)
    # every function's inputs are variables, every computed variable comes from one function
    for node in GRAPH:
        kinds = {NODES[i].kind for i in node.inputs}
        assert kinds <= ({"variable"} if node.kind == "function" else {"function"})


@pytest.mark.parametrize("acts", NETWORKS)
def test_the_graphs_values_equal_the_ledgers_and_the_forward_pass(acts):
    steps, state = final_state(*acts)
    ledger = {s.key: s.value for s in steps}
    y, cache = mlp_forward(E.x, E.layers(*acts))
    for name, key, direct in (("u1", "u1", cache["us"][0][0]), ("h1", "h1", cache["hs"][1][0]),
                              ("u2", "u2", cache["us"][1][0]), ("y", "y", y)):
        np.testing.assert_array_equal(state.values[name], ledger[key])
        np.testing.assert_allclose(state.values[name], direct, rtol=1e-12)
    assert float(state.values["l"]) == float(ledger["L"])


@pytest.mark.parametrize("acts", NETWORKS)
def test_the_graphs_gradients_equal_the_backward_pass(acts):
    steps, state = final_state(*acts)
    y, cache = mlp_forward(E.x, E.layers(*acts))
    (dW1, db1), (dW2, db2) = mlp_backward_with_deltas(np.atleast_2d(mse_grad(y, E.t)), cache)[0]
    for name, expected in (("W1", dW1), ("b1", db1), ("W2", dW2), ("b2", db2), ("y", mse_grad(y, E.t))):
        np.testing.assert_allclose(state.grads[name], expected, rtol=1e-12)
    assert float(state.grads["l"]) == 1.0
    assert "x" not in state.grads and "t" not in state.grads  # the data gets no update


def test_the_graph_fills_in_step_by_step():
    steps = trace("relu", "identity")
    first = graph_state(steps, 0, E.x, E.t, E.W1, E.b1, E.W2, E.b2)
    assert set(first.values) == {"x", "t", "W1", "b1", "W2", "b2", "u1"} and first.grads == {}
    assert first.active == "f1" and first.lit == ("x", "W1", "b1", "u1")
    np.testing.assert_array_equal(first.values["u1"], [11, -14])
    loss = graph_state(steps, 4, E.x, E.t, E.W1, E.b1, E.W2, E.b2)
    assert float(loss.values["l"]) == 169.0 and loss.phase == "forward"
    back = graph_state(steps, 5, E.x, E.t, E.W1, E.b1, E.W2, E.b2)  # dL/dy = 2 (33 − 20) = 26
    assert back.phase == "backward" and back.active == "L" and back.lit == ("l", "y")
    assert float(back.grads["y"][0]) == 26.0 and set(back.grads) == {"l", "y"}
    into_h = graph_state(steps, 9, E.x, E.t, E.W1, E.b1, E.W2, E.b2)  # dL/dh1 = W2ᵀ·26
    assert into_h.active == "f2" and into_h.lit == ("u2", "h1")
    np.testing.assert_array_equal(into_h.grads["h1"], [78, 52])


def test_graph_state_refuses_a_step_past_the_end():
    steps = trace("relu", "identity")
    with pytest.raises(ValueError, match="below 13"):
        graph_state(steps, 13, E.x, E.t, E.W1, E.b1, E.W2, E.b2)
    with pytest.raises(ValueError, match="backprop_trace"):
        graph_state([], 0, E.x, E.t, E.W1, E.b1, E.W2, E.b2)


@pytest.mark.parametrize("acts", NETWORKS)
def test_the_delta_recursion_is_the_backward_pass(acts):
    layers = E.layers(*acts)
    rec = delta_recursion(E.x, E.t, layers)
    y, cache = mlp_forward(E.x, layers)
    grads, deltas = mlp_backward_with_deltas(np.atleast_2d(mse_grad(y, E.t)), cache)
    for got, delta, (dW, db) in zip(rec, deltas, grads, strict=True):
        np.testing.assert_allclose(got.delta, delta[0], rtol=1e-12)
        np.testing.assert_allclose(got.dW, dW, rtol=1e-12)
        np.testing.assert_allclose(got.db, db, rtol=1e-12)
    # δ₁ = (W₂ᵀ δ₂) ⊙ a₁′(u₁), term by term
    np.testing.assert_allclose(rec[0].incoming, E.W2.T @ rec[1].delta, rtol=1e-12)
    np.testing.assert_allclose(rec[0].delta, rec[0].incoming * rec[0].slope, rtol=1e-12)
    np.testing.assert_array_equal(rec[0].h_prev, E.x)


def test_the_delta_recursion_on_the_articles_relu_network():
    first, second = delta_recursion(E.x, E.t, E.layers("relu", "identity"))
    assert second.delta.tolist() == [26.0]           # 2 (33 − 20) · 1
    assert first.incoming.tolist() == [78.0, 52.0]   # W₂ᵀ δ₂
    assert first.slope.tolist() == [1.0, 0.0]        # ReLU′ at u₁ = [11, −14]
    assert first.delta.tolist() == [78.0, 0.0]
    assert second.dW.tolist() == [[286.0, 0.0]]      # δ₂ h₁ᵀ = 26 · [11, 0]
    assert first.dW.tolist() == [[156.0, 234.0, 78.0], [0.0, 0.0, 0.0]]


def test_the_delta_recursion_holds_for_a_deeper_network():
    sizes = [4, 3, 5, 2]
    layers = [(RNG.normal(size=(o, i)), RNG.normal(size=o), a)
              for i, o, a in zip(sizes[:-1], sizes[1:], ("tanh", "sigmoid", "identity"), strict=True)]
    x, t = RNG.normal(size=4), RNG.normal(size=2)
    rec = delta_recursion(x, t, layers)
    assert [d.l for d in rec] == [1, 2, 3]
    for l, d in enumerate(rec):
        def loss(W, l=l):
            changed = list(layers)
            changed[l] = (W, layers[l][1], layers[l][2])
            y, _ = mlp_forward(x, changed)
            return float(np.mean((t - y) ** 2))
        np.testing.assert_allclose(d.dW, numerical_gradient(loss, layers[l][0]), rtol=1e-6, atol=1e-9)


def test_delta_recursion_needs_one_sample_and_element_wise_activations():
    with pytest.raises(ValueError, match="one sample"):
        delta_recursion(np.ones((2, 3)), np.ones((2, 1)), E.layers())
    with pytest.raises(ValueError, match="element-wise"):
        delta_recursion(E.x, [0.5, 0.5], [(E.W1, E.b1, "relu"), (np.ones((2, 2)), np.zeros(2), "softmax")])


def test_the_rbf_articles_delta_h_is_the_numerical_gradient():
    for x, t, w_h, w_o in ((0.5, 1.0, 2.0, -5.0), (-1.2, 0.0, 0.76, 2.92), (0.1, 1.0, 1.38, 5.08)):
        d = rbf_deltas(x, t, w_h, w_o)
        assert d.z_h == pytest.approx(x * w_h) and d.h == pytest.approx(np.exp(-(x * w_h) ** 2))
        assert d.delta_o == pytest.approx(d.y - t)
        assert d.delta_h == pytest.approx(-2 * d.z_h * d.h * w_o * d.delta_o)
        def cost(a, b, x=x, t=t):
            return float(rbf_loss([x], [t], a, b))

        num_h = numerical_gradient(lambda w, w_o=w_o: cost(w, w_o), np.array(w_h))
        num_o = numerical_gradient(lambda w, w_h=w_h: cost(w_h, w), np.array(w_o))
        assert d.grad_w_h == pytest.approx(float(num_h), rel=1e-6)
        assert d.grad_w_o == pytest.approx(float(num_o), rel=1e-6)
        assert d.cost == pytest.approx(float(rbf_loss([x], [t], w_h, w_o)), rel=1e-12)


def test_the_rbf_delta_at_the_articles_start():
    d = rbf_deltas(0.5, 1.0, 2.0, -5.0)  # the article's starting weights w_h = 2, w_o = −5
    assert d.h == pytest.approx(np.exp(-1.0))                       # z_h = 1
    assert d.y == pytest.approx(1 / (1 + np.exp(5 * np.exp(-1) + 1)))
    assert d.delta_o == pytest.approx(-0.9448, abs=1e-4)            # y ≈ 0.0552, far below t = 1
    assert d.delta_h == pytest.approx(-2 * 1 * np.exp(-1) * -5 * d.delta_o)
    with pytest.raises(ValueError, match="0 or 1"):
        rbf_deltas(0.5, 0.3, 2.0, -5.0)
