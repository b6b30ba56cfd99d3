"""The reference solutions, checked at the inputs their pages use and at others.

Each function of `autograd_book.exercises` is compared with an independent
computation written here: the closed form of the derivative (worked out by
hand), or the recurrence of the descent in plain Python floats. The doctests
check a few printed values; these tests check the math, where the input space
is wide with hypothesis (derandomized and without a database, so every run
tries the same inputs).
"""

import math

import pytest
import torch
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from autograd_book import exercises as ex
from autograd_book import jacobian, kinks
from autograd_book.derivatives import Extremum
from autograd_book.engine import Tensor
from autograd_book.second_derivative import largest_rate, quartic, quartic_rates, second_derivative

EXAMPLES = settings(derandomize=True, database=None, deadline=None, max_examples=60)


def numbers(lo=-10.0, hi=10.0):
    return st.floats(lo, hi, allow_nan=False, allow_infinity=False)


def close(expected, rel=1e-9, tol=1e-9):
    return pytest.approx(expected, rel=rel, abs=tol)


def arrow(slope):
    return {1: "↗", -1: "↘", 0: "→"}[(slope > 0) - (slope < 0)]


@EXAMPLES
@given(numbers(-1e6, 1e6))
def test_trend_is_the_sign_of_the_slope(slope):
    assert ex.trend(slope) == arrow(slope)


# (solution, name in its table, the derivative by hand, its extrema by hand)
STUDIES = {
    "slide6": (ex.slide6, "f", lambda x: 6 * x + 6, [(-1, -3, "min")]),
    "slide23a": (ex.slide23a, "y", lambda x: 6 * x + 0.5, [(-1 / 12, 5 - 1 / 48, "min")]),
    "slide23b": (ex.slide23b, "L", lambda w: 15 * (w - 2), [(2, 0, "min")]),
    "slide23c": (ex.slide23c, "f", lambda x: 6 * x**2 - 6 * x, [(0, 0, "max"), (1, -1, "min")]),
    "try_chain": (
        ex.try_chain,
        "y",
        lambda x: 2 * (x**3 + 2 * x) * (3 * x**2 + 2),
        [(0, 0, "min")],
    ),
    # g = x²e^(−x): g' = 2x·e^(−x) − x²e^(−x) = x(2 − x)e^(−x)
    "product_exercise": (
        ex.product_exercise,
        "g",
        lambda x: x * (2 - x) * math.exp(-x),
        [(0, 0, "min"), (2, 4 * math.exp(-2), "max")],
    ),
}


@pytest.mark.parametrize("name", STUDIES)
def test_study_at_the_page_points(name):
    """The page's call: slopes, table, extrema and minimum, against the math by hand."""
    solve, f, slope, expected = STUDIES[name]
    study = solve()
    for x, m in study.slopes.items():
        assert m == close(slope(x)), f"{f}'({x})"
    lines = [f"{f}'({x:g}) = {slope(x):g}  {arrow(slope(x))}" for x in study.slopes]
    assert study.table(f).splitlines() == lines
    assert [(e.x, e.y, e.kind) for e in study.extrema] == [
        (close(x, tol=1e-8), close(y, tol=1e-8), kind) for x, y, kind in expected
    ]
    lowest = min((e for e in expected if e[2] == "min"), key=lambda e: e[1])
    assert (study.minimum().x, study.minimum().y) == (close(lowest[0]), close(lowest[1]))


@pytest.mark.parametrize("name", STUDIES)
@EXAMPLES
@given(points=st.lists(numbers(), min_size=1, max_size=6, unique=True))
def test_study_at_other_points(name, points):
    solve, f, slope, _ = STUDIES[name]
    study = solve(tuple(points))
    assert list(study.slopes) == points
    assert list(study.slopes.values()) == [close(slope(x), tol=1e-8) for x in points]
    for line, x in zip(study.table(f).splitlines(), points, strict=True):
        if abs(slope(x)) > 1e-6:  # the arrow of a slope that is not (almost) zero
            assert line.endswith(arrow(slope(x)))


@EXAMPLES
@given(st.lists(st.tuples(numbers(), numbers(), st.sampled_from(["min", "max"])), min_size=1))
def test_minimum_is_the_lowest_minimum(points):
    extrema = [Extremum(x, y, kind) for x, y, kind in points]
    minima = [e for e in extrema if e.kind == "min"]
    assume(minima)
    assert ex.SlopeStudy({}, extrema).minimum().y == min(e.y for e in minima)


