/* On paper, a chapter's exercise solutions come after the chapter, under one
 * heading, so that a printed worksheet does not give the answers away.
 *
 * The browser's Print moves them on `beforeprint` and puts them back on
 * `afterprint`; tools/pdf.py calls bookPrint.collectSolutions on every chapter
 * of the printed edition. The heading is the page's language (book.po). */
"use strict";

const bookPrint = {
  /* Move the solutions inside `chapter` to its end, under a heading; returns
   * a function that puts them back where they were. */
  collectSolutions(chapter, heading) {
    const solutions = [...chapter.querySelectorAll("div.solution")];
    if (solutions.length === 0) return () => {};
    const part = document.createElement("section");
    part.className = "print-solutions";
    const title = document.createElement("h2");
    title.textContent = heading;
    part.append(title);
    const places = solutions.map((solution) => {
      const place = document.createComment("solution");
      solution.before(place);
      part.append(solution);
      return place;
    });
    chapter.append(part);
    return () => {
      places.forEach((place, i) => place.replaceWith(solutions[i]));
      part.remove();
    };
  },
};

let bookPrintRestore = null;
window.addEventListener("beforeprint", () => {
  const chapter = document.querySelector("article.bd-article > section");
  if (chapter && window.BOOK_PRINT && !bookPrintRestore) {
    bookPrintRestore = bookPrint.collectSolutions(chapter, window.BOOK_PRINT.solutions);
  }
});
window.addEventListener("afterprint", () => {
  if (bookPrintRestore) bookPrintRestore();
  bookPrintRestore = null;
});
