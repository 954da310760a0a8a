// The review decision: one form, the action as a choice and one note. The note is required for the actions
// that need a reason (reject, request changes), and its label says so as the choice changes. Without
// JavaScript the server says the same when a reason is missing. Approving a summary with flagged sentences
// needs the "approve anyway" tick, which says how many are flagged: it shows only when Approve is chosen,
// and a submit without it asks the same question first (without JavaScript the server asks it).
(function () {
  "use strict";
  var form = document.querySelector("form[data-decision]");
  if (!form) {
    return;
  }
  var note = form.querySelector("#decision-note");
  var hint = form.querySelector("[data-note-hint]");
  var confirmBox = form.querySelector("[data-confirm-flagged]");
  var confirmInput = confirmBox && confirmBox.querySelector("input[name=confirm]");

  function approving() {
    var chosen = form.querySelector("input[name=action]:checked");
    return Boolean(chosen && chosen.value === "approve");
  }

  function update() {
    var chosen = form.querySelector("input[name=action]:checked");
    var needed = Boolean(chosen && chosen.dataset.needsNote === "true");
    note.required = needed;
    hint.textContent = needed ? hint.dataset.required : hint.dataset.optional;
    if (confirmBox) {
      confirmBox.hidden = !approving() && !confirmBox.classList.contains("has-error");
    }
  }

  form.addEventListener("change", update);
  form.addEventListener("submit", function (event) {
    if (confirmInput && approving() && !confirmInput.checked) {
      if (window.confirm(confirmBox.dataset.question)) {
        confirmInput.checked = true;
      } else {
        event.preventDefault();
      }
    }
  });
  update();
})();