@pytest.mark.parametrize("v", [[1, 1, 1, 1], [0, 0, 1, 0], [0.25, 0.25, 0.25, 0.25]])
def test_cube_slopes_at_the_page_vectors(v):
    points = (-2, -1, 0.5, 3)
    assert ex.cube_slopes(v) == [close(vi * 3 * x**2) for vi, x in zip(v, points, strict=True)]


@EXAMPLES
@given(st.lists(st.tuples(numbers(), numbers()), min_size=1, max_size=6))
def test_cube_slopes_are_v_times_3x_squared(pairs):
    v, points = zip(*pairs, strict=True)
    expected = [vi * 3 * x**2 for vi, x in pairs]
    assert ex.cube_slopes(list(v), points) == [close(e) for e in expected]


def descent_by_hand(zero_grad, x0, lr, steps):
    """[(x.grad, x) after each step] on (x - 1)², whose derivative is 2(x - 1)."""
    x, grad, path = x0, 0.0, []
    for _ in range(steps):
        grad = (0.0 if zero_grad else grad) + 2 * (x - 1)
        x -= lr * grad
        path.append((grad, x))
    return path


@pytest.mark.parametrize("zero_grad", [True, False])
def test_descent_steps_at_the_page_call(zero_grad):
    path = ex.descent_steps(zero_grad=zero_grad)
    assert path == [(close(g), close(x)) for g, x in descent_by_hand(zero_grad, 3.0, 0.25, 3)]


@EXAMPLES
@given(st.booleans(), numbers(), numbers(0.0, 1.0), st.integers(0, 8))
def test_descent_steps_elsewhere(zero_grad, x0, lr, steps):
    path = ex.descent_steps(zero_grad, x0, lr, steps)
    expected = descent_by_hand(zero_grad, x0, lr, steps)
    assert path == [(close(g, tol=1e-7), close(x, tol=1e-7)) for g, x in expected]


@EXAMPLES
@given(numbers())
def test_descent_steps_with_zero_grad_shrink_the_distance_by_1_minus_2_lr(x0):
    """Closed form with zero_() every step: x_k − 1 = (x_0 − 1)(1 − 2·lr)^k, here lr = 0.25."""
    xs = [x for _, x in ex.descent_steps(True, x0, 0.25, 4)]
    assert xs == [close(1 + (x0 - 1) * 0.5**k) for k in range(1, 5)]


@EXAMPLES
@given(st.sampled_from([(), (1,), (4,), (2, 2)]), st.lists(numbers(), min_size=4, max_size=4))
def test_final_loss_is_7_5_times_w_minus_2_squared(shape, values):
    """Each term (W·x − 2x)² is x²(W − 2)²; the mean of x² over X = 1, 2, 3, 4 is 7.5.

    The page passes one W (in the descent) and a row of them (in the plot).
    """
    W = torch.tensor(values[: math.prod(shape)], dtype=torch.float64).reshape(shape)
    L = ex.final_loss(W)
    assert L.shape == W.shape
    assert L.flatten().tolist() == [close(7.5 * (w - 2) ** 2) for w in W.flatten().tolist()]


@EXAMPLES
@given(numbers())
def test_final_loss_slope_is_15_times_w_minus_2(w):
    W = torch.tensor(w, dtype=torch.float64, requires_grad=True)
    ex.final_loss(W).backward()
    assert W.grad.item() == close(15 * (w - 2))


@EXAMPLES
@given(st.lists(numbers(0.0, 0.4), min_size=1, max_size=3, unique=True), st.integers(0, 6))
def test_rates_exercise(rates, steps):
    """On 3x² + 6x the distance to the minimum -1 is multiplied by 1 − 6·lr a step, from 2."""
    for lr, path in ex.rates_exercise(tuple(rates), steps).items():
        assert path == [close(-1 + 3 * (1 - 6 * lr) ** k) for k in range(steps + 1)]


def test_rates_exercise_at_the_page_rates():
    paths = ex.rates_exercise()
    assert list(paths) == [1 / 6, 1 / 3]
    assert paths[1 / 6] == [close(x) for x in [2, -1, -1, -1]]
    assert paths[1 / 3] == [close(x) for x in [2, -4, 2, -4]]


