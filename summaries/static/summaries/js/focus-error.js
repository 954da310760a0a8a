// After a refused submit the page comes back with its errors: the focus goes to the first field in error
// (which names its help and error texts in aria-describedby), or else to the form's own error message,
// so a keyboard or screen-reader user lands on what to fix instead of the top of the page.
(function () {
  "use strict";

  var field = document.querySelector("form [aria-invalid=true]");
  var target = field || document.querySelector("form [role=alert]");
  if (!target) {
    return;
  }
  if (!field) {
    target.setAttribute("tabindex", "-1"); // a message is not focusable by itself
  }
  target.focus();
})();
