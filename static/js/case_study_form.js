// The case study form: live word counts, and a draft that saves itself a few seconds after typing
// stops. The form works without this file; it only saves sooner and counts as you type.
(function () {
  "use strict";

  // Words, counted as the server counts them on Submit (lie_review/case_studies/rules.py, count_words,
  // whose docstring is the definition): each Han character is a word; each run of Thai is as many
  // words as the Thai segmenter finds; anything else is split on whitespace, a fragment counting if
  // it holds a letter or digit.
  var TOKEN = /(\p{Script=Han})|(\p{Script=Thai}+)|([^\p{White_Space}\p{Script=Han}\p{Script=Thai}]+)/gu;
  var LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

  function thaiWords(segmenter, run) {
    if (!segmenter) {
      return 1;  // a browser without Intl.Segmenter: the server's count still decides on Submit
    }
    var words = 0;
    for (var segment of segmenter.segment(run)) {
      if (segment.isWordLike) {
        words += 1;
      }
    }
    return words;
  }

  function countWords(text) {
    var words = 0;
    var thai;  // one segmenter a call, made only when the text has Thai
    for (var token of String(text || "").matchAll(TOKEN)) {
      if (token[1]) {
        words += 1;
      } else if (token[2]) {
        if (thai === undefined) {
          thai = typeof Intl.Segmenter === "function" ? new Intl.Segmenter("th", {granularity: "word"}) : null;
        }
        words += thaiWords(thai, token[2]);
      } else if (LETTER_OR_DIGIT.test(token[3])) {
        words += 1;
      }
    }
    return words;
  }
  window.countWords = countWords;

  var AUTOSAVE_DELAY = 3000;
  var SAVE_TIMEOUT = 20000;  // as htmx's timeout (lie_review/__init__.py): no answer by then counts as failed
  var form = document.getElementById("case-study-form");
  if (!form) {
    return;
  }

  // Messages come translated from the page: data-text-<key>="… {name} …".
  function text(key, values) {
    return (form.getAttribute("data-text-" + key) || "").replace(/\{(\w+)\}/g, function (match, name) {
      return values && name in values ? String(values[name]) : match;
    });
  }

  // Word counts
  var announcer = document.getElementById("word-count-announcer");
  var announceTimer = null;

  function labelOf(field) {
    var label = form.querySelector('label[for="' + field.id + '"]');
    return label ? label.textContent.trim() : "";
  }

  function updateCount(field, announce) {
    var counter = document.getElementById(field.id + "-count");
    if (!counter) {
      return;
    }
    var limit = parseInt(counter.getAttribute("data-limit"), 10);
    var words = countWords(field.value);
    var count = text("words", {n: words, limit: limit});
    if (words > limit) {
      count += " · " + text("too-many", {n: words - limit});
    }
    counter.textContent = count;
    counter.classList.toggle("over", words > limit);
    if (announce && announcer) {
      clearTimeout(announceTimer);
      announceTimer = setTimeout(function () {
        announcer.textContent = labelOf(field) + ": " + count;
      }, 1500);
    }
  }

  Array.prototype.forEach.call(form.querySelectorAll("textarea[data-word-limit]"), function (field) {
    updateCount(field, false);
    field.addEventListener("input", function () { updateCount(field, true); });
  });

  // Attachments: refuse a file over the limit before sending it
  var maxBytes = parseInt(form.getAttribute("data-max-bytes"), 10);
  var fileInput = form.querySelector('input[type="file"]');
  if (fileInput) {
    fileInput.addEventListener("change", function () {
      var file = fileInput.files && fileInput.files[0];
      var message = document.getElementById("attachment-client-error");
      if (!message) {
        message = document.createElement("p");
        message.id = "attachment-client-error";
        message.className = "error";
        message.setAttribute("role", "alert");
        fileInput.parentNode.insertBefore(message, fileInput);
      }
      if (file && file.size > maxBytes) {
        message.textContent = text("file-too-large", {name: file.name});
        fileInput.value = "";
      } else {
        message.textContent = "";
      }
    });
  }

  // Autosave
  var versionInput = form.querySelector('input[name="version"]');
  var savedAtInput = form.querySelector('input[name="saved_at"]');
  var timer = null;
  var inFlight = false;
  var dirty = false;
  var changedWhileSaving = false;
  var stopped = form.getAttribute("data-autosave") === "off";
  var leaving = false;
  var afterSave = null;

  function showStatus(node) {
    var current = document.getElementById("save-status");
    if (current && node) {
      current.replaceWith(node);
    }
  }

  function showText(message, state) {
    var current = document.getElementById("save-status");
    if (current) {
      current.className = "save-status save-" + (state || "error");
      current.textContent = message;
    }
  }

  // An error page or fragment's own message (errors/_error.html), so a refusal says why in place.
  function errorMessage(doc) {
    var line = doc.querySelector("#error p");
    return line ? line.textContent.trim() : "";
  }

  // The server stored some texts other than as sent: show what was stored, in the fields not typed in since.
  function showStored(doc, sent) {
    var stored = doc.getElementById("save-adjusted");
    if (!stored) {
      return;
    }
    Array.prototype.forEach.call(stored.content.querySelectorAll("textarea[data-name]"), function (kept) {
      var field = form.elements.namedItem(kept.getAttribute("data-name"));
      if (field && field.value === sent.get(field.name)) {
        field.value = kept.value;
        updateCount(field, false);
      }
    });
  }

  function finish() {
    inFlight = false;
    if (afterSave) {
      var next = afterSave;
      afterSave = null;
      next();
    } else if (changedWhileSaving && !stopped) {
      changedWhileSaving = false;
      schedule();
    }
  }

  function save() {
    clearTimeout(timer);
    if (stopped || !dirty) {
      finish();
      return;
    }
    inFlight = true;
    changedWhileSaving = false;
    showText(text("saving"), "saving");
    var data = new FormData(form);
    data.delete("attachment");
    data.set("action", "save");
    var abort = new AbortController();
    var timeout = setTimeout(function () { abort.abort(); }, SAVE_TIMEOUT);
    // Not form.action: the buttons named "action" shadow that property.
    fetch(form.getAttribute("action"), {
      method: "POST",
      body: data,
      credentials: "same-origin",
      signal: abort.signal,
      headers: {"HX-Request": "true", "HX-Current-URL": window.location.href},
    }).then(function (response) {
      var redirect = response.headers.get("HX-Redirect");
      if (redirect) {
        // The session or form expired: the server kept the text and shows the way back.
        dirty = false;
        leaving = true;
        window.location.assign(redirect);
        return null;
      }
      return response.text().then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var node = doc.getElementById("save-status");
        var message = errorMessage(doc);
        if (response.ok && node) {
          versionInput.value = node.getAttribute("data-version");
          savedAtInput.value = node.getAttribute("data-saved-at");
          dirty = changedWhileSaving;
          showStored(doc, data);
        } else if (response.status === 409 || response.status === 403) {
          stopped = true;  // someone else saved, or the case study is locked: never overwrite silently
        }
        if (node) {
          showStatus(node);
        } else if (message) {
          showText(text("not-saved", {message: message}));
        } else {
          showText(text("failed", {status: response.status}));
        }
      });
    }).catch(function (error) {
      showText(text(error && error.name === "AbortError" ? "timeout" : "offline"));
    }).then(function () {
      clearTimeout(timeout);
      finish();
    });
  }

  function schedule() {
    clearTimeout(timer);
    if (!stopped) {
      timer = setTimeout(save, AUTOSAVE_DELAY);
    }
  }

  function edited(event) {
    if (event.target === fileInput || !event.target.name) {
      return;
    }
    dirty = true;
    if (inFlight) {
      changedWhileSaving = true;
    } else {
      schedule();
    }
  }

  form.addEventListener("input", edited);
  form.addEventListener("change", edited);

  // A save must not race a submit: wait for the autosave in flight, whose new version the submit needs.
  // Other forms on the page (removing an attachment) save the text first.
  document.addEventListener("submit", function (event) {
    if (event.defaultPrevented) {
      return;
    }
    var target = event.target;
    var submitter = event.submitter;
    clearTimeout(timer);
    if (target === form) {
      if (inFlight) {
        event.preventDefault();
        afterSave = function () { form.requestSubmit(submitter); };
        return;
      }
      leaving = true;
      return;
    }
    if ((dirty || inFlight) && !stopped) {
      event.preventDefault();
      afterSave = function () { leaving = true; target.submit(); };
      if (!inFlight) {
        save();
      }
      return;
    }
    leaving = !dirty;  // unsaved text that cannot be saved now still gets the browser's warning
  });

  window.addEventListener("beforeunload", function (event) {
    if (!leaving && (dirty || inFlight)) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