def cubic_descent_by_hand(x0, lr, steps):
    """x ← x − lr·(6x² − 6x), the derivative of 2x³ − 3x²."""
    path = [x0]
    for _ in range(steps):
        path.append(path[-1] - lr * (6 * path[-1] ** 2 - 6 * path[-1]))
    return path


@pytest.mark.parametrize(("starts", "lr", "steps"), [((0.5, 0.0, -0.5), 0.1, 5), ((2.0,), 0.05, 8)])
def test_starts_exercise_at_the_page_starts(starts, lr, steps):
    paths = ex.starts_exercise(starts, lr, steps)
    assert list(paths) == list(starts)
    for x0, path in paths.items():
        assert path == [close(x) for x in cubic_descent_by_hand(x0, lr, steps)]


@EXAMPLES
@given(st.lists(numbers(-1.0, 2.0), min_size=1, max_size=3, unique=True), numbers(0.0, 0.2))
def test_starts_exercise_elsewhere(starts, lr):
    for x0, path in ex.starts_exercise(tuple(starts), lr, 5).items():
        assert path == [close(x, tol=1e-12) for x in cubic_descent_by_hand(x0, lr, 5)]


@EXAMPLES
@given(numbers(), numbers())
def test_try_partial_is_the_gradient_by_hand(x, y):
    """g = x²y + 5y − 2x: ∂g/∂x = 2xy − 2, ∂g/∂y = x² + 5."""
    assert ex.try_partial((x, y)) == [close(2 * x * y - 2), close(x**2 + 5)]


def test_try_partial_at_the_page_point():
    assert ex.try_partial((2, -1)) == [close(-6), close(9)]


def squared_error_by_hand(a, x):
    """Forward x, ŷ = a·x, ŷ − 1, l = (ŷ − 1)²; backward along each edge, the input's first."""
    x = torch.tensor(float(x)).item()  # the run is in float32: start from the same x
    z = a * x - 1
    return [x, a * x, z, z**2], [2 * z * a, 2 * z, 2 * z], 2 * z * a


def assert_squared_error(a, x):
    run = ex.squared_error(a, x)
    values, sent, derivative = squared_error_by_hand(a, x)
    float32 = {"rel": 1e-5, "tol": 1e-4}  # the graph runs in torch's default float32
    assert run.values == [close(v, **float32) for v in values]
    assert run.sent == [close(s, **float32) for s in sent]
    assert run.derivative == close(derivative, **float32)
    assert len(run.graph.nodes) == 4 and len(run.graph.edges) == 3


@pytest.mark.parametrize(("a", "x"), [(4, 1.0), (4, 1.01), (3, 1.0), (1, 1.0)])
def test_squared_error_at_the_page_calls(a, x):
    assert_squared_error(a, x)


@EXAMPLES
@given(numbers(-5.0, 5.0), numbers(-5.0, 5.0))
def test_squared_error_elsewhere(a, x):
    assert_squared_error(a, x)


@EXAMPLES
@given(numbers(-1e6, 1e6), st.integers(0, 30))
def test_doubled_is_2_to_the_n_times_x(x, n):
    """Doubling is exact in binary floating point, so aₙ = 2ⁿ·x holds to the last bit."""
    assert ex.doubled(x, n) == x * 2**n
    assert ex.doubled(Tensor([x]), n).item() == x * 2**n


@EXAMPLES
@given(numbers(), st.integers(1, 10))
def test_runs_on_every_arrival_on_the_page_graph(x, n):
    """aₙ = doubled(x, n): the k-th addition from the top is reached along 2ᵏ paths.

    So the runs are 1 + 2 + ... + 2ⁿ (the leaf's AccumulateGrad last) = 2ⁿ⁺¹ − 1,
    and dx = 2ⁿ whatever x is (the page uses x = 1, n = 1 to 10).
    """
    leaf = Tensor([x], requires_grad=True)
    assert ex.runs_on_every_arrival(ex.doubled(leaf, n)) == 2 ** (n + 1) - 1
    assert leaf.grad.item() == 2**n


