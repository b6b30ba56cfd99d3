// Self-check of an exercise (book/_ext/answers.py writes the form). The expected
// answers were computed at build time by the exercise's reference solution and are
// in the form's data-answers; this script only reads what was typed and compares.
"use strict";

// What a student types, as a number: -6, −6 (a true minus), -6.0, .5, 1/2, 1e-3,
// with spaces anywhere. Anything else is null, "not a number we can read".
function parseAnswer(text) {
  const s = text
    .normalize("NFKC") // full-width digits and signs become ASCII
    .replace(/[\s\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, "") // spaces, direction marks
    .replace(/[\u2212\u2012\u2013\u2014\ufe63]/g, "-"); // minus signs and dashes
  const number = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
  const fraction = /^([+-]?)(\d+)\/(\d+)$/;
  let value = null;
  if (number.test(s)) value = Number(s);
  const f = s.match(fraction);
  if (f && Number(f[3]) !== 0) value = (f[1] === "-" ? -1 : 1) * Number(f[2]) / Number(f[3]);
  return value !== null && Number.isFinite(value) ? value : null;
}

function checkForm(form) {
  const spec = JSON.parse(form.dataset.answers);
  const words = JSON.parse(form.dataset.words);
  const status = form.querySelector(".selfcheck-status");
  let wrong = 0, unreadable = 0, empty = 0;
  for (const [name, field] of Object.entries(spec.fields)) {
    const control = form.elements.namedItem(name);
    const note = document.getElementById(control.getAttribute("aria-describedby"));
    const typed = control.value.trim();
    let verdict;
    if (typed === "") {
      verdict = "empty";
    } else if (field.kind === "number") {
      const value = parseAnswer(typed);
      verdict = value === null ? "not_number" : Math.abs(value - field.value) <= spec.tolerance ? "right" : "wrong";
    } else {
      verdict = typed === field.value ? "right" : "wrong";
    }
    wrong += verdict === "wrong";
    unreadable += verdict === "not_number";
    empty += verdict === "empty";
    control.setAttribute("aria-invalid", verdict === "right" || verdict === "empty" ? "false" : "true");
    control.closest(".selfcheck-field").dataset.verdict = verdict;
    note.textContent = { right: words.field_right, wrong: words.field_wrong, not_number: words.not_number, empty: "" }[verdict];
  }
  const outcome = unreadable ? "not_number" : empty ? "empty" : wrong ? "wrong" : "right";
  form.dataset.verdict = outcome;
  status.textContent = words[outcome];
}

function setUp() {
  for (const form of document.querySelectorAll("form.selfcheck")) {
    form.hidden = false;
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      checkForm(form);
    });
  }
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
else setUp();
