// Trailers: each is a local still with a play link to the video's own page. With JavaScript,
// a click swaps the still for the privacy-friendly player, so no request reaches the video
// host until the visitor asks for the video.
(() => {
  "use strict";

  for (const facade of document.querySelectorAll("a[data-player]")) {
    facade.addEventListener("click", (event) => {
      event.preventDefault();
      const player = document.createElement("iframe");
      player.src = facade.dataset.player;
      player.title = facade.dataset.playerTitle;
      player.allow = "autoplay; fullscreen; picture-in-picture";
      player.referrerPolicy = "strict-origin-when-cross-origin";
      player.className = "trailer-player";
      facade.replaceWith(player);
      player.focus();
    });
  }
})();
