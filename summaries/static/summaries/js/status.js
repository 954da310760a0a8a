// Polls the article's JSON status endpoint and updates the progress bar and stage label in place.
// When the job finishes the page reloads once to show the result (or the failure reason).
(function () {
  "use strict";
  var job = document.querySelector("[data-status-url]");
  if (!job || job.dataset.finished === "true") {
    return;
  }
  var bar = job.querySelector("[data-progress]");
  var label = job.querySelector("[data-stage-label]");
  var url = job.dataset.statusUrl;
  var delay = 1000;

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, cache: "no-store" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("status " + response.status);
        }
        return response.json();
      })
      .then(function (status) {
        bar.value = status.progress;
        bar.textContent = status.progress + "%";
        label.textContent = status.stage_label;
        job.dataset.status = status.status;
        if (status.finished) {
          window.location.reload();
          return;
        }
        delay = 1000;
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