@pytest.mark.parametrize(
    ("build", "runs", "slope"),
    [
        # (x + x)·(x + x): Mul 1, Add 2 (one per factor), the leaf 4 → 7; d/dx 4x² = 8x
        (lambda x: (x + x) * (x + x), 7, lambda x: 8 * x),
        # (3x − x)²: Pow, Sub, Mul once each, the leaf along 2 paths → 5; d/dx 4x² = 8x
        (lambda x: (3 * x - x) ** 2, 5, lambda x: 8 * x),
        # x·x·x: Mul(Mul(x, x), x): 1 + 1 + 3 paths to the leaf → 5; d/dx x³ = 3x²
        (lambda x: x * x * x, 5, lambda x: 3 * x**2),
    ],
)
@pytest.mark.parametrize("x", [-1.5, 0.5, 2.0])
def test_runs_on_every_arrival_on_other_graphs(build, runs, slope, x):
    leaf = Tensor([x], requires_grad=True)
    assert ex.runs_on_every_arrival(build(leaf)) == runs
    assert leaf.grad.item() == close(slope(x))


# At the kink 0, by hand: (left slope, right slope) of each piece, and the value
# each operation's backward is documented to return there (torch's conventions).
KINKS = {
    "abs": (torch.abs, -1.0, 1.0, 0.0),
    "relu": (torch.relu, 0.0, 1.0, 0.0),
    "clamp": (lambda x: x.clamp(min=0), 0.0, 1.0, 1.0),
    "maximum": (lambda x: torch.maximum(x, torch.zeros_like(x)), 0.0, 1.0, 0.5),
}


@pytest.mark.parametrize("name", KINKS)
def test_one_sided_at_the_kink(name):
    f, left, right, convention = KINKS[name]
    assert kinks.one_sided(f, 0) == kinks.OneSided(left, right, convention)
    assert kinks.one_sided(f, 0).kink() == (left != right)


@pytest.mark.parametrize("name", KINKS)
@EXAMPLES
@given(numbers().filter(lambda x: abs(x) > 2 * kinks.H))
def test_one_sided_away_from_the_kink_is_the_slope_of_the_piece(name, x0):
    """Away from 0 each function is a straight piece: both sides and autograd give its slope."""
    f, left, right, _ = KINKS[name]
    slope = right if x0 > 0 else left
    assert kinks.one_sided(f, x0) == kinks.OneSided(slope, slope, slope)


@EXAMPLES
@given(numbers())
def test_odd_relu_is_x(x):
    """relu(x) − relu(−x) = x: for x ≥ 0 it is x − 0, for x < 0 it is 0 − (−x)."""
    assert kinks.odd_relu(torch.tensor(x, dtype=torch.float64)).item() == x


def test_cancelling_kinks_at_the_page_points():
    """h = x has slope 1 everywhere; autograd adds relu's 0 at 0 twice."""
    slopes, at_0 = kinks.cancelling_kinks()
    assert slopes == {-1: 1.0, 0: 0.0, 2: 1.0}
    assert at_0 == kinks.OneSided(1.0, 1.0, 0.0) and not at_0.kink()


@EXAMPLES
@given(st.lists(numbers(), min_size=1, max_size=6, unique=True))
def test_cancelling_kinks_elsewhere(points):
    slopes, _ = kinks.cancelling_kinks(tuple(points))
    assert slopes == {x: 1.0 if x != 0 else 0.0 for x in points}


# The rest of autograd's toolbox: the second derivative, and the Jacobian pass by pass.


@EXAMPLES
@given(numbers(-3, 3), numbers(-3, 3), numbers(-3, 3), numbers(-5, 5))
def test_second_derivative_of_a_cubic_is_6ax_plus_2b(a, b, c, x):
    f = lambda t: a * t**3 + b * t**2 + c * t  # noqa: E731
    assert second_derivative(f, x) == close(6 * a * x + 2 * b, tol=1e-9)


@EXAMPLES
@given(numbers(0.5, 20))
def test_largest_rate_of_a_parabola_is_2_over_its_bend(k):
    assert largest_rate(lambda t: k / 2 * (t - 1) ** 2, 1.0) == close(2 / k)


def test_the_quartic_bends_by_8_at_its_minimum():
    assert second_derivative(quartic, 1) == close(8.0)
    assert largest_rate(quartic, 1) == close(0.25)


def quartic_descent_by_hand(x0, lr, steps):
    """x ← x − lr·(4x³ − 4x), the derivative of x⁴ − 2x²."""
    path = [x0]
    for _ in range(steps):
        path.append(path[-1] - lr * (4 * path[-1] ** 3 - 4 * path[-1]))
    return path


