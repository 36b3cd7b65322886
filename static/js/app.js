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

  var region = document.getElementById("htmx-status");

  // Messages come translated from the page: data-text-<key>="… {name} …" on #htmx-status.
  function text(key, values) {
    return ((region && region.getAttribute("data-text-" + key)) || "").replace(/\{(\w+)\}/g, function (match, name) {
      return values && name in values ? String(values[name]) : match;
    });
  }

  function say(key, status) {
    if (region) {
      region.textContent = text(key, {status: status});
    }
  }

  // A save with a status element of its own (data-save-status, the request's target) is told about in
  // place: "Saving…" from the moment it is asked for, then the server's fragment, or why it was not
  // saved. The fields are never swapped, so what the person entered stays on the page.
  function statusOf(event) {
    var target = event.detail && event.detail.target;
    return target && target.hasAttribute && target.hasAttribute("data-save-status") ? target : null;
  }

  // Written into the status's first line, which is always there, so nothing below it moves as a
  // save starts (a click that blurred a comment still lands on its button). An error replaces the
  // rest too: what is stored no longer matches what the page shows.
  function show(status, state, message, retry) {
    var line = status.querySelector(".save-line");
    if (!line) {
      line = document.createElement("p");
      status.prepend(line);
    }
    line.className = "save-line " + state;
    line.textContent = message;
    if (state === "error") {
      status.replaceChildren(line);
    }
    status.className = status.className.replace(/(^|\s)status-\S+/g, "").trim() + " status-" + state;
    if (retry) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "link-button";
      button.textContent = text("retry");
      button.addEventListener("click", function () { retry(status); });
      line.append(" ", button);
    }
  }

  // Saving again sends every field of the part (its hx-params), so any of its saving fields will do.
  function retry(status) {
    var part = document.querySelector('[hx-target="#' + status.id + '"]');
    var field = part && part.querySelector("textarea[hx-post], [hx-post]");
    if (field) {
      htmx.trigger(field, "change");
    }
  }

  function saving(event) {
    var status = statusOf(event);
    if (status) {
      show(status, "saving", text("saving"));
    }
  }
  document.addEventListener("htmx:confirm", saving);
  document.addEventListener("htmx:beforeRequest", saving);

  // The message of an error page or fragment (errors/_error.html), or of any element marked as an error.
  function messageIn(doc) {
    var line = doc.querySelector("#error p, .error");
    return line ? line.textContent.trim() : "";
  }

  function parse(html) {
    return new DOMParser().parseFromString(html || "", "text/html");
  }

  // The part's own status fragment, in whatever state the server rendered it, or null.
  function ownStatus(doc, status) {
    var own = doc.getElementById(status.id);
    return own && own.hasAttribute("data-save-status") ? own : null;
  }

  function notSaved(status, doc, code) {
    var message = messageIn(doc);
    show(status, "error", message ? text("not-saved", {message: message}) : text("not-saved-code", {status: code}),
         retry);
  }

  // An answer htmx would swap that is not the part's own status (an error page, say) must not replace
  // it: the status says the change was not saved, with the answer's message.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = statusOf(event);
    if (!status || !event.detail.shouldSwap) {
      return;
    }
    var doc = parse(event.detail.serverResponse);
    if (!ownStatus(doc, status)) {
      event.detail.shouldSwap = false;
      notSaved(status, doc, event.detail.xhr.status);
    }
  });

  // htmx 2 does not swap most error responses: tell the user instead of failing silently.
  document.addEventListener("htmx:responseError", function (event) {
    var code = event.detail.xhr.status;
    var status = statusOf(event);
    if (!status) {
      say(code === 403 || code === 404 ? "gone" : "failed", code);
      return;
    }
    var doc = parse(event.detail.xhr.responseText);
    var own = ownStatus(doc, status);
    if (own) {
      status.replaceWith(document.importNode(own, true));  // the part's own status, in its error state
    } else {
      notSaved(status, doc, code);
    }
  });
  document.addEventListener("htmx:sendError", function (event) {
    var status = statusOf(event);
    if (status) {
      show(status, "error", text("not-saved-offline"), retry);
    } else {
      say("offline", "");
    }
  });
  document.addEventListener("htmx:timeout", function (event) {
    var status = statusOf(event);
    if (status) {
      show(status, "error", text("not-saved-timeout"), retry);
    } else {
      say("offline", "");
    }
  });

  // "Saved" is about what was sent: if the part has changed since, its next save is on the way.
  function currentValue(name) {
    var fields = document.getElementsByName(name);
    for (var i = 0; i < fields.length; i += 1) {
      if (fields[i].type !== "radio" || fields[i].checked) {
        return fields[i].value;
      }
    }
    return fields.length ? "" : null;
  }

  document.addEventListener("htmx:afterRequest", function (event) {
    var sent = event.detail.successful && statusOf(event) && event.detail.requestConfig.formData;
    var status = sent && document.getElementById(event.detail.target.id);
    if (!status || !status.querySelector(".saved")) {
      return;
    }
    for (var [name, value] of sent.entries()) {
      var now = currentValue(name);
      if (now !== null && now !== value) {
        show(status, "saving", text("saving"));
        return;
      }
    }
  });

  // A list refreshed in place says how many results it now has, politely.
  document.addEventListener("htmx:afterSwap", function (event) {
    var count = event.detail.elt && event.detail.elt.querySelector && event.detail.elt.querySelector(".result-count");
    var announcer = document.getElementById("announcer");
    if (count && announcer) {
      announcer.textContent = count.textContent.trim();
    }
  });

  // A table wider than the screen scrolls in its own box; while it does, the box takes the keyboard's
  // focus (arrow keys scroll it) and is named by the table's caption. Boxes the page made focusable
  // itself are left as they are.
  var captions = 0;
  function fitTables() {
    document.querySelectorAll(".table-scroll").forEach(function (box) {
      var ours = box.hasAttribute("data-scroll-focus");
      if (box.hasAttribute("tabindex") && !ours) {
        return;
      }
      if (box.scrollWidth > box.clientWidth + 1) {
        var caption = box.querySelector("caption");
        box.setAttribute("tabindex", "0");
        box.setAttribute("data-scroll-focus", "");
        if (caption) {
          caption.id = caption.id || "table-caption-" + (++captions);
          box.setAttribute("role", "region");
          box.setAttribute("aria-labelledby", caption.id);
        }
      } else if (ours) {
        ["tabindex", "data-scroll-focus", "role", "aria-labelledby"].forEach(function (name) {
          box.removeAttribute(name);
        });
      }
    });
  }
  document.addEventListener("DOMContentLoaded", fitTables);
  document.addEventListener("htmx:afterSettle", fitTables);
  window.addEventListener("resize", fitTables);

  // A page that comes back with errors takes the reader straight to their summary.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.getElementById("error-summary");
    if (summary) {
      summary.focus();
    }
  });

  // A filter box over a long list (data-zone-filter="<select's id>"), there only with JavaScript: the
  // list keeps the options matching every word typed, and the first match is chosen when the chosen one
  // does not match. The chosen option always stays, so the select always sends a value.
  Array.prototype.forEach.call(document.querySelectorAll("[data-zone-filter]"), function (box) {
    var select = document.getElementById(box.getAttribute("data-zone-filter"));
    var input = box.querySelector("input");
    var status = box.querySelector("[role=status]");
    if (!select || !input) {
      return;
    }
    function words(value) {
      return value.toLowerCase().replace(/_/g, " ").split(/\s+/).filter(Boolean);
    }
    function matches(option, wanted) {
      var text = (option.value + " " + option.text).toLowerCase().replace(/_/g, " ");
      return wanted.every(function (word) { return text.indexOf(word) !== -1; });
    }
    box.hidden = false;
    input.addEventListener("input", function () {
      var wanted = words(input.value);
      var options = Array.prototype.slice.call(select.options);
      var found = options.filter(function (option) { return matches(option, wanted); });
      if (found.length && found.indexOf(select.options[select.selectedIndex]) === -1) {
        select.value = found[0].value;
        select.dispatchEvent(new Event("change", {bubbles: true}));
      }
      options.forEach(function (option) {
        option.hidden = !option.selected && found.indexOf(option) === -1;
      });
      Array.prototype.forEach.call(select.querySelectorAll("optgroup"), function (group) {
        group.hidden = Array.prototype.every.call(group.children, function (option) { return option.hidden; });
      });
      var chosen = select.options[select.selectedIndex];
      status.textContent = !wanted.length ? "" : (found.length ? box.getAttribute("data-text-chosen")
        : box.getAttribute("data-text-none")).replace("{zone}", chosen ? chosen.text : "").replace("{query}", input.value);
    });
  });
})();
