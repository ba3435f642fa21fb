// View More: without JavaScript each cut-short review links to its own page. With it, the link
// becomes a button that shows the whole text in place and can hide it again.
(() => {
  "use strict";

  for (const link of document.querySelectorAll("a[data-view-more]")) {
    const id = link.dataset.viewMore;
    const excerpt = document.getElementById(`${id}-excerpt`);
    const body = document.getElementById(`${id}-body`);
    if (!excerpt || !body) continue;

    const button = document.createElement("button");
    button.type = "button";
    button.className = link.className;
    button.textContent = "View More";
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("aria-controls", body.id);

    button.addEventListener("click", () => {
      const expand = body.hidden;
      body.hidden = !expand;
      excerpt.hidden = expand;
      button.setAttribute("aria-expanded", String(expand));
      button.textContent = expand ? "View Less" : "View More";
    });

    link.replaceWith(button);
  }
})();
