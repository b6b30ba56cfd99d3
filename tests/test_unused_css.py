"""Cutting the themes' style sheets down (tools/unused_css.py) removes no rule a page uses.

The staged editions (_build/stage/<lang>/html) keep the themes' sheets whole;
the published ones have them cut down. Chromium reads the selectors of both
from the style sheets themselves (the CSS object model): what the cut removed
is the difference, each selector that is in fewer rules than before. Then
every staged page of the edition is opened, every solution and dropdown on it
opened too, and none of the removed selectors may match an element, in light
or dark mode. A selector is tried without its states and parts (`a:hover::after`
as `a`), so a rule for a state the page can be put in counts as used. Media
queries are not applied (every width at once). A failure names the page, the
selector and the element.
"""

from collections import Counter

import pytest

from tools.static_host import serve

from .chromium_pages import MISSING, Visit, browser  # noqa: F401
from .conftest import EDITIONS, ROOT

# Shared by both scripts below: a selector list split at its top-level commas, and a
# selector spread into one per alternative of its :is() and :where() lists (PurgeCSS
# drops the unused ones inside them).
SPLIT = r"""
  const split = (list) => {
    const parts = [];
    let depth = 0, start = 0;
    [...list].forEach((c, i) => {
      if ("([".includes(c)) depth++;
      else if (")]".includes(c)) depth--;
      else if (c === "," && depth === 0) { parts.push(list.slice(start, i)); start = i + 1; }
    });
    return [...parts, list.slice(start)].map((s) => s.trim());
  };
  const closing = (s, open) => {  // the index of the parenthesis that closes s[open]
    for (let i = open, depth = 0; i < s.length; i++)
      if (s[i] === "(") depth++;
      else if (s[i] === ")" && --depth === 0) return i;
    return s.length;
  };
  const spread = (s) => {
    const m = /:(is|where)\(/.exec(s);
    if (!m) return [s];
    const open = m.index + m[0].length - 1, end = closing(s, open);
    return split(s.slice(open + 1, end))
      .flatMap((alt) => spread(s.slice(0, m.index) + alt + s.slice(end + 1)));
  };
"""

# every selector of the page's style sheets (inside @media and @supports too)
SELECTORS = f"""() => {{{SPLIT}
  const walk = (rules) => [...rules].flatMap((r) =>
    r.selectorText ? split(r.selectorText).flatMap(spread) : r.cssRules ? walk(r.cssRules) : []);
  return [...document.styleSheets].flatMap((s) => walk(s.cssRules));
}}"""

# the removed selectors that match an element of the page: "selector → element"
MATCHED = f"""(removed) => {{{SPLIT}
  // a state (:hover, :checked, :focus-visible, :-webkit-autofill...) or a part (::before)
  const STATES = ("hover focus focus-visible focus-within active visited link any-link checked " +
    "indeterminate disabled enabled target placeholder-shown valid invalid required optional " +
    "read-only read-write autofill open closed popover-open modal fullscreen default " +
    "user-valid user-invalid before after first-line first-letter marker placeholder selection");
  const STATE = new RegExp(`^:(-|:|(${{STATES.split(" ").join("|")}})$)`);
  // the selector without its states and parts: what it styles in some state
  const bare = (s) => {{
    let out = "";
    for (let i = 0; i < s.length; ) {{
      if (s[i] === "[") {{  // an attribute, ':' and all
        const j = s.indexOf("]", i) + 1;
        out += s.slice(i, j);
        i = j;
        continue;
      }}
      if (s[i] !== ":") {{ out += s[i++]; continue; }}
      let j = i + (s[i + 1] === ":" ? 2 : 1);
      while (j < s.length && /[-\\w]/.test(s[j])) j++;
      const name = s.slice(i, j);
      if (s[j] === "(") j = closing(s, j) + 1;
      if (!STATE.test(name)) out += s.slice(i, j);
      i = j;
    }}
    // a compound left empty ("> :disabled ~" became "> ~") selects any element
    const parts = out.replace(/\\s*([>+~])\\s*/g, " $1 ").trim().split(/\\s+/);
    return parts.flatMap((p, k) =>
      /^[>+~]$/.test(p) && (k === 0 || /^[>+~]$/.test(parts[k - 1])) ? ["*", p] : [p])
      .concat(/^[>+~]?$/.test(parts.at(-1)) ? ["*"] : []).join(" ");
  }};
  const name = (e) => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") +
    [...e.classList].map((c) => "." + c).join("");
  document.querySelectorAll("details").forEach((d) => (d.open = true));
  document.querySelectorAll("button.toggle-button").forEach((b) => b.click());
  const found = [];
  for (const theme of ["light", "dark"]) {{
    document.documentElement.dataset.theme = theme;
    for (const selector of removed) {{
      let e;
      try {{ e = document.querySelector(bare(selector)); }}
      catch {{ found.push(`${{selector}} → cannot be tried as ${{bare(selector)}}`); continue; }}
      if (e) found.push(`${{selector}} → ${{name(e)}} (${{theme}})`);
    }}
  }}
  return [...new Set(found)];
}}"""


def selectors(browser, url):
    with Visit(browser).open(url) as visit:
        return visit.page.evaluate(SELECTORS)


@pytest.mark.skipif(MISSING is not None, reason=f"unused CSS: {MISSING}")
@pytest.mark.parametrize("lang", EDITIONS)
def test_no_page_uses_a_rule_the_cut_removed(site, browser, lang):
    stage = ROOT / "_build" / "stage" / lang / "html"
    with serve(ROOT / "_build") as base:
        whole = Counter(selectors(browser, f"{base}/stage/{lang}/html/index.html"))
        cut = Counter(selectors(browser, f"{base}/html/{lang}/index.html"))
        removed = sorted(whole - cut)  # in fewer rules than before: some rule lost it
        assert removed, "the sheets were not cut down"
        used = []
        for page in sorted(p.name for p in stage.glob("*.html")):
            with Visit(browser).open(f"{base}/stage/{lang}/html/{page}") as visit:
                used += [f"{lang}/{page}: {m}" for m in visit.page.evaluate(MATCHED, removed)]
    assert not used, "\n".join(used)


def test_a_sheet_that_cannot_be_read_is_named(tmp_path):
    """A broken theme sheet stops the build naming the file and the place, and is left as it is."""
    from tools.unused_css import CutDownError, cut_down

    (tmp_path / "_static").mkdir()
    (tmp_path / "index.html").write_text("<p>page</p>")
    sheet = tmp_path / "_static" / "basic.css"
    sheet.write_text("p{color:red")
    with pytest.raises(CutDownError, match=rf"{sheet}:1:1: Unclosed block"):
        cut_down(tmp_path)
    assert sheet.read_text() == "p{color:red"
