// The optional hand-drawn signature of the signing page: draw on a canvas with
// a mouse, a finger or a stylus; the drawing goes into the form's hidden field
// as a PNG data URL. Without JavaScript the canvas stays hidden and the typed
// name is enough to sign. The server checks the PNG again (webinars/agreements/signatures.py).
(function () {
  "use strict";

  function setUp(canvas) {
    var field = document.getElementById(canvas.getAttribute("data-target"));
    var clearButton = document.getElementById("signature-clear");
    if (!field || !canvas.getContext) return;
    var context = canvas.getContext("2d");
    var drawing = false;
    var drawn = false;
    var last = null;

    canvas.hidden = false;
    if (clearButton) clearButton.hidden = false;
    context.lineWidth = 2.5;
    context.lineCap = "round";
    context.lineJoin = "round";
    context.strokeStyle = "#1d2433";

    // After a refused submission the field still holds the drawing: show it again.
    if (field.value.indexOf("data:image/png;base64,") === 0) {
      var previous = new Image();
      previous.onload = function () { context.drawImage(previous, 0, 0); drawn = true; };
      previous.src = field.value;
    }

    // The canvas is drawn at its own size (600 x 200) whatever its size on screen.
    function point(event) {
      var box = canvas.getBoundingClientRect();
      return {
        x: (event.clientX - box.left) * (canvas.width / box.width),
        y: (event.clientY - box.top) * (canvas.height / box.height)
      };
    }

    function start(event) {
      event.preventDefault();
      drawing = true;
      last = point(event);
      if (canvas.setPointerCapture && event.pointerId !== undefined) {
        canvas.setPointerCapture(event.pointerId);
      }
      // A dot for a simple tap.
      context.beginPath();
      context.arc(last.x, last.y, context.lineWidth / 2, 0, Math.PI * 2);
      context.fillStyle = context.strokeStyle;
      context.fill();
      drawn = true;
    }

    function move(event) {
      if (!drawing) return;
      event.preventDefault();
      var next = point(event);
      context.beginPath();
      context.moveTo(last.x, last.y);
      context.lineTo(next.x, next.y);
      context.stroke();
      last = next;
      drawn = true;
    }

    function end() {
      if (!drawing) return;
      drawing = false;
      if (drawn) field.value = canvas.toDataURL("image/png");
    }

    canvas.addEventListener("pointerdown", start);
    canvas.addEventListener("pointermove", move);
    canvas.addEventListener("pointerup", end);
    canvas.addEventListener("pointercancel", end);
    canvas.addEventListener("pointerleave", end);

    if (clearButton) {
      clearButton.addEventListener("click", function () {
        context.clearRect(0, 0, canvas.width, canvas.height);
        field.value = "";
        drawn = false;
      });
    }
  }

  function enhance() {
    var canvas = document.getElementById("signature-pad");
    if (canvas) setUp(canvas);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhance);
  } else {
    enhance();
  }
})();
