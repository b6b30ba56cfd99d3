// The themes' style sheets of one built edition, cut down to the rules its pages can use.
//
//     node tools/unused_css.mjs EDITION_DIR SHEET...
//
// PurgeCSS (a maintained tool made for this) keeps a rule when every class, id and
// tag in its selector is a word of some page of the edition or of one of its
// scripts, which add classes such as `show` at run time. The attributes the
// scripts set through `dataset` (`data-theme`, `data-mode`: the colour mode) do
// not appear as words, so their selectors are always kept. Each sheet is
// rewritten in place; tools/unused_css.py calls this.
import { writeFileSync } from "node:fs";
import { PurgeCSS } from "purgecss";

const [edition, ...sheets] = process.argv.slice(2);
let results;
try {
  results = await new PurgeCSS().purge({
    content: [`${edition}/*.html`, `${edition}/_static/**/*.js`],
    css: sheets,
    dynamicAttributes: ["data-theme", "data-mode"],
    // PurgeCSS 8.0.0 drops a selector of pseudo-classes alone, as it finds no class, id or
    // tag in it: the theme's focus ring `:focus-visible{outline: ...}`. Kept by name.
    safelist: { standard: [/^:/] },
  });
} catch (error) {
  console.error(error.message); // a sheet PostCSS cannot read: "<file>:1:1: Unclosed block"
  process.exit(1);
}
for (const { file, css } of results) writeFileSync(file, css);
