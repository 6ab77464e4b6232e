// Progressive enhancement of the Compose page: an Insert button beside each placeholder puts it
// where the cursor is, in the subject or the message of its language (whichever was focused last).
// Without JavaScript the list still shows every placeholder, to type or copy.
(function () {
  "use strict";
  function enhance() {
    var form = document.querySelector(".message-form");
    if (!form) return;
    var targets = {};
    ["fr", "en"].forEach(function (language) {
      var subject = form.querySelector("#subject_" + language);
      var body = form.querySelector("#body_" + language);
      targets[language] = body;
      [subject, body].forEach(function (field) {
        if (field) field.addEventListener("focus", function () { targets[language] = field; });
      });
    });
    form.querySelectorAll(".insert-placeholder").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var field = targets[button.getAttribute("data-language")];
        if (!field) return;
        var start = field.selectionStart, end = field.selectionEnd;
        var text = button.getAttribute("data-insert");
        field.value = field.value.slice(0, start) + text + field.value.slice(end);
        field.focus();
        field.setSelectionRange(start + text.length, start + text.length);
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhance);
  } else {
    enhance();
  }
})();
