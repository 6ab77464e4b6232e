// The join page (/r/<token>/join): submits "Join now" by itself as soon as the page is shown
// to a person, and counts down to the doors' opening. Without script the button and the time
// printed by the server do the same job by hand.
(function () {
  "use strict";

  function joinWhenShown(form) {
    // A page the browser prepares ahead (prerendering) is not a person joining: wait until shown.
    if (document.prerendering) {
      document.addEventListener("prerenderingchange", function () { form.submit(); }, { once: true });
    } else {
      form.submit();
    }
  }

  function pad(number) {
    return (number < 10 ? "0" : "") + number;
  }

  function countDown(element) {
    var end = Date.now() + parseInt(element.getAttribute("data-countdown-seconds"), 10) * 1000;
    var timer = setInterval(function () {
      var left = Math.max(0, Math.round((end - Date.now()) / 1000));
      if (left === 0) {
        clearInterval(timer);
        window.location.reload();  // the doors are open: the page now has "Join now"
        return;
      }
      if (left >= 86400) return;  // days away: the server's "2 days 03:12:05" stays until the last day
      element.textContent = pad(Math.floor(left / 3600)) + ":" + pad(Math.floor((left % 3600) / 60)) + ":" + pad(left % 60);
    }, 1000);
  }

  function start() {
    var form = document.getElementById("join-form");
    if (form && form.hasAttribute("data-auto-join")) joinWhenShown(form);
    document.querySelectorAll("[data-countdown-seconds]").forEach(countDown);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
