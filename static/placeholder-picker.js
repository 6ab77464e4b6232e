// Progressive enhancement of the agreement template editor: an Insert button beside each
// placeholder puts it where the cursor is, in the title or the text (whichever was focused
// last), and only the placeholders of the chosen kind of template are listed. Without
// JavaScript the list still shows every placeholder, to type or copy.
(function () {
  "use strict";
  function enhance() {
    var form = document.querySelector(".agreement-template-form");
    if (!form) return;
    var title = form.querySelector("#title");
    var body = form.querySelector("#body");
    var kind = form.querySelector("#kind");
    var target = body;
    [title, body].forEach(function (field) {
      if (field) field.addEventListener("focus", function () { target = field; });
    });

    function insert(field, before, after) {
      var start = field.selectionStart, end = field.selectionEnd;
      var selected = field.value.slice(start, end);
      field.value = field.value.slice(0, start) + before + selected + after + field.value.slice(end);
      var cursor = start + before.length + selected.length;
      field.focus();
      field.setSelectionRange(cursor, cursor);
      field.dispatchEvent(new Event("input", { bubbles: true }));
    }

    document.querySelectorAll(".insert-placeholder").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var closing = button.getAttribute("data-closing");
        if (closing) {
          // The parties' block is for the text only: it wraps the selection, one line per party.
          insert(body, button.getAttribute("data-insert"), closing);
        } else {
          insert(target || body, button.getAttribute("data-insert"), "");
        }
      });
    });

    function showKind() {
      document.querySelectorAll(".placeholder-group").forEach(function (group) {
        group.hidden = group.getAttribute("data-kind") !== kind.value;
      });
    }
    if (kind) {
      kind.addEventListener("change", showKind);
      showKind();
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhance);
  } else {
    enhance();
  }
})();
