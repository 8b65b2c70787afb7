/* noticegen: small enhancements; every page works without them.
   Served from the site itself; makes no request to any other host. */
(function () {
  "use strict";

  // "Which version was in force on <date>?" on the history page.
  function inForce(form) {
    var output = form.querySelector("output");
    form.hidden = false;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var day = form.elements.date.value;  // YYYY-MM-DD sorts as text
      fetch(form.getAttribute("data-versions"))
        .then(function (response) { return response.json(); })
        .then(function (data) {
          var found = data.versions.find(function (v) { return v.effective <= day; });
          output.textContent = "";
          if (!found) {
            output.textContent = "No version of this statement was in force on " + day + ".";
            return;
          }
          var link = document.createElement("a");
          link.href = found.url.replace(data.url, form.getAttribute("data-versions").replace("versions.json", ""));
          link.textContent = "Version " + found.version;
          output.append(link, " was in force on " + day + " (from " + found.effective + ").");
        })
        .catch(function () { output.textContent = "The list of versions could not be loaded."; });
    });
  }

  document.querySelectorAll("form.notice-in-force").forEach(inForce);
})();
