// Grounding display: pointing at or focusing a sentence highlights its counterpart(s).
// Source and translation share data-pair; a summary sentence lists its sources in data-sources.
(function () {
  "use strict";

  function targetsFor(element) {
    if (element.dataset.pair !== undefined) {
      return document.querySelectorAll('[data-pair="' + element.dataset.pair + '"]');
    }
    var ids = (element.dataset.sources || "").split(" ").filter(Boolean);
    var found = [element];
    ids.forEach(function (id) {
      document.querySelectorAll('[data-pair="' + id + '"]').forEach(function (node) { found.push(node); });
    });
    return found;
  }

  function setHighlight(element, on) {
    targetsFor(element).forEach(function (node) { node.classList.toggle("highlight", on); });
  }

  document.querySelectorAll("[data-pair], [data-sources]").forEach(function (element) {
    ["mouseenter", "focus"].forEach(function (name) {
      element.addEventListener(name, function () { setHighlight(element, true); });
    });
    ["mouseleave", "blur"].forEach(function (name) {
      element.addEventListener(name, function () { setHighlight(element, false); });
    });
  });
})();
