"""The glossary: every technical term of the app, in both languages, and where it is taught.

The words live in the catalogs (``glossary.terms.<id>``: the term, its reading, a one-line
definition, the other names a learner meets in other texts, and ``avoid``, the names this app does
not use: a test fails when a catalog uses one). What is the same in both languages lives here:
the page and section that teach the term, and its formula.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from ui.shell import t
from ui.shell.i18n import catalog, lookup
from ui.shell.registry import page, pages
from ui.shell.sections import anchor


@dataclass(frozen=True)
class Term:
    id: str            # texts under glossary.terms.<id>
    page: str          # the page that teaches it (a registry key)
    section: str       # and its section (texts under <page>.<section>)
    formula: str | None = None  # LaTeX


TERMS = (
    Term("neural_network", "anatomy", "s1", None),
    Term("depth", "anatomy", "s1", None),
    Term("class_probability", "anatomy", "s3",
         r"y_k = \frac{e^{u_k}}{\sum_j e^{u_j}},\quad \sum_k y_k = 1"),
    Term("predicted_class", "anatomy", "s3", r"\hat{k} = \arg\max_k\, y_k"),
    Term("layer", "anatomy", "s1", r"\mathbf{h}_1 = f(W\mathbf{x} + \mathbf{b})"),
    Term("unit", "anatomy", "s1", r"u_i = \sum_j w_{ij} x_j + b_i"),
    Term("input_layer", "anatomy", "s1", r"\mathbf{h}_0 = \mathbf{x}"),
    Term("hidden_layer", "anatomy", "s1", r"\mathbf{h}_1 = a_1(W_1\mathbf{x} + \mathbf{b}_1)"),
    Term("output_layer", "anatomy", "s3", None),
    Term("fully_connected", "anatomy", "s1", r"\mathbf{u} = W\mathbf{x} + \mathbf{b}"),
    Term("weight", "linear_affine", "s1", r"W \in \mathbb{R}^{m \times n}"),
    Term("bias", "linear_affine", "s3",
         r"W\mathbf{x} + \mathbf{b} = [\,W \mid "
         r"\mathbf{b}\,]\begin{bmatrix}\mathbf{x}\\1\end{bmatrix}"),
    Term("parameter", "anatomy", "s1", None),
    Term("linear_map", "linear_affine", "s1", r"f(\mathbf{x}) = W\mathbf{x}"),
    Term("affine_map", "linear_affine", "s1", r"f(\mathbf{x}) = W\mathbf{x} + \mathbf{b}"),
    Term("activation_function", "activations", "s1", r"\mathbf{h} = f(\mathbf{u})"),
    Term("activation", "activations", "s1", r"h = f(u)"),
    Term("sigmoid", "activations", "s1", r"\sigma(u) = \frac{1}{1 + e^{-u}}"),
    Term("tanh", "activations", "s1", r"\tanh u = \frac{e^{u} - e^{-u}}{e^{u} + e^{-u}}"),
    Term("relu", "activations", "s1", r"\mathrm{ReLU}(u) = \max(0, u)"),
    Term("leaky_relu", "activations", "s1", r"f(u) = \max(\alpha u, u)"),
    Term("identity", "activations", "s1", r"f(u) = u"),
    Term("softplus", "activations", "s1", r"f(u) = \log(1 + e^{u})"),
    Term("gaussian_rbf", "activations", "s3", r"\phi(z) = e^{-z^2}"),
    Term("softmax", "activations", "s4", r"y_k = \frac{e^{z_k}}{\sum_j e^{z_j}}"),
    Term("logit", "activations", "s4", r"\mathbf{z} = W\mathbf{h} + \mathbf{b}"),
    Term("temperature", "activations", "s4", r"y_k = \frac{e^{z_k/T}}{\sum_j e^{z_j/T}}"),
    Term("derivative", "activations", "s1",
         r"f'(u) = \lim_{\varepsilon \to 0} \frac{f(u + \varepsilon) - f(u)}{\varepsilon}"),
    Term("saturation", "activations", "s2", None),
    Term("numerical_gradient", "activations", "s1",
         r"f'(u) \approx \frac{f(u + \varepsilon) - f(u - \varepsilon)}{2\varepsilon}"),
    Term("gradient_check", "backprop", "check",
         r"\frac{|g_{\text{backprop}} - g_{\text{numerical}}|}{|g_{\text{backprop}}| + "
         r"|g_{\text{numerical}}|}"),
    Term("objective", "losses", "seed", r"\mathcal{L}(\mathbf{y}, \mathbf{t})"),
    Term("target", "losses", "seed", None),
    Term("mse", "losses", "seed", r"\mathcal{L} = \frac{1}{N}\sum_{n=1}^{N}(t_n - y_n)^2"),
    Term("sse", "losses", "seed", r"E = \frac{1}{2}\sum_{n}(y_n - t_n)^2"),
    Term("cross_entropy", "losses", "seed", r"\mathcal{L} = -\sum_{k} t_k \log y_k"),
    Term("binary_cross_entropy", "losses", "logit",
         r"\mathcal{L} = -\left[t \log y + (1 - t)\log(1 - y)\right]"),
    Term("one_hot", "losses", "multi", r"\mathbf{t} = [0, 0, 1]"),
    Term("jacobian", "losses", "jacobian",
         r"J_{jk} = \frac{\partial y_j}{\partial z_k} = y_j\,(\delta_{jk} - y_k)"),
    Term("gradient", "gradient_descent", "s1",
         r"\nabla_{\!w}\mathcal{L} = \frac{\partial \mathcal{L}}{\partial w}"),
    Term("gradient_descent", "gradient_descent", "s1",
         r"w \leftarrow w - \eta\,\frac{\partial \mathcal{L}}{\partial w}"),
    Term("learning_rate", "gradient_descent", "s2", r"\eta"),
    Term("local_minimum", "gradient_descent", "s7",
         r"L(w_{\mathrm{loc}}) \le L(w)\quad (|w - w_{\mathrm{loc}}| < \varepsilon)"),
    Term("global_minimum", "gradient_descent", "s7", r"L(w^*) \le L(w)\quad (\forall w)"),
    Term("convex", "gradient_descent", "s7",
         r"L(\lambda u + (1 - \lambda) v) \le \lambda L(u) + (1 - \lambda) L(v)"),
    Term("convergence", "gradient_descent", "s3", r"w_{k+1} - w^* = (1 - 2a\eta)(w_k - w^*)"),
    Term("momentum", "gradient_descent", "s4",
         r"v \leftarrow M v - \eta\,\frac{\partial \mathcal{L}}{\partial w},\quad w \leftarrow "
         r"w + v"),
    Term("minibatch", "gradient_descent", "s5",
         r"\frac{1}{k}\sum_{i \in B}\frac{\partial \mathcal{L}_i}{\partial w}"),
    Term("batch_size", "gradient_descent", "s5", r"k"),
    Term("epoch", "gradient_descent", "s5", None),
    Term("sgd", "gradient_descent", "s5", None),
    Term("forward", "backprop", "walk", None),
    Term("backprop", "backprop", "walk",
         r"\frac{\partial \mathcal{L}}{\partial W_1} = \frac{\partial \mathcal{L}}{\partial "
         r"\mathbf{y}}\,\frac{\partial \mathbf{y}}{\partial \mathbf{h}_1}\,\frac{\partial "
         r"\mathbf{h}_1}{\partial W_1}"),
    Term("chain_rule", "backprop", "walk",
         r"\frac{d\mathcal{L}}{dx} = \frac{d\mathcal{L}}{dy}\,\frac{dy}{dx}"),
    Term("computational_graph", "backprop", "walk",
         r"l = \mathcal{L}\bigl(a_2(f_2(a_1(f_1(\mathbf{x})))),\ \mathbf{t}\bigr)"),
    Term("delta", "backprop", "delta",
         r"\boldsymbol{\delta}_l = \frac{\partial L}{\partial \mathbf{u}_l} = (W_{l+1}^{\top}"
         r"\boldsymbol{\delta}_{l+1}) \odot a_l'(\mathbf{u}_l)"),
    Term("vanishing_gradient", "vanishing", "bound", r"\prod_{l} \sigma'(u_l) \le 0.25^{L}"),
    Term("initialisation", "vanishing", "profile",
         r"\sigma_{\text{Xavier}} = \sqrt{1 / n_{\text{in}}},\quad \sigma_{\text{He}} = \sqrt{2 "
         r"/ n_{\text{in}}}"),
    Term("convolution", "conv_pooling", "s1",
         r"z[f, i, j] = \sum_{c,p,q} W[f, c, p, q]\, x_{\text{pad}}[c, iS + p, jS + q] + b_f"),
    Term("kernel", "conv_pooling", "s1", r"W \in \mathbb{R}^{F \times C \times K \times K}"),
    Term("channel", "conv_pooling", "s1", None),
    Term("padding", "conv_pooling", "s1", r"P"),
    Term("stride", "conv_pooling", "s1", r"O = \frac{W - K + 2P}{S} + 1"),
    Term("feature_map", "conv_pooling", "s3", None),
    Term("pooling", "conv_pooling", "s6", r"O = \frac{H - k}{S} + 1"),
    Term("max_pooling", "conv_pooling", "s6", r"\max_{(p, q) \in \text{window}} x[p, q]"),
    Term("average_pooling", "conv_pooling", "s6", r"\frac{1}{k^2}\sum_{(p, q) \in \text{window}} x[p, q]"),
    Term("training_data", "playground", "choose", None),
    Term("overfitting", "playground", "result", None),
    Term("decision_region", "playground", "train", None),
    Term("loss_surface", "playground", "surface", r"L(w_h, w_o)"),
)


def fold(text: str) -> str:
    """What a search compares: full-width to half-width, case and spaces ignored."""
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


def haystack(term: Term, lang: str) -> str:
    """Everything a learner may type to find the term: its names in both languages, the reading,
    the other names and the definition in the page's language."""
    words = []
    for code in ("en", "ja"):
        entry = catalog(code)["glossary"]["terms"][term.id]
        words += [entry["term"], entry["reading"], *entry["also"], *entry["avoid"]]
    words.append(catalog(lang)["glossary"]["terms"][term.id]["means"])
    return fold(" ".join(words))


