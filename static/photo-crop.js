// The crop preview of a speaker's photo: once a file is chosen, show it with the square the
// pages will show (drag it, move it with the arrow keys, zoom with the slider) and a round
// preview as on the webinar's page. The square goes to the form's hidden fields as fractions
// of the photo (crop_left, crop_top of its width and height; crop_size of its shorter side);
// the server cuts the same square (webinars/speakers/photo_crop.py). Without JavaScript the
// centred square is kept.
(function () {
  "use strict";

  function setUp(input) {
    var box = document.getElementById(input.getAttribute("data-crop-preview"));
    var form = input.form;
    if (!box || !form || !window.FileReader) return;
    var stage = document.getElementById("photo-crop-stage");
    var image = document.getElementById("photo-crop-image");
    var square = document.getElementById("photo-crop-square");
    var zoom = document.getElementById("photo-crop-zoom");
    var preview = document.getElementById("photo-crop-preview");
    var fields = { left: form.elements.crop_left, top: form.elements.crop_top, size: form.elements.crop_size };
    // The square, in fractions of the shown image: left and top (of its width and height), side (of the shorter side).
    var crop = { left: 0, top: 0, size: 1 };

    function shown() { return { width: image.clientWidth, height: image.clientHeight }; }

    function clamp() {
      var natural = { width: image.naturalWidth, height: image.naturalHeight };
      var shorter = Math.min(natural.width, natural.height);
      var side = crop.size * shorter;
      crop.left = Math.min(Math.max(0, crop.left), (natural.width - side) / natural.width);
      crop.top = Math.min(Math.max(0, crop.top), (natural.height - side) / natural.height);
    }

    function render() {
      clamp();
      var size = shown();
      var side = crop.size * Math.min(size.width, size.height);
      square.style.left = crop.left * size.width + "px";
      square.style.top = crop.top * size.height + "px";
      square.style.width = square.style.height = side + "px";
      square.setAttribute("aria-valuetext", Math.round(crop.left * 100) + "%, " + Math.round(crop.top * 100) + "%");
      fields.left.value = crop.left.toFixed(4);
      fields.top.value = crop.top.toFixed(4);
      fields.size.value = crop.size.toFixed(4);
      var natural = { width: image.naturalWidth, height: image.naturalHeight };
      var naturalSide = crop.size * Math.min(natural.width, natural.height);
      var context = preview.getContext("2d");
      context.clearRect(0, 0, preview.width, preview.height);
      context.save();
      context.beginPath();
      context.arc(preview.width / 2, preview.height / 2, preview.width / 2, 0, Math.PI * 2);
      context.clip();
      context.drawImage(image, crop.left * natural.width, crop.top * natural.height, naturalSide, naturalSide,
                        0, 0, preview.width, preview.height);
      context.restore();
    }

    function centre() {
      var natural = { width: image.naturalWidth, height: image.naturalHeight };
      var side = crop.size * Math.min(natural.width, natural.height);
      crop.left = (natural.width - side) / 2 / natural.width;
      crop.top = (natural.height - side) / 2 / natural.height;
    }

    input.addEventListener("change", function () {
      var file = input.files && input.files[0];
      if (!file || !/^image\//.test(file.type)) {
        box.hidden = true;
        fields.left.value = fields.top.value = fields.size.value = "";
        return;
      }
      var reader = new FileReader();
      reader.onload = function () { image.src = reader.result; };  // a data: URL, allowed by the page's policy
      reader.readAsDataURL(file);
    });
    image.addEventListener("load", function () {
      box.hidden = false;
      crop.size = zoom.value / 100;
      centre();
      render();
    });
    image.addEventListener("error", function () { box.hidden = true; });

    zoom.addEventListener("input", function () {
      var before = crop.size;
      crop.size = zoom.value / 100;
      // Zoom around the square's centre.
      var natural = { width: image.naturalWidth, height: image.naturalHeight };
      var shorter = Math.min(natural.width, natural.height);
      crop.left += (before - crop.size) * shorter / 2 / natural.width;
      crop.top += (before - crop.size) * shorter / 2 / natural.height;
      render();
    });

    var dragging = null;
    square.addEventListener("pointerdown", function (event) {
      event.preventDefault();
      dragging = { x: event.clientX, y: event.clientY, left: crop.left, top: crop.top };
      if (square.setPointerCapture) square.setPointerCapture(event.pointerId);
    });
    square.addEventListener("pointermove", function (event) {
      if (!dragging) return;
      var size = shown();
      crop.left = dragging.left + (event.clientX - dragging.x) / size.width;
      crop.top = dragging.top + (event.clientY - dragging.y) / size.height;
      render();
    });
    function stop() { dragging = null; }
    square.addEventListener("pointerup", stop);
    square.addEventListener("pointercancel", stop);
    square.addEventListener("keydown", function (event) {
      var step = 0.02;
      var moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
      var move = moves[event.key];
      if (!move) return;
      event.preventDefault();
      crop.left += move[0];
      crop.top += move[1];
      render();
    });
    window.addEventListener("resize", function () { if (!box.hidden) render(); });
    if (stage) stage.addEventListener("dragstart", function (event) { event.preventDefault(); });
  }

  function enhance() {
    document.querySelectorAll("input[type=file][data-crop-preview]").forEach(setUp);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhance);
  } else {
    enhance();
  }
})();
