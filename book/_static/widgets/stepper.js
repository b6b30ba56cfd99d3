/* The backward-pass stepper: the graph figure of graph_figure.py, drawn from
   its layout, step by step. Next shows the forward pass node by node (each
   value appears), then the backward pass edge by edge (each gradient appears,
   with the product that made it); Back and Reset go back. Every string and
   number is looked up in the page's data; the script only shows and hides. */
"use strict";
BookWidget.register("stepper", (root, data, word) => {
  const { svg, html, ltr } = BookWidget;
  const [width, height] = data.size;
  const box = html("div", { dir: "ltr", class: "book-widget-plot book-widget-graph" }, root);
  const figure = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-hidden": "true" }, box);
  figure.style.maxWidth = `${(width * 4) / 3}px`; // no larger than the static figure: 1 pt = 4/3 px
  figure.style.margin = "0 auto";
  svg("rect", { width: "100%", height: "100%", fill: "#ffffff" }, figure); // white, as the static figure
  const defs = svg("defs", {}, figure), id = "bw" + Math.random().toString(36).slice(2), heads = {};
  function head(colour) { // an arrowhead of each colour, as matplotlib's "-|>"
    if (!heads[colour]) {
      heads[colour] = `${id}-${Object.keys(heads).length}`;
      const m = svg("marker", { id: heads[colour], viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, markerUnits: "userSpaceOnUse", orient: "auto" }, defs);
      svg("path", { d: "M0,1L10,5L0,9Z", fill: colour }, m);
    }
    return `url(#${heads[colour]})`;
  }
  const parts = []; // [element, role]: shown from the step data.at[role] on (always, without one)
  const boxes = data.boxes.map(([x, y, w, h, kind]) => {
    const [face, edge] = data.fill[kind];
    return svg("rect", { x, y, width: w, height: h, rx: 6, fill: face, stroke: edge, "stroke-width": 1.2, "stroke-dasharray": kind === "const" ? "4 3" : "none" }, figure);
  });
  for (const [d, colour, dashed, arrow, role] of data.paths) {
    const p = svg("path", { d, fill: "none", stroke: colour, "stroke-width": 1.2, "stroke-dasharray": dashed ? "4 3" : "none" }, figure);
    if (arrow) p.setAttribute("marker-end", head(colour));
    parts.push([p, role]);
  }
  /* Runs of text, upright, italic, upright, ...: into a parent's tspans or <i>. */
  function runs(parent, list, tag) {
    list.forEach((text, i) => {
      if (!text) return;
      const e = tag === "tspan" ? svg("tspan", i % 2 ? { "font-style": "italic" } : {}, parent) : html(i % 2 ? "i" : "span", {}, parent);
      e.textContent = text;
    });
    return parent;
  }
  for (const [x, y, size, colour, role, text] of data.texts) {
    const t = svg("text", { x, y, "font-size": size, fill: colour, "text-anchor": "middle", "dominant-baseline": "central", "data-part": role }, figure);
    parts.push([runs(t, text, "tspan"), role]);
  }

  const controls = html("div", { class: "book-widget-controls" }, root);
  const buttons = html("div", { class: "book-widget-buttons" }, controls);
  const back = html("button", { type: "button", "data-action": "back" }, buttons, word("Back"));
  const next = html("button", { type: "button", "data-action": "next" }, buttons, word("Next"));
  const reset = html("button", { type: "button", "data-action": "reset" }, buttons, word("Reset"));
  const counter = html("span", { class: "book-widget-counter" }, controls);
  const readout = html("p", { class: "book-widget-say", "aria-live": "polite" }, root);

  /* A sentence of the edition's words, {name} replaced by its value (a number or math, left to right). */
  function say(parent, msgid, values) {
    for (const [i, piece] of word(msgid).split(/\{(\w+)\}/).entries()) {
      if (i % 2 === 0) parent.append(piece);
      else {
        const v = values[piece], span = ltr(parent, "", piece);
        if (Array.isArray(v)) runs(span, v, "html");
        else span.textContent = v;
      }
    }
  }
  const sentences = {
    leaf: (s) => say(readout, "Forward pass: the input {node} is {value}.", { node: s.name, value: s.value }),
    const: (s) => say(readout, "Forward pass: the constant {node} is {value}.", { node: s.name, value: s.value }),
    op: (s) => say(readout, "Forward pass: the node {node} receives {inputs} and computes {value}.", { node: s.name, inputs: s.inputs, value: s.value }),
    seed: (s) => say(readout, "Backward pass: it starts at the output with {grad}.", { grad: s.grad }),
    edge: (s) => {
      const node = data.steps[s.node].name; // the node's forward step has its label
      say(readout, "Backward pass: the node {node} sends {product} back to {to}: the gradient that reached it times its local derivative.", { node, product: s.product, to: s.to });
      if (s.leaf) {
        readout.append(" ");
        say(readout, s.leaf[1] ? "{leaf}, the number in {grad}." : "{leaf}.", { leaf: s.leaf[0], grad: s.leaf[1] });
      }
    },
  };

  const last = data.steps.length;
  let k = 0;
  const state = new Map(); // what each part shows now: touch only the parts that change
  function show() {
    for (const [e, role] of parts) {
      const from = data.at[role] || 0, now = (from <= k ? "visible" : "hidden") + (k > 0 && from === k);
      if (state.get(e) === now) continue;
      state.set(e, now);
      e.setAttribute("visibility", from <= k ? "visible" : "hidden");
      e.classList.toggle("now", k > 0 && from === k);
    }
    const step = data.steps[k - 1];
    boxes.forEach((b, i) => b.classList.toggle("now", !!step && step.node === i));
    readout.replaceChildren();
    if (step) sentences[step.do](step);
    else readout.append(word("Press Next to run the forward pass, node by node."));
    counter.replaceChildren();
    say(counter, "Step {k} of {n}", { k: String(k), n: String(last) });
    back.setAttribute("aria-disabled", String(k === 0));
    next.setAttribute("aria-disabled", String(k === last));
  }
  // aria-disabled, not disabled: a button that stays focusable keeps the keyboard's place
  const go = (to) => () => { k = Math.max(0, Math.min(last, to())); show(); };
  next.addEventListener("click", go(() => k + 1));
  back.addEventListener("click", go(() => k - 1));
  reset.addEventListener("click", go(() => 0));
  show();
});
