// Grounding display: pointing at or focusing a sentence highlights its counterpart(s).
// Source and translation share data-pair; a summary sentence lists its sources in data-sources.
// Listeners sit on the document, so sentences inserted later (a result arriving live) work too.
(function () {
  "use strict";
  var SELECTOR = "[data-pair], [data-sources]";

  function targetsFor(element) {
    if (element.dataset.pair !== undefined) {
      return document.querySelectorAll('[data-pair="' + element.dataset.pair + '"]');
    }
    var found = [element];
    (element.dataset.sources || "").split(" ").filter(Boolean).forEach(function (id) {
      document.querySelectorAll('[data-pair="' + id + '"]').forEach(function (node) { found.push(node); });
    });
    return found;
  }

  function handler(on) {
    return function (event) {
      var element = event.target.closest && event.target.closest(SELECTOR);
      if (!element || (event.relatedTarget && element.contains(event.relatedTarget))) {
        return;
      }
      targetsFor(element).forEach(function (node) { node.classList.toggle("highlight", on); });
    };
  }

  document.addEventListener("mouseover", handler(true));
  document.addEventListener("mouseout", handler(false));
  document.addEventListener("focusin", handler(true));
  document.addEventListener("focusout", handler(false));
})();
