/* The learning-rate player: gradient descent on the loss, one run per
   learning rate (all run at build time); play, pause, step or reset, and the
   path of W moves over the curve with the step number and the loss. */
"use strict";
BookWidget.register("descent", (root, data, word) => {
  const { svg, html, panel, line, ltr, colour } = BookWidget;
  const cx = data.curve.x.map(Number), cy = data.curve.y.map(Number);
  const yr = [Math.min(...cy), Math.max(...cy)];
  const box = html("div", { dir: "ltr", class: "book-widget-plot" }, root);
  const root_svg = svg("svg", { viewBox: "0 0 560 300", role: "img", "aria-hidden": "true" }, box);
  const p = panel(root_svg, { x: 50, y: 8, w: 500, h: 250 }, [cx[0], cx[cx.length - 1]], [yr[0], yr[1] * 1.05], data.var, data.name + "(" + data.var + ")");
  const m = +data.minimum;
  svg("line", { x1: p.X(m), x2: p.X(m), y1: 8, y2: 258, stroke: colour.flat, "stroke-dasharray": "5 4" }, p.g);
  line(p, data.curve.x, data.curve.y, { stroke: colour.curve, "stroke-width": 2 });
  const path = svg("path", { fill: "none", stroke: colour.falling, "stroke-width": 1.5 }, p.g);
  const dots = svg("g", { fill: colour.falling }, p.g);
  const here = svg("circle", { r: 7, fill: "#ffffff", stroke: colour.falling, "stroke-width": 3 }, p.g);

  const controls = html("div", { class: "book-widget-controls" }, root);
  const rates = html("fieldset", {}, controls);
  html("legend", {}, rates, word("Learning rate"));
  const group = "bw" + Math.random().toString(36).slice(2);
  data.runs.forEach((run, r) => {
    const label = html("label", {}, rates);
    const input = html("input", { type: "radio", name: group, value: r }, label);
    input.checked = r === 0;
    input.addEventListener("change", () => choose(r));
    ltr(label, "\u03b7 = " + run.lr);
    label.append(" " + word(run.label));
  });
  const buttons = html("div", { class: "book-widget-buttons" }, controls);
  const play = html("button", { type: "button", "data-action": "play" }, buttons, word("Play"));
  const step = html("button", { type: "button", "data-action": "step" }, buttons, word("Step"));
  const reset = html("button", { type: "button", "data-action": "reset" }, buttons, word("Reset"));
  const readout = html("p", { class: "book-widget-readout", "aria-live": "polite" }, root);

  let run = data.runs[0], k = 0, timer = null;
  function show() {
    const at = (i) => [p.X(+run.W[i]).toFixed(1), p.Y(+run.L[i]).toFixed(1)];
    path.setAttribute("d", run.W.slice(0, k + 1).map((_, i) => (i ? "L" : "M") + at(i).join(",")).join(""));
    dots.replaceChildren();
    for (let i = 0; i < k; i++) svg("circle", { cx: at(i)[0], cy: at(i)[1], r: 3.5 }, dots);
    here.setAttribute("cx", at(k)[0]); here.setAttribute("cy", at(k)[1]);
    readout.replaceChildren();
    html("span", {}, readout, word("step") + " ");
    ltr(readout, String(k), "k");
    ltr(readout, data.var + " = " + run.W[k], "W");
    ltr(readout, data.name + "(" + data.var + ") = " + run.L[k], "L");
    ltr(readout, data.name + "\u2032(" + data.var + ") = " + run.d[k], "d");
    const end = k === run.W.length - 1;
    if (end && run.left) html("strong", { "data-value": "left" }, readout, word("The next step leaves the plot"));
    step.disabled = end;
    if (end) pause();
  }
  function pause() {
    clearInterval(timer);
    timer = null;
    play.textContent = word("Play");
    play.setAttribute("aria-pressed", "false");
  }
  function advance() {
    if (k < run.W.length - 1) k += 1;
    show();
  }
  function choose(r) {
    pause();
    run = data.runs[r];
    k = 0;
    show();
  }
  play.addEventListener("click", () => {
    if (timer) return pause();
    if (k === run.W.length - 1) k = 0;
    timer = setInterval(advance, 600);
    play.textContent = word("Pause");
    play.setAttribute("aria-pressed", "true");
    show();
  });
  step.addEventListener("click", () => { pause(); advance(); });
  reset.addEventListener("click", () => { pause(); k = 0; show(); });
  play.setAttribute("aria-pressed", "false");
  show();
});
