// Progressive enhancement: next to an event's time in its own zone, show the
// visitor's local time using the browser's Intl API. Without JavaScript the
// page still shows the time in the event's zone, with the zone's name.
(function () {
  "use strict";
  function enhance() {
    var visitorZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    document.querySelectorAll("time[data-visitor-time]").forEach(function (el) {
      var eventZone = el.getAttribute("data-zone");
      if (!visitorZone || visitorZone === eventZone) return;
      var instant = new Date(el.getAttribute("datetime"));
      if (isNaN(instant)) return;
      var lang = document.documentElement.lang || undefined;
      var format = function (zone) {
        try {
          return new Intl.DateTimeFormat(lang, { dateStyle: "full", timeStyle: "short", timeZone: zone }).format(instant);
        } catch (error) {
          return null;  // a zone this browser does not know
        }
      };
      var text = format(visitorZone);
      // Another zone name with the same wall clock then (Paris and Casablanca some winters): nothing to add.
      if (!text || text === format(eventZone)) return;
      var label = el.getAttribute("data-visitor-label") || "";
      var span = document.createElement("span");
      span.className = "visitor-time";
      span.textContent = label + " " + text + " (" + visitorZone + ")";
      el.insertAdjacentElement("afterend", span);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhance);
  } else {
    enhance();
  }
})();
