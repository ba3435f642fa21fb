// Watchlist buttons: without JavaScript each is a form that posts and comes back to the page.
// With it, the form is sent in the background and the button changes in place, keeping the
// focus; anything but the expected answer (a lapsed session, a refusal) falls back to the post.
(() => {
  "use strict";

  const LABELS = { add: "Add to watchlist", remove: "Remove from watchlist" };

  async function send(form) {
    // Not form.action: the form has an input named "action", which that property returns.
    const response = await fetch(form.getAttribute("action"), {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    const type = response.headers.get("Content-Type") || "";
    if (!response.ok || !type.startsWith("application/json")) throw new Error("not sent");
    return response.json();
  }

  function show(form, inWatchlist) {
    const action = inWatchlist ? "remove" : "add";
    form.elements.action.value = action;
    const button = form.querySelector(".watchlist-button");
    button.dataset.inWatchlist = String(inWatchlist);
    button.querySelector(".watchlist-label").textContent = LABELS[action];
  }

  document.addEventListener("submit", async (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.matches("form[data-watchlist]")) return;
    event.preventDefault();
    if (form.dataset.busy) return;
    form.dataset.busy = "true";
    const status = form.querySelector("[data-watchlist-status]");
    try {
      const answer = await send(form);
      show(form, answer.in_watchlist);
      if (status) status.textContent = answer.message;
    } catch {
      form.submit();
    } finally {
      delete form.dataset.busy;
    }
  });
})();
