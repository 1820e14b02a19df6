"""Pure-NumPy building blocks behind every number in the dashboard.

Modules (each operation is a ``*_forward`` / ``*_backward`` pair, weights ``(out, in)``):

- ``core.checks``       the public boundary: ``@checked`` and the argument checks
- ``core.linear``       linear and affine layers
- ``core.activations``  the activation registry, softmax
- ``core.losses``       MSE, cross-entropy, binary cross-entropy, softmax-with-loss
- ``core.optim``        a 1-D quadratic and gradient descent (with momentum), a loss with a
                        local and a global minimum, mini-batches of any size on 1-D data
- ``core.network``      a multilayer perceptron and the step-by-step backprop trace
- ``core.anatomy``      the Chainer tutorial's wine network: its parts, counts and one forward pass
- ``core.conv``         convolution and pooling, vectorised and step by step
- ``core.gradcheck``    numerical gradients, the proof of every backward
- ``core.format``       the one number formatter (plain text and LaTeX)

Every public function that computes validates its arguments once, at its boundary
(``@checked(some_inputs)``), and its body is the math alone, as a learner reads it in a
page's "Show the code". Loops that call a function many times on values already checked
(training, numerical gradients) call ``f.unchecked``.

Nothing here imports Streamlit, Altair or pandas: the same code runs in the app,
the tests and the benchmarks.
"""
