/* The tangent explorer: a slider moves a point along f; the tangent, x, f(x),
   f'(x) and the colour of the slope's sign follow, and the panel of f' below
   shows the same x. Every value is looked up in the page's data. */
"use strict";
BookWidget.register("tangent", (root, data, word) => {
  const { svg, html, panel, line, ltr, colour } = BookWidget;
  const n = data.x.length, xs = data.x.map(Number), fs = data.f.map(Number), ds = data.d.map(Number);
  const span = (v) => [Math.min(...v), Math.max(...v)];
  const pad = ([a, b]) => [a - 0.15 * (b - a || 1), b + 0.15 * (b - a || 1)];
  const xr = [xs[0], xs[n - 1]], fr = pad(span(fs)), dr = pad(span([...ds, 0]));
  const sign = (d) => (d === "0" ? "flat" : d.startsWith("-") ? "falling" : "rising");
  const name = data.name, prime = name + "\u2032";

  const box = html("div", { dir: "ltr", class: "book-widget-plot" }, root);
  const root_svg = svg("svg", { viewBox: "0 0 560 400", role: "img", "aria-hidden": "true" }, box);
  const top = panel(root_svg, { x: 50, y: 8, w: 500, h: 220 }, xr, fr, null, name + "(x)");
  const low = panel(root_svg, { x: 50, y: 238, w: 500, h: 120 }, xr, dr, "x", prime + "(x)");
  // f' shaded by its sign: above the axis f rises, below it falls
  const id = "bw" + Math.random().toString(36).slice(2);
  for (const [part, y0, y1] of [["rising", 238, low.Y(0)], ["falling", low.Y(0), 358]]) {
    const clip = svg("clipPath", { id: id + part }, root_svg);
    svg("rect", { x: 50, y: y0, width: 500, height: Math.max(0, y1 - y0) }, clip);
    const d = "M" + low.X(xs[0]) + "," + low.Y(0) + xs.map((x, i) => "L" + low.X(x).toFixed(1) + "," + low.Y(ds[i]).toFixed(1)).join("") + "L" + low.X(xs[n - 1]) + "," + low.Y(0) + "Z";
    svg("path", { d, fill: colour[part], "fill-opacity": 0.25, "clip-path": `url(#${id + part})` }, low.g);
  }
  line(top, data.x, data.f, { stroke: colour.curve, "stroke-width": 2 });
  line(low, data.x, data.d, { stroke: colour.curve, "stroke-width": 2 });
  for (const e of data.extrema) {
    for (const [p, y] of [[top, +e.y], [low, 0]]) {
      const cx = p.X(+e.x), cy = p.Y(y), s = e.kind === "min" ? 1 : -1;
      svg("path", { d: `M${cx - 6},${cy - 5 * s}L${cx + 6},${cy - 5 * s}L${cx},${cy + 6 * s}Z`, fill: "#ffffff", stroke: colour.flat, "stroke-width": 2 }, p.g);
    }
  }
  const guide = svg("line", { y1: 8, y2: 358, stroke: colour.axis, "stroke-dasharray": "4 3" }, root_svg);
  const tangent = svg("line", { "stroke-width": 3 }, top.g);
  const dot = svg("circle", { r: 6 }, top.g), dot_d = svg("circle", { r: 5 }, low.g);

  const controls = html("div", { class: "book-widget-controls" }, root);
  const label = html("label", {}, controls, word("Move the point along the curve"));
  const slider = html("input", { type: "range", min: 0, max: n - 1, step: 1, dir: "ltr" }, label);
  const readout = html("p", { class: "book-widget-readout", "aria-live": "polite" }, root);

  function show(i) {
    const x = xs[i], y = fs[i], m = ds[i], trend = sign(data.d[i]), c = colour[trend];
    // A segment of the same drawn length whatever the slope, as in plots.py.
    const half = (0.09 * (xr[1] - xr[0])) / Math.hypot(1, (m * (xr[1] - xr[0])) / (fr[1] - fr[0]) / 1.3);
    tangent.setAttribute("x1", top.X(x - half)); tangent.setAttribute("y1", top.Y(y - m * half));
    tangent.setAttribute("x2", top.X(x + half)); tangent.setAttribute("y2", top.Y(y + m * half));
    tangent.setAttribute("stroke", c);
    dot.setAttribute("cx", top.X(x)); dot.setAttribute("cy", top.Y(y)); dot.setAttribute("fill", c);
    dot_d.setAttribute("cx", low.X(x)); dot_d.setAttribute("cy", low.Y(m)); dot_d.setAttribute("fill", c);
    guide.setAttribute("x1", top.X(x)); guide.setAttribute("x2", top.X(x));
    readout.replaceChildren();
    ltr(readout, "x = " + data.x[i], "x");
    ltr(readout, name + "(x) = " + data.f[i], "f");
    ltr(readout, prime + "(x) = " + data.d[i], "d");
    const t = html("span", { class: "book-widget-trend", "data-value": "trend" }, readout, word(trend));
    t.style.borderColor = c;
    slider.setAttribute("aria-valuetext", `x = ${data.x[i]}, ${prime}(x) = ${data.d[i]}, ${word(trend)}`);
  }
  slider.value = Math.round((n - 1) / 4);
  slider.addEventListener("input", () => show(+slider.value));
  show(+slider.value);
});
