// Matrix cells are plain links to the matrix page with the cell opened (works without JavaScript). With it, a click
// loads only the cell's evidence panel (/matrix/cell) through htmx and records the full URL in the history.
(function () {
  "use strict";
  document.addEventListener("click", function (evt) {
    var link = evt.target.closest("table.matrix td.cell a");
    if (!link || evt.button !== 0 || evt.ctrlKey || evt.metaKey || evt.shiftKey || !window.htmx) return;
    evt.preventDefault();
    var url = link.getAttribute("href");
    htmx.ajax("GET", url.replace(/^\/matrix\?/, "/matrix/cell?"), { target: "#evidence" }).then(function () {
      history.pushState({}, "", url);
    });
  });
  window.addEventListener("popstate", function () { window.location.reload(); });
})();
