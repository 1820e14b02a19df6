"""Pure-NumPy building blocks behind every number in the dashboard.

Modules (each operation is a ``*_forward`` / ``*_backward`` pair, weights ``(out, in)``):

- ``core.linear``       linear and affine layers
- ``core.activations``  the activation registry, softmax
- ``core.losses``       MSE, cross-entropy, binary cross-entropy, softmax-with-loss
- ``core.optim``        a 1-D quadratic and gradient descent (with momentum)
- ``core.network``      a multilayer perceptron and the step-by-step backprop trace
- ``core.conv``         convolution and pooling, vectorised and step by step
- ``core.gradcheck``    numerical gradients, the proof of every backward
- ``core.format``       the one number formatter (plain text and LaTeX)

Nothing here imports Streamlit, Altair or pandas: the same code runs in the app,
the tests and the benchmarks.
"""
