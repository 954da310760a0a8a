// Copy-to-clipboard buttons: <button data-copy="BLOCK_ID"> copies the text of the element with that id.
// Buttons are hidden in the HTML and shown here, so pages without JavaScript show no dead buttons.
(function () {
  "use strict";

  function reveal() {
    document.querySelectorAll("button[data-copy]").forEach(function (button) {
      var source = document.getElementById(button.dataset.copy);
      button.hidden = false;
      button.disabled = !source || !source.innerText.trim();  // nothing to copy: say so, do not pretend
    });
  }

  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = document.execCommand("copy");
    document.body.removeChild(area);
    return ok ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  function announce(button, key) {
    var status = button.parentElement.querySelector(".copy-status");
    if (status) {
      status.textContent = status.dataset[key] || "";
    }
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[data-copy]");
    if (!button) {
      return;
    }
    var source = document.getElementById(button.dataset.copy);
    if (!source) {
      return;
    }
    var text = source.innerText.trim();
    if (!text) {
      return;
    }
    var copying = navigator.clipboard && window.isSecureContext ? navigator.clipboard.writeText(text) : fallbackCopy(text);
    copying.then(function () { announce(button, "copied"); }, function () { announce(button, "copyFailed"); });
  });

  reveal();
  document.addEventListener("summaries:updated", reveal);
})();
