// Small enhancements on top of pages that work without JavaScript.
(function () {
  "use strict";

  // Ask before destructive actions: <form data-confirm="Really withdraw?">.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
      // Captured at the document, so the form's own listeners (htmx's hx-post) never see it.
      event.stopPropagation();
    }
  }, true);

  // htmx 2 does not swap most error responses: tell the user instead of failing silently.
  document.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr.status;
    var region = document.getElementById("htmx-status");
    if (region) {
      region.textContent = status === 403 || status === 404
        ? "That is not available to you any more. Reload the page."
        : "Your change could not be saved (" + status + "). Reload the page and try again.";
    }
  });
  document.addEventListener("htmx:sendError", function () {
    var region = document.getElementById("htmx-status");
    if (region) {
      region.textContent = "No connection: your change was not saved yet. Try again when you are online.";
    }
  });
})();
