/* The book's widgets, shared part: find each widget's figure, read the data and
   words the page embeds, and hand them to the script of its kind. Scripts only
   look values up and draw: every number was computed by autograd at build
   time (code/autograd_book/widgets.py). Plain JavaScript, no library. */
"use strict";
window.BookWidget = (() => {
  const kinds = {};
  const NS = "http://www.w3.org/2000/svg";
  // The colours of code/autograd_book/plots.py (Okabe-Ito).
  const colour = { rising: "#009E73", falling: "#D55E00", flat: "#0072B2", curve: "#222222", axis: "#999999" };

  /* An SVG element with attributes, appended to parent. */
  function svg(tag, attrs, parent) {
    const e = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    if (parent) parent.appendChild(e);
    return e;
  }

  /* An HTML element with attributes and text, appended to parent. */
  function html(tag, attrs, parent, text) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    if (parent) parent.appendChild(e);
    return e;
  }

  /* The linear map of [d0, d1] onto [r0, r1]. */
  function scale(d0, d1, r0, r1) {
    return (v) => r0 + ((v - d0) * (r1 - r0)) / (d1 - d0 || 1);
  }

  /* About n round values in [lo, hi], for the ticks of an axis. */
  function ticks(lo, hi, n) {
    const raw = (hi - lo) / n, p = Math.pow(10, Math.floor(Math.log10(raw)));
    const step = [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw);
    const out = [];
    for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) out.push(+v.toFixed(10));
    return out;
  }

  /* A plot panel: white ground, axes with ticks, and x/y maps. */
  function panel(root, box, xr, yr, xlabel, ylabel) {
    const g = svg("g", {}, root);
    // a white ground under the whole figure, as the static figures have in both themes
    if (!root.querySelector("rect.ground")) root.prepend(svg("rect", { class: "ground", width: "100%", height: "100%", fill: "#ffffff" }));
    svg("rect", { x: box.x, y: box.y, width: box.w, height: box.h, fill: "#ffffff", stroke: "#cccccc" }, g);
    const X = scale(xr[0], xr[1], box.x, box.x + box.w), Y = scale(yr[0], yr[1], box.y + box.h, box.y);
    const text = (x, y, s, anchor) => {
      const t = svg("text", { x, y, "text-anchor": anchor, "font-size": 13, fill: "#333333" }, g);
      t.textContent = s;
      return t;
    };
    if (xlabel !== null) for (const v of ticks(xr[0], xr[1], 8)) text(X(v), box.y + box.h + 15, String(v), "middle");
    for (const v of ticks(yr[0], yr[1], 4)) text(box.x - 5, Y(v) + 4, String(v), "end");
    if (xlabel) text(box.x + box.w / 2, box.y + box.h + 32, xlabel, "middle").setAttribute("font-style", "italic");
    text(box.x + 6, box.y + 16, ylabel, "start").setAttribute("font-style", "italic");
    if (yr[0] < 0 && yr[1] > 0) svg("line", { x1: box.x, x2: box.x + box.w, y1: Y(0), y2: Y(0), stroke: colour.axis }, g);
    return { g, X, Y };
  }

  /* A path through the points (xs[i], ys[i]) of strings. */
  function line(p, xs, ys, attrs) {
    const d = xs.map((x, i) => (i ? "L" : "M") + p.X(+x).toFixed(1) + "," + p.Y(+ys[i]).toFixed(1)).join("");
    return svg("path", { d, fill: "none", ...attrs }, p.g);
  }

  /* A number or formula shown left to right, even in the Hebrew edition. */
  function ltr(parent, text, name) {
    const attrs = { dir: "ltr" };
    if (name) attrs["data-value"] = name;
    return html("span", attrs, parent, text);
  }

  /* Start every widget whose kind's script has run. A deferred kind's script may run
     after start() (a timer can fire between two deferred scripts): register() starts its
     widgets then. */
  let ready = false;
  function start() {
    ready = true;
    for (const figure of document.querySelectorAll("figure.book-widget:not(.live)")) {
      const data = JSON.parse(figure.querySelector(".book-widget-data").textContent);
      if (!kinds[data.kind]) continue;
      const words = JSON.parse(figure.querySelector(".book-widget-words").textContent);
      const live = html("div", { class: "book-widget-live" });
      figure.insertBefore(live, figure.querySelector("figcaption"));
      kinds[data.kind](live, data, (w) => words[w]);
      figure.classList.add("live");
    }
  }
  function register(kind, init) {
    kinds[kind] = init;
    if (ready) start();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else setTimeout(start);
  return { register, svg, html, scale, panel, line, ltr, colour };
})();
