// Inside the embedded registration form: tell the host page how tall the form is, so its frame
// fits without a scroll bar (the host page runs embed-host.js). Only a number is sent.
(function () {
  "use strict";
  if (window.parent === window) return;
  var last = 0;
  function report() {
    var height = Math.ceil(document.documentElement.scrollHeight);
    if (height !== last) {
      last = height;
      window.parent.postMessage({ type: "webinars:height", height: height }, "*");
    }
  }
  window.addEventListener("load", report);
  window.addEventListener("resize", report);
  if (window.ResizeObserver) new ResizeObserver(report).observe(document.documentElement);
  document.addEventListener("toggle", report, true);
})();
