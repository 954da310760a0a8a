// The review decision: one form, the action as a choice and one note. The note is required for the actions
// that need a reason (reject, request changes), and its label says so as the choice changes. Without
// JavaScript the server says the same when a reason is missing.
(function () {
  "use strict";
  var form = document.querySelector("form[data-decision]");
  if (!form) {
    return;
  }
  var note = form.querySelector("#decision-note");
  var hint = form.querySelector("[data-note-hint]");

  function update() {
    var chosen = form.querySelector("input[name=action]:checked");
    var needed = Boolean(chosen && chosen.dataset.needsNote === "true");
    note.required = needed;
    hint.textContent = needed ? hint.dataset.required : hint.dataset.optional;
  }

  form.addEventListener("change", update);
  update();
})();
