"""What a learner reads in "Show the code" (issue 16, item 4): the math, not the checks.

Every page lists, with ``inspect.getsource``, the core functions that computed it. The
functions below are the ones each page's listing is about: their bodies must be short and
plain (no argument checks, no np.errstate), with the checks at the public boundary
(``@checked``), and the loops that matter written out in the listed function itself.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
import textwrap
from pathlib import Path

import pytest

import core
from core import (
    activations,
    anatomy,
    conv,
    deep,
    gradcheck,
    linear,
    losses,
    network,
    optim,
    playground,
    surface,
    training,
)

ROOT = Path(__file__).resolve().parent.parent

LISTED = {
    "0_network_anatomy": [anatomy.wine_forward, network.mlp_forward, activations.softmax, anatomy.unit_sums,
                          anatomy.parameter_counts, anatomy.parameter_count],
    "1_linear_vs_affine": [linear.affine_forward, linear.affine_backward, linear.linear_forward,
                           linear.compose_linear, gradcheck.numerical_gradient],
    "2_activations": [activations.sigmoid, activations.sigmoid_derivative, activations.gaussian_rbf,
                      activations.softmax, gradcheck.numerical_derivative],
    "3_losses": [losses.mse, losses.mse_grad, losses.softmax_cross_entropy_forward,
                 losses.softmax_cross_entropy_backward, losses.sigmoid_mse_backward,
                 losses.sigmoid_cross_entropy_backward, losses.softmax_jacobian,
                 losses.softmax_cross_entropy_derivation],
    "4_gradient_descent": [optim.Quadratic, optim.gradient_descent, optim.descent_trace,
                           optim.convergence_rate],
    "5_backprop": [network.mlp_forward, network.mlp_backward_with_deltas, losses.mse_grad,
                   gradcheck.numerical_gradient],
    "6_vanishing_gradient": [deep.sigmoid_bound, deep.init_std, deep.deep_network,
                             deep.gradient_profile, training.train],
    "7_conv_pooling": [conv.conv2d_steps, conv.conv2d_forward, conv.conv2d_backward, conv.pool2d_steps,
                       conv.maxpool2d_forward, conv.maxpool2d_backward, conv.conv_output_size,
                       conv.pooling_savings, conv.shift_tolerance, conv.conv1d_forward,
                       conv.conv3d_output_shape],
    "8_playground": [training.train, network.mlp_forward, network.mlp_backward_with_deltas,
                     training.loss_and_gradient, playground.build_network, surface.rbf_loss],
}
LISTED_CASES = [(page, f) for page, functions in LISTED.items() for f in functions]
IDS = [f"{page}:{f.__name__}" for page, f in LISTED_CASES]

#: Calls that validate arguments: they belong in a check, at the boundary.
CHECK_CALLS = ("as_float_array(", "check_int(", "check_real(", "check_same_shape(", "np.errstate")
#: Lines of code in a body, after its docstring (blank and comment-only lines not counted).
MAX_BODY_LINES = 22


def _bodies(obj) -> list[tuple[str, list[str]]]:
    """(name, code lines) of a function, or of every method of a class, docstrings left out."""
    source = textwrap.dedent(inspect.getsource(obj))
    lines = source.splitlines()
    node = ast.parse(source).body[0]
    functions = [node] if not isinstance(node, ast.ClassDef) else [
        n for n in node.body if isinstance(n, ast.FunctionDef)]
    result = []
    for fn in functions:
        body = fn.body
        if isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            body = body[1:]
        code = lines[body[0].lineno - 1:body[-1].end_lineno]
        result.append((fn.name, [ln for ln in code if ln.strip() and not ln.strip().startswith("#")]))
    return result


@pytest.mark.parametrize(("page", "obj"), LISTED_CASES, ids=IDS)
def test_a_listed_function_is_the_math_alone(page, obj):
    source = inspect.getsource(obj)
    for call in CHECK_CALLS:
        assert call not in source, f"{obj.__name__} (page {page}) calls {call} in its listing"


@pytest.mark.parametrize(("page", "obj"), LISTED_CASES, ids=IDS)
def test_a_listed_function_is_short_enough_to_read_in_one_look(page, obj):
    for name, code in _bodies(obj):
        assert len(code) <= MAX_BODY_LINES, f"{name} (page {page}) has {len(code)} lines of code"


@pytest.mark.parametrize(("page", "obj"), LISTED_CASES, ids=IDS)
def test_a_listed_function_states_its_formula_or_shapes(page, obj):
    assert obj.__doc__ and len(obj.__doc__.strip()) > 20


def _public_checked_functions():
    for info in pkgutil.iter_modules(core.__path__):
        module = importlib.import_module(f"core.{info.name}")
        for name, obj in vars(module).items():
            if callable(obj) and hasattr(obj, "unchecked") and obj.__module__ == module.__name__:
                yield f"{info.name}.{name}", obj


def test_every_checked_function_in_core_leaves_its_checks_to_the_decorator():
    found = dict(_public_checked_functions())
    assert len(found) > 50  # the mechanism is used throughout core, not only on the listed pages
    for name, f in found.items():
        source = inspect.getsource(f)
        assert source.lstrip().startswith("@checked("), name
        for call in CHECK_CALLS:
            assert call not in source, f"{name} calls {call} in its body"


def test_the_network_listing_shows_the_forward_and_backward_loops_themselves():
    forward = inspect.getsource(network.mlp_forward)
    assert re.search(r"for W, b, name in layers:\n\s+u = h @ W\.T \+ b", forward)
    backward = inspect.getsource(network.mlp_backward_with_deltas)
    assert "for l in reversed(range(len(layers)))" in backward
    for step in ("delta = dh * ACTIVATIONS[name].derivative(us[l])", "delta.T @ hs[l]",
                 "delta.sum(axis=0)", "dh = delta @ W"):
        assert step in backward


def test_the_step_generators_are_the_plain_loops_over_every_output_cell():
    convolution = inspect.getsource(conv.conv2d_steps)
    assert re.search(r"for f in range\(F\):\n\s+for i in range\(OH\):\n\s+for j in range\(OW\):",
                     convolution)
    pooling = inspect.getsource(conv.pool2d_steps)
    assert re.search(r"for c in range\(C\):\n\s+for i in range\(OH\):\n\s+for j in range\(OW\):",
                     pooling)


def test_training_calls_the_network_once_checked_not_once_per_mini_batch():
    body = inspect.getsource(training.train)
    assert "mlp_forward.unchecked(" in body and "mlp_backward_with_deltas.unchecked(" in body


@pytest.mark.parametrize("page", sorted((ROOT / "pages").glob("*.py")), ids=lambda p: p.stem)
def test_pages_import_no_private_names_from_core(page):
    tree = ast.parse(page.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("core"):
            private = [a.name for a in node.names if a.name.startswith("_")]
            assert not private, f"{page.name} imports {private} from {node.module}"
