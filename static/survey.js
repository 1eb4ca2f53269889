// Enhancements only: every page works without this file.
// A "slower" control for BSL videos, for people who need signing slowed down.
(function () {
  "use strict";
  document.querySelectorAll("video[data-survey-bsl]").forEach(function (video) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "govuk-button govuk-button--secondary survey-bsl__slower";
    button.setAttribute("aria-pressed", "false");
    button.textContent = document.documentElement.dataset.slowerLabel || "Play slower";
    button.addEventListener("click", function () {
      var slow = video.playbackRate === 1;
      video.playbackRate = slow ? 0.75 : 1;
      button.setAttribute("aria-pressed", slow ? "true" : "false");
    });
    video.parentNode.insertBefore(button, video.nextSibling);
  });
})();
