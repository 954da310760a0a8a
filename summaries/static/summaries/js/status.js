// Live progress on the article page: polls the JSON status endpoint and updates the progress bar, the
// stage label and the waiting notice in place. When the job finishes, the result is fetched and put into the page
// without reloading it (the same HTML the server renders), and focus-free screen readers hear the
// new stage through the aria-live region. Without JavaScript the page refreshes itself (<noscript>).
(function () {
  "use strict";
  var live = document.getElementById("live-result");
  var job = live && live.querySelector("[data-status-url]");
  if (!job || job.dataset.finished === "true") {
    return;
  }
  var url = job.dataset.statusUrl;
  var delay = job.dataset.status === "waiting" ? 5000 : 1000;

  function restart() {
    job = live.querySelector("[data-status-url]");
    if (job && job.dataset.finished !== "true") {
      window.setTimeout(poll, 1000);
    }
  }

  function show(status) {
    var bar = job.querySelector("[data-progress]");
    if (status.indeterminate) {
      bar.removeAttribute("value");  // a bar without a value moves by itself: work is going on
    } else {
      bar.value = status.progress;
    }
    bar.textContent = status.progress + "%";
    job.querySelector("[data-stage-label]").textContent = status.stage_label;
    var notice = job.querySelector("[data-notice]");
    if (notice) {
      notice.textContent = status.notice || "";
      notice.hidden = !status.notice;
    }
    var wasWaiting = job.dataset.status === "waiting";
    job.dataset.status = status.status;
    return wasWaiting !== (status.status === "waiting");
  }

  function showResult() {
    return fetch(window.location.href, { headers: { Accept: "text/html" }, cache: "no-store" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("status " + response.status);
        }
        return response.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("live-result");
        if (!fresh) {
          throw new Error("no result in the page");
        }
        live.replaceChildren.apply(live, Array.prototype.slice.call(fresh.childNodes).map(function (node) {
          return document.importNode(node, true);
        }));
        document.dispatchEvent(new CustomEvent("summaries:updated"));
      });
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, cache: "no-store" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("status " + response.status);
        }
        return response.json();
      })
      .then(function (status) {
        var waitingChanged = show(status);
        if (status.finished || waitingChanged) {
          // Finished, or it started or stopped waiting for its models (the key sentences appear or give
          // way to the result): the page's result area is rendered again from the server.
          return showResult().then(function () {
            if (!status.finished) {
              restart();
            }
          }).catch(function () { window.location.reload(); });
        }
        // A run waiting for its models may wait a long time (a download, or hours offline): ask less often.
        delay = status.status === "waiting" ? 5000 : 1000;
        window.setTimeout(poll, delay);
      })
      .catch(function () {
        // The server may be restarting: back off, keep trying.
        delay = Math.min(delay * 2, 15000);
        window.setTimeout(poll, delay);
      });
  }

  window.setTimeout(poll, delay);
})();