@EXAMPLES
@given(st.lists(numbers(0.0, 0.3), min_size=1, max_size=3, unique=True), numbers(0.5, 1.5))
def test_quartic_rates_is_the_descent_by_hand(rates, x0):
    for lr, path in quartic_rates(tuple(rates), x0, 8).items():
        assert path == [close(x, tol=1e-12) for x in quartic_descent_by_hand(x0, lr, 8)]


def test_quartic_rates_at_the_page_call():
    paths = quartic_rates((0.2, 0.3), 1.1, 8)
    assert abs(paths[0.2][-1] - 1) < 0.01  # below 2/q''(1) = 0.25: closes in on 1
    assert min(paths[0.3][4:]) < 0.8 and max(paths[0.3][4:]) > 1.1  # above it: keeps swinging


matrices = st.integers(1, 4).flatmap(
    lambda m: st.integers(1, 4).flatmap(
        lambda n: st.lists(st.lists(numbers(), min_size=n, max_size=n), min_size=m, max_size=m)
    )
)


@EXAMPLES
@given(matrices, st.data())
def test_jacobian_of_a_times_x_squared_is_a_times_2x(rows, data):
    """y = A·(x²) elementwise squared: J_ij = A_ij·2x_j; a pass per row back, per column forward."""
    A = torch.tensor(rows, dtype=torch.float64)
    m, n = A.shape
    x = torch.tensor(data.draw(st.lists(numbers(), min_size=n, max_size=n)), dtype=torch.float64)
    expected = A * 2 * x
    for build, passes in (jacobian.jacobian_by_rows, m), (jacobian.jacobian_by_columns, n):
        J, counted = build(lambda v: A @ v**2, x)
        assert counted == passes
        assert torch.allclose(J, expected, rtol=1e-12, atol=1e-12)


def test_passes_exercise_at_the_page_call():
    assert jacobian.passes_exercise() == {"square_sum": (1, 6), "scaled_copies": (6, 1)}
    assert jacobian.passes_exercise(3) == {"square_sum": (1, 3), "scaled_copies": (3, 1)}


def assert_neuron_gradient(x, y, weights):
    """p = 1/(1 + e⁻ᶻ) in plain floats, and the gradient (p − y)·(x₁, x₂, 1), worked by hand."""
    (w1, w2, b), (x1, x2) = weights, x
    z = w1 * x1 + w2 * x2 + b
    p = 1 / (1 + math.exp(-z))
    got_p, grad = ex.neuron_gradient(x, y, weights)
    assert got_p == close(p)
    assert grad == [close((p - y) * x1), close((p - y) * x2), close(p - y)]


def test_neuron_gradient_at_the_page_call():
    assert_neuron_gradient((2.0, -1.0), 1.0, (1.0, -1.0, 1.0))


@EXAMPLES
@given(
    st.tuples(numbers(-3.0, 3.0), numbers(-3.0, 3.0)),
    st.sampled_from([0.0, 1.0]),
    st.tuples(numbers(-3.0, 3.0), numbers(-3.0, 3.0), numbers(-3.0, 3.0)),
)
def test_neuron_gradient_elsewhere(x, y, weights):
    assert_neuron_gradient(x, y, weights)


@EXAMPLES
@given(st.tuples(numbers(), numbers(), numbers()))
def test_no_neuron_gets_all_four_corners(weights):
    """z sums to 2b over each diagonal, so z < 0 at both of group 0 and z > 0 at both of 1 clash."""
    assert 0 <= ex.corners_right(weights) <= 3


@pytest.mark.parametrize(
    ("weights", "right"),
    [
        ((1.0, -1.0, -1.0), 3),  # z = −1, −1, −3, 1: wrong only at (−1, 1)
        ((0.0, 0.0, -1.0), 2),  # z < 0 everywhere: group 0 right
        ((0.0, 0.0, 1.0), 2),  # z > 0 everywhere: group 1 right
        ((1.0, 1.0, 0.5), 3),  # z = −1.5, 2.5, 0.5, 0.5: wrong only at (1, 1)
    ],
)
def test_corners_right_counts(weights, right):
    assert ex.corners_right(weights) == right


def test_random_neurons_find_three_corners():
    assert ex.best_on_corners(tries=10_000, seed=0) == 3
