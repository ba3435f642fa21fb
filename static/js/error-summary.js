// Error summary: without JavaScript it is read out (role="alert") and its links lead to the
// fields. With it, the focus moves onto the summary as the page loads, as GOV.UK's does, so a
// keyboard or screen reader user starts from the list of problems rather than the page's top;
// a link then focuses its field and scrolls its label (or its group's legend) into view too,
// and the page's title starts with "Error: ".
(() => {
  "use strict";

  const summary = document.querySelector("[data-error-summary]");
  if (!summary) return;

  // The title is the first thing a screen reader says of the page, as GOV.UK advises.
  if (!document.title.startsWith("Error: ")) document.title = `Error: ${document.title}`;

  // Focusable by script only, and only until the focus leaves it.
  summary.setAttribute("tabindex", "-1");
  summary.addEventListener("blur", () => summary.removeAttribute("tabindex"), { once: true });
  summary.focus();

  summary.addEventListener("click", (event) => {
    const link = event.target.closest("a[href^='#']");
    const field = link && document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!field) return;
    event.preventDefault();
    const caption = field.closest("fieldset")?.querySelector("legend")
      ?? document.querySelector(`label[for="${CSS.escape(field.id)}"]`)
      ?? field;
    caption.scrollIntoView();
    field.focus({ preventScroll: true });
    history.replaceState(null, "", link.hash);
  });
})();
