"""The first page: the Chainer tutorial's wine network, its forward pass from the sliders, the two
prediction moments, the two meanings of "layer"; every number shown computed by core.anatomy."""

import base64

import numpy as np
import pytest

from core.anatomy import ARTICLE_WINE, WINE_B1, WINE_SIZES, WINE_W1, parameter_count, unit_sums, wine_forward
from core.format import fmt, latex_number
from tests.conftest import LANGS, all_text, answer_quiz, formulas, open_page, predict_in
from ui.shell.i18n import catalog
from ui.views.anatomy import ROWS

PAGE = "pages/0_network_anatomy.py"


def pictures(at) -> list[str]:
    """The SVG pictures on the page (drawn as images), as markup."""
    return [base64.b64decode(el.proto.imgs[0].url.split(",", 1)[1]).decode()
            for el in at.main if type(el).__name__ == "Image"]


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def sums_line(x, i: int) -> str:
    """The numbers line of hidden unit i's sum, as the page writes it, from core's values."""
    _, u = unit_sums(WINE_W1, x, WINE_B1)

    def term(v):
        return f"({latex_number(v)})" if v < 0 else latex_number(v)

    products = " + ".join(rf"{term(w)} \cdot {term(h)}" for w, h in zip(WINE_W1[i], x, strict=True))
    return rf"&= {products} + {term(WINE_B1[i])} = "


@pytest.mark.parametrize("lang", LANGS)
def test_the_page_opens_first_in_both_languages_with_the_articles_numbers(lang):
    at = open_page(PAGE, lang)
    assert not at.exception and not at.error
    assert at.title[0].value == {"en": "A network's anatomy", "ja": "ネットワークの構造"}[lang]
    wine = wine_forward(ARTICLE_WINE)
    shown = formulas(at)
    for i in range(3):
        assert sums_line(wine.h0, i) in shown
    assert r"= \textcolor{#1f6fc5}{0.8}" in shown and r"\textcolor{#e08a00}{-1.5}" in shown
    assert r"= \begin{bmatrix} 0.8 & 0 & 1.1 \end{bmatrix}" in shown  # ReLU
    assert r"= \begin{bmatrix} -1.15 \\ 0.58 \end{bmatrix}" in shown  # u₂
    assert r"\mathbf{y} = \begin{bmatrix} 0.1506 \\ 0.8494 \end{bmatrix}" in shown
    assert list(metrics(at).values())[:2] == [fmt(wine.y[0]), fmt(wine.y[1])] == ["0.1506", "0.8494"]
    text = all_text(at)
    assert "0.15" in text and "0.85" in text  # the article's outputs, beside ours
    assert any(("**red wine**" if lang == "en" else "**赤ワイン**") in s.value for s in at.success)


def test_the_pictures_carry_the_weights_and_the_wines_values():
    at = open_page(PAGE, "en")
    structure, values, chain = pictures(at)
    for text in ("input layer", "hidden layer", "output layer", "a unit", "depth: 3 layers",
                 "fully-connected: W₁ (3×4), b₁", "fully-connected: W₂ (2×3), b₂"):
        assert text in structure, text
    assert ">-2.5<" not in structure and "b = -2.5" in structure and ">3<" in structure  # w₂₃ = 3
    assert "0.8494" not in structure  # the structure alone: no wine yet
    assert "0.8494" in values and "u = -1.5, h = 0" in values and "u = 0.8, h = 0.8" in values
    for name in ("Affine", "ReLU", "Softmax", "layer 0", "layer 2"):
        assert name in chain


def test_sliders_move_every_number_and_the_button_brings_the_articles_wine_back():
    at = open_page(PAGE, "en")
    at.slider(key="colour").set_value(0.8).run()
    x = np.array([3, 14, 0.8, 0.8])
    wine = wine_forward(x)
    shown = formulas(at)
    for i in range(3):
        assert sums_line(x, i) in shown
    for i, colour in enumerate(ROWS):  # each unit's u, in its colour, from core
        assert rf"\textcolor{{{colour}}}{{{latex_number(wine.u1[i])}}}" in shown
    np.testing.assert_allclose(wine.u1, [0.2, 0.3, 0.8], atol=1e-12)
    assert list(metrics(at).values())[:2] == [fmt(wine.y[0]), fmt(wine.y[1])]
    assert wine.prediction == "white"
    assert any("**white wine**" in s.value for s in at.success)
    assert "every hidden sum is positive" in all_text(at)  # ReLU switches no unit off now
    next(b for b in at.button if b.label == "Back to the tutorial's wine").click().run()
    assert at.slider(key="colour").value == pytest.approx(0.2)
    assert list(metrics(at).values())[:2] == ["0.1506", "0.8494"]
    assert not at.exception