def matching(query: str, lang: str) -> list[Term]:
    wanted = fold(query)
    return [term for term in TERMS if not wanted or wanted in haystack(term, lang)]


def draw(term: Term, lang: str) -> None:
    """One term: names, definition, formula, other names, and a link to where it is taught."""
    entry = lookup(f"glossary.terms.{term.id}")
    other = catalog("ja" if lang == "en" else "en")["glossary"]["terms"][term.id]
    reading = t("glossary.reading", reading=entry["reading"]) if entry["reading"] else ""
    with st.container(border=True):
        st.markdown(f"**{entry['term']}**{reading} · :gray[{other['term']}]\n\n{entry['means']}")
        if term.formula:
            st.latex(term.formula)
        names = [t("glossary.name_avoided", name=n) if n in entry["avoid"] else n for n in entry["also"]]
        names += [t("glossary.name_avoided", name=n) for n in entry["avoid"] if n not in entry["also"]]
        if names:
            st.caption(t("glossary.also", names=t("glossary.sep").join(names)))
        number = page_order().index(term.page) + 1
        where = t("glossary.where", page=f"{number}. {t(f'pages.{term.page}.title')}",
                  section=t(f"{term.page}.{term.section}.title"))
        # a link to the section itself (a new tab: the glossary stays open beside the lesson)
        address = f"{page_url(term.page)}?lang={lang}#{anchor(f'{term.page}.{term.section}')}"
        st.markdown(":material/school: " + t("glossary.taught", where=f"[{where}]({address})"))


def page_order() -> list[str]:
    return [p.key for p in pages()]


def by_page(terms: list[Term]) -> list[tuple[str, list[Term]]]:
    """The terms grouped by the page that teaches them, in learning order."""
    return [(key, [term for term in terms if term.page == key]) for key in page_order()
            if any(term.page == key for term in terms)]


def page_url(key: str) -> str:
    """A page's address relative to the current one: its file name without the number."""
    return re.sub(r"^\d+_", "", Path(page(key).path).stem)
