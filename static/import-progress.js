// Progressive enhancement of the attendance page: while a report is being imported by the
// worker, ask for its progress every few seconds and show it; when it is finished, reload
// the page to show what it changed. Without JavaScript the Refresh link does the same.
(function () {
  "use strict";
  var INTERVAL_MS = 2000;
  function follow(row) {
    var url = row.getAttribute("data-status-url");
    var message = row.querySelector(".import-message");
    function ask() {
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.json();
        })
        .then(function (progress) {
          if (progress.finished) {
            window.location.reload();
            return;
          }
          message.textContent = progress.message;
          window.setTimeout(ask, INTERVAL_MS);
        })
        .catch(function () {
          window.setTimeout(ask, INTERVAL_MS * 5); // the server is busy or away: ask again later
        });
    }
    window.setTimeout(ask, INTERVAL_MS);
  }
  function enhance() {
    document.querySelectorAll(".import-progress[data-status-url]").forEach(follow);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhance);
  } else {
    enhance();
  }
})();
