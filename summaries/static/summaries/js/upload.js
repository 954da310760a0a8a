// The upload drop zone: files can be dropped on it or picked with its localized button; each file is then
// sent on its own request, with its own progress bar and its own outcome row (accepted or refused, by
// name), so one bad file never costs the others and the selection is never lost. Without JavaScript the
// form posts everything at once and the server lists the outcomes on a page of its own.
(function () {
  "use strict";

  var form = document.querySelector("form.submit-form");
  var zone = form && form.querySelector("[data-drop-zone]");
  if (!zone) {
    return;
  }
  var input = zone.querySelector("input[type=file]");
  var list = form.querySelector("[data-file-list]");
  var results = document.querySelector("[data-upload-results]");
  var words = list.dataset;
  var language = document.documentElement.lang || "en";
  var chosen = [];

  // Sizes as the server writes them (summaries/common/formatting.py size_text): units of 1,024 named KiB,
  // MiB and GiB, the page language's decimal sign, and the byte count's plural form in its words.
  var sizes = JSON.parse(list.dataset.sizes || "{}");

  function sizeText(bytes) {
    var units = sizes.units || [];
    for (var index = 0; index < units.length; index += 1) {
      if (bytes >= units[index][0]) {
        var value = bytes / units[index][0];
        value = value >= 100 ? Math.round(value) : Math.round(value * 10) / 10;
        var number = value.toFixed(Number.isInteger(value) ? 0 : 1).replace(".", sizes.decimal || ".");
        return units[index][1].replace("%(number)s", number);
      }
    }
    var forms = sizes.bytes || {};
    var words = forms[new Intl.PluralRules(language).select(bytes)] || forms.other || "%(count)d";
    return words.replace("%(count)d", String(bytes));
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  function row(name, size) {
    var item = element("li", "outcome pending");
    item.appendChild(element("span", "outcome-icon")).setAttribute("aria-hidden", "true");
    var body = item.appendChild(element("span", "outcome-body"));
    var title = body.appendChild(element("strong"));
    title.appendChild(element("bdi", "", name));
    if (size !== undefined) {
      body.appendChild(element("span", "size", " · " + sizeText(size)));
    }
    body.appendChild(element("span", "outcome-label", " " + words.waiting));
    var bar = item.appendChild(element("progress"));
    bar.max = 100;
    bar.value = 0;
    bar.hidden = true;
    bar.setAttribute("aria-label", words.uploading + " " + name);
    list.appendChild(item);
    return item;
  }

  function show() {
    list.textContent = "";
    chosen.forEach(function (file) {
      file.row = row(file.name, file.size);
    });
  }

  function settle(item, outcome) {
    item.classList.remove("pending");
    item.classList.add(outcome.accepted ? "accepted" : "refused");
    item.querySelector(".outcome-icon").textContent = outcome.accepted ? "✓" : "✗";
    item.querySelector("progress").hidden = true;
    var label = item.querySelector(".outcome-label");
    label.textContent = ": " + outcome.label;
    var body = item.querySelector(".outcome-body");
    if (outcome.url) {
      body.appendChild(document.createTextNode(" — "));
      var link = body.appendChild(element("a", "", outcome.message));
      link.href = outcome.url;
    } else if (outcome.message) {
      body.appendChild(element("span", "reason", outcome.message));
    }
  }

  function send(item, data) {
    return new Promise(function (resolve) {
      var request = new XMLHttpRequest();
      var bar = item.querySelector("progress");
      request.open("POST", form.action);
      request.setRequestHeader("Accept", "application/json");
      request.upload.addEventListener("progress", function (event) {
        if (event.lengthComputable) {
          bar.value = Math.round((100 * event.loaded) / event.total);
        }
      });
      request.addEventListener("load", function () {
        var answer = null;
        try {
          answer = JSON.parse(request.responseText);
        } catch (error) {
          answer = null;
        }
        if (answer && answer.outcomes && answer.outcomes.length) {
          settle(item, answer.outcomes[0]);
        } else {
          settle(item, { accepted: false, label: words.refused, message: (answer && answer.error) || words.failed });
        }
        resolve();
      });
      request.addEventListener("error", function () {
        settle(item, { accepted: false, label: words.refused, message: words.failed });
        resolve();
      });
      bar.hidden = false;
      item.querySelector(".outcome-label").textContent = " " + words.uploading;
      request.send(data);
    });
  }

  // Every item has its outcome: the rows move into the results section, which is shown, scrolled to and
  // announced, and the form is ready for the next files (what was sent is cleared, so it is not sent twice).
  function finish(text) {
    var outcomes = results.querySelector("[data-upload-outcomes]");
    Array.prototype.slice.call(list.children).reverse().forEach(function (item) {
      outcomes.insertBefore(item, outcomes.firstChild);
    });
    chosen = [];
    input.value = "";
    if (text) {
      text.value = "";
    }
    form.querySelector("button[type=submit]").disabled = false;
    results.hidden = false;
    var status = document.querySelector("[data-upload-status]");
    status.textContent = status.dataset.done;
    results.scrollIntoView({ block: "start" });
    results.querySelector("h2").focus({ preventScroll: true });
  }

  function options() {
    var data = new FormData(form);
    data.delete("files");
    data.delete("text");
    return data;
  }

  input.addEventListener("change", function () {
    chosen = Array.prototype.slice.call(input.files);
    show();
  });
  ["dragenter", "dragover"].forEach(function (type) {
    zone.addEventListener(type, function (event) {
      event.preventDefault();
      zone.classList.add("dragging");
    });
  });
  ["dragleave", "drop"].forEach(function (type) {
    zone.addEventListener(type, function () {
      zone.classList.remove("dragging");
    });
  });
  zone.addEventListener("drop", function (event) {
    event.preventDefault();
    chosen = chosen.concat(Array.prototype.slice.call(event.dataTransfer.files));
    show();
  });

  form.addEventListener("submit", function (event) {
    var link = form.querySelector("input[name=url]");
    if (!chosen.length || (link && link.value.trim())) {
      // A paste alone goes the usual way, to its article's page; so does a link, which the server
      // takes only on its own and otherwise answers with the form and the reason.
      return;
    }
    event.preventDefault();
    form.querySelector("button[type=submit]").disabled = true;
    var jobs = [];
    var text = form.querySelector("textarea[name=text]");
    if (text && text.value.trim()) {
      var pasted = row(words.pasted);
      list.insertBefore(pasted, list.firstChild);
      var paste = options();
      paste.append("text", text.value);
      jobs.push(function () { return send(pasted, paste); });
    }
    chosen.forEach(function (file) {
      var data = options();
      data.append("files", file, file.name);
      jobs.push(function () { return send(file.row, data); });
    });
    jobs.reduce(function (done, job) { return done.then(job); }, Promise.resolve()).then(function () {
      finish(text);
    });
  });
})();