def test_the_address_bar_sets_the_wine():
    at = open_page(PAGE, "en", query={"age": "10", "alcohol": "9", "colour": "0.5", "smell": "0.1"})
    assert [at.slider(key=k).value for k in ("age", "alcohol", "colour", "smell")] == [10, 9, 0.5, 0.1]
    wine = wine_forward([10, 9, 0.5, 0.1])
    assert list(metrics(at).values())[:2] == [fmt(wine.y[0]), fmt(wine.y[1])]


def test_the_count_waits_for_a_prediction_and_an_exact_number():
    at = open_page(PAGE, "en", ask=True)
    assert "weights (one per edge)" not in all_text(at)  # the table of counts is hidden
    at = predict_in(at, "count", 21)
    verdict = next(w.value for w in at.warning if "Your prediction" in w.value)
    assert "**Your prediction:** 21" in verdict and "**The page computes:** 23" in verdict
    assert "12" in verdict and "23 in all" in verdict
    assert f"In all **{parameter_count(WINE_SIZES)}** parameters" in all_text(at)


def test_the_wine_prediction_hides_the_outputs_and_is_asked_anew_for_another_wine():
    at = open_page(PAGE, "en", ask=True)
    outputs = [label for label in metrics(at) if label.startswith("y")]
    assert "0.8494" not in formulas(at) and not outputs and len(pictures(at)) == 2  # no values picture
    assert not any("network predicts" in s.value for s in at.success)
    assert "h₀ = [3, 14, 0.2, 0.8]" in all_text(at)  # the question names the current wine
    at = predict_in(at, "wine", "red")
    agree = next(s.value for s in at.success if "they agree" in s.value)
    assert "y₁ = 0.1506 (white) and y₂ = 0.8494 (red)" in agree
    assert "y₂ · red wine" in metrics(at) and len(pictures(at)) == 3
    at.slider(key="colour").set_value(0.8).run()  # another wine: asked again
    assert "y₂ · red wine" not in metrics(at)
    at = predict_in(at, "wine", "red")
    verdict = next(w.value for w in at.warning if "they differ" in w.value)
    assert "**The page computes:** White wine" in verdict
    at = predict_in(at.slider(key="colour").set_value(0.2).run(), "wine", None)  # back: "just show me"
    assert metrics(at)["y₂ · red wine"] == "0.8494"


def test_linear_or_affine_and_the_two_counts_of_layers():
    at = open_page(PAGE, "en")
    shown = formulas(at)
    assert (r"W\mathbf{0} = \begin{bmatrix} 0 \\ 0 \\ 0 \end{bmatrix},\qquad W\mathbf{0} + \mathbf{b} = "
            r"\begin{bmatrix} -2.5 \\ 1 \\ -1 \end{bmatrix} = \mathbf{b}") in shown
    assert metrics(at)["Layers of units (depth)"] == "3" and metrics(at)["Layers as functions"] == "4"
    text = all_text(at)
    assert "Affine → ReLU → Affine → Softmax" in text and "2-layer network" in text
    assert any(link.label == "Next page: linear vs affine" for link in at.main.get("page_link"))


@pytest.mark.parametrize("lang", LANGS)
def test_answering_every_self_check_ticks_the_page_off(lang):
    at = open_page(PAGE, lang)
    answer_quiz(at, "anatomy", {"q2": 37})  # 4·5 + 5 + 5·2 + 2
    done = catalog(lang)["quiz"]["page_done"]
    assert any(done in s.value for s in at.success), [s.value for s in at.success]
    assert not at.exception


def test_a_wrong_number_gets_the_hint():
    at = open_page(PAGE, "en")
    at.text_input(key="quiz_anatomy_q2").set_value("23")
    next(b for b in at.button if b.proto.form_id == "quiz_anatomy_q2_form").click()
    at.run()
    assert any("Count layer by layer" in w.value for w in at.warning)


@pytest.mark.parametrize("lang", LANGS)
def test_the_outputs_wait_for_the_prediction_in_both_languages(lang):
    at = open_page(PAGE, lang, ask=True)
    texts = catalog(lang)["anatomy"]
    assert texts["predict"]["wine"]["hidden"] in all_text(at)
    assert "0.8494" not in formulas(at)
    at = predict_in(at, "wine", "red")
    agree = next(s.value for s in at.success if texts["classes"]["red"] in s.value and "0.8494" in s.value)
    assert "0.1506" in agree
    assert r"\mathbf{y} = \begin{bmatrix} 0.1506 \\ 0.8494 \end{bmatrix}" in formulas(at)
    assert not at.exception


def test_the_first_page_leads_back_home_and_on_to_linear_vs_affine():
    at = open_page(PAGE, "en")
    links = [link.label for link in at.main.get("page_link")]
    assert links[-2:] == ["← Previous: Home", "Next: Linear vs affine →"]
