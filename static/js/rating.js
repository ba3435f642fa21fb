// Ratings in place: without JavaScript a rating form posts and the page comes back. With it,
// the form posts in the background, asks for JSON, and updates itself and the film's figures.
(() => {
  "use strict";

  const FAILURES = {
    400: "Choose a rating from 1 to 10.",
    403: "The page is out of date; reload it and rate again.",
    404: "This film is no longer here.",
    429: "Too many ratings at once; please try again later.",
  };

  function summaryText(count, average) {
    if (!count) return "No user ratings yet.";
    const plural = count === 1 ? "" : "s";
    return `User rating ${Number(average).toFixed(1)}/10 from ${count} rating${plural}`;
  }

  function showScore(form, score) {
    for (const input of form.querySelectorAll('input[name="score"]')) {
      input.checked = Number(input.value) === score;
    }
    const select = form.querySelector('select[name="score"]');
    if (select) select.value = score === null ? "" : String(score);
    let remove = form.querySelector("[data-rating-remove]");
    if (score === null && remove) {
      if (document.activeElement === remove) form.querySelector("[data-rating-rate]").focus();
      remove.remove();
    } else if (score !== null && !remove) {
      remove = document.createElement("button");
      remove.type = "submit";
      remove.name = "remove";
      remove.value = "on";
      remove.className = "link-button";
      remove.dataset.ratingRemove = "";
      remove.textContent = "Remove rating";
      form.querySelector("[data-rating-rate]").after(remove);
    }
  }

  document.addEventListener("submit", async (event) => {
    const form = event.target.closest("form[data-rating-form]");
    if (!form) return;
    event.preventDefault();
    const status = form.querySelector("[data-rating-status]");
    let response;
    try {
      response = await fetch(form.action, {
        method: "POST",
        body: new FormData(form, event.submitter),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
    } catch {
      status.textContent = "Could not reach the site; please try again.";
      return;
    }
    if (response.redirected) {
      // Logged out meanwhile: the site sent the log-in page; go there as a form post would.
      window.location.assign(response.url);
      return;
    }
    if (!response.ok) {
      status.textContent = FAILURES[response.status] || "Something went wrong; please try again.";
      return;
    }
    const result = await response.json();
    showScore(form, result.score);
    status.textContent = result.score === null ? "Not rated yet" : `Your rating: ${result.score}/10`;
    const summary = document.querySelector("[data-rating-summary]");
    if (summary && form.closest(".rating-summary")) {
      summary.textContent = summaryText(result.rating_count, result.rating_average);
      summary.classList.toggle("muted", !result.rating_count);
    }
  });
})();
