// The API documentation page (webinars/api/docs.py): Swagger UI, served by the app, on the document
// the app generates. No inline script, so the page's Content-Security-Policy keeps script-src 'self'.
window.addEventListener("DOMContentLoaded", function () {
  var root = document.getElementById("swagger-ui");
  window.SwaggerUIBundle({
    url: root.dataset.specUrl,
    domNode: root,
    deepLinking: true,
    persistAuthorization: false,
  });
});
