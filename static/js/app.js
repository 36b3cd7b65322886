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

  function say(key, status) {
    var region = document.getElementById("htmx-status");
    if (region) {
      region.textContent = (region.getAttribute("data-text-" + key) || "").replace("{status}", status);
    }
  }

  // htmx 2 does not swap most error responses: tell the user instead of failing silently.
  document.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr.status;
    say(status === 403 || status === 404 ? "gone" : "failed", status);
  });
  document.addEventListener("htmx:sendError", function () {
    say("offline", "");
  });

  // A list refreshed in place says how many results it now has, politely.
  document.addEventListener("htmx:afterSwap", function (event) {
    var count = event.detail.elt && event.detail.elt.querySelector && event.detail.elt.querySelector(".result-count");
    var announcer = document.getElementById("announcer");
    if (count && announcer) {
      announcer.textContent = count.textContent.trim();
    }
  });

  // A page that comes back with errors takes the reader straight to their summary.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.getElementById("error-summary");
    if (summary) {
      summary.focus();
    }
  });
})();
