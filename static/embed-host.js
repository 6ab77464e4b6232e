// On the organization's own site, beside the <iframe data-webinars-embed> of the registration form:
// sets each frame's height to what the form inside reports. Accepts messages only from the
// frames' own origin, and only a height.
(function () {
  "use strict";
  function frames() { return document.querySelectorAll("iframe[data-webinars-embed]"); }
  window.addEventListener("message", function (event) {
    var data = event.data;
    if (!data || data.type !== "webinars:height" || typeof data.height !== "number") return;
    Array.prototype.forEach.call(frames(), function (frame) {
      var origin;
      try { origin = new URL(frame.src, document.baseURI).origin; } catch (error) { return; }
      if (frame.contentWindow === event.source && event.origin === origin) {
        frame.style.height = Math.max(200, Math.min(data.height, 20000)) + "px";
      }
    });
  });
})();
