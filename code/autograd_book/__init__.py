"""The book's package: what the chapters import, and what the tests check.

- derivatives: slopes, gradients and extrema, taken with autograd
- exercises: the reference solutions of every exercise
- plots: tangent lines, surfaces and descent paths
- finite_diff: autograd checked against finite differences
- descent: gradient descent, the hand-written loop
- kinks: one-sided slopes at a kink, and the number autograd returns there
- graph, graph_figure: torch's (and the engine's) computation graphs, walked and drawn
- engine: a small reverse-mode autograd engine, built in "Inside autograd"
- formatting, svg: how figures write numbers, and their stable SVG output
- widgets: the data of the figures a reader can move, computed by autograd
"""
