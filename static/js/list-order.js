// Reordering a list on its edit page. Without JavaScript each Up and Down button posts and the
// page comes back in the new order. With it, they move the film in place (the focus stays on the
// button pressed), films can be dragged by a handle, and the whole new order is posted in the
// background; a refusal (the list changed in another window) is said, and the page reloads.
(() => {
  "use strict";

  const list = document.querySelector("ol[data-reorder-url]");
  if (!list) return;
  const status = document.querySelector("[data-reorder-status]");
  const token = list.querySelector("input[name=csrfmiddlewaretoken]").value;
  let dragged = null;
  let orderBefore = "";

  function say(text) {
    if (status) status.textContent = text;
  }

  function titleOf(item) {
    return item.querySelector(".list-entry-title").textContent.trim();
  }

  function entries() {
    return [...list.querySelectorAll(":scope > li[data-entry-id]")];
  }

  function order() {
    return entries()
      .map((item) => item.dataset.entryId)
      .join(",");
  }

  async function saveOrder(moved) {
    const body = new FormData();
    body.append("csrfmiddlewaretoken", token);
    for (const item of entries()) body.append("entries", item.dataset.entryId);
    let response;
    try {
      response = await fetch(list.dataset.reorderUrl, {
        method: "POST",
        body,
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
    } catch {
      response = null;
    }
    if (response && response.ok) {
      const place = entries().indexOf(moved) + 1;
      say(`${titleOf(moved)} moved to place ${place} of ${entries().length}. Saved.`);
      return;
    }
    say("The new order could not be saved: this list has changed elsewhere. Reloading.");
    window.setTimeout(() => window.location.reload(), 1500);
  }

  // Up and Down, by mouse or keyboard.
  list.addEventListener("submit", (event) => {
    const form = event.target;
    if (!form.matches(".move-form")) return;
    event.preventDefault();
    const button = event.submitter;
    const item = form.closest("li");
    const neighbour =
      button.value === "up" ? item.previousElementSibling : item.nextElementSibling;
    if (!neighbour) {
      say(`${titleOf(item)} is already ${button.value === "up" ? "first" : "last"}.`);
      return;
    }
    if (button.value === "up") neighbour.before(item);
    else neighbour.after(item);
    button.focus();
    saveOrder(item);
  });

  // Dragging, by a handle so that text in the note fields can still be selected.
  for (const item of entries()) {
    const handle = document.createElement("span");
    handle.className = "drag-handle";
    handle.setAttribute("aria-hidden", "true");
    handle.title = "Drag to move";
    handle.textContent = "⠿";
    item.prepend(handle);
    handle.addEventListener("pointerdown", () => {
      item.draggable = true;
    });
  }
  document.querySelector("[data-drag-hint]")?.removeAttribute("hidden");

  list.addEventListener("dragstart", (event) => {
    dragged = event.target.closest("li[data-entry-id]");
    if (!dragged) return;
    orderBefore = order();
    dragged.classList.add("dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", dragged.dataset.entryId);
  });

  list.addEventListener("dragover", (event) => {
    if (!dragged) return;
    event.preventDefault();
    const over = event.target.closest("li[data-entry-id]");
    if (!over || over === dragged) return;
    const box = over.getBoundingClientRect();
    if (event.clientY < box.top + box.height / 2) over.before(dragged);
    else over.after(dragged);
  });

  list.addEventListener("drop", (event) => {
    if (dragged) event.preventDefault();
  });

  list.addEventListener("dragend", () => {
    if (!dragged) return;
    const item = dragged;
    dragged = null;
    item.classList.remove("dragging");
    item.draggable = false;
    if (order() !== orderBefore) saveOrder(item);
  });
})();
