// Draws the discourse network with the vendored Cytoscape.js; edge clicks load their statements with htmx.
(function () {
  "use strict";
  function colour(edge) {
    var type = edge.type;
    if (type === "congruence" || type === "support") return "#3f9b4f";
    if (type === "conflict" || type === "oppose") return "#c8413b";
    if (type === "conditional") return "#8aa53a";
    if (type === "mixed") return "#d4b000";
    return "#9aa0a6";
  }
  function init() {
    var box = document.getElementById("network");
    var data = JSON.parse(document.getElementById("network-data").textContent);
    var base = box.dataset.base;
    var maxw = Math.max.apply(null, data.edges.map(function (e) { return e.weight; }).concat([1]));
    var maxn = Math.max.apply(null, data.nodes.map(function (n) { return n.statements; }).concat([1]));
    var elements = data.nodes.map(function (n) {
      return { data: { id: n.id, label: n.label, kind: n.kind, size: 14 + 30 * Math.sqrt(n.statements / maxn) } };
    }).concat(data.edges.map(function (e, i) {
      return { data: { id: "e" + i, source: e.source, target: e.target, weight: e.weight, type: e.type,
                       colour: colour(e), width: 1 + 7 * e.weight / maxw } };
    }));
    var cy = cytoscape({
      container: box, elements: elements, wheelSensitivity: 0.3,
      layout: { name: data.nodes.length > 300 ? "grid" : "cose", animate: false },
      style: [
        { selector: "node", style: { label: "data(label)", width: "data(size)", height: "data(size)",
          "background-color": "#1f5fa8", "font-size": 10, color: "#1d232a" } },
        { selector: "node[kind = 'concept']", style: { shape: "round-rectangle", "background-color": "#a06a00" } },
        { selector: "edge", style: { width: "data(width)", "line-color": "data(colour)", opacity: 0.75,
          "curve-style": "bezier" } },
        { selector: "edge:selected", style: { opacity: 1, "underlay-color": "#1d232a", "underlay-opacity": 0.3,
          "underlay-padding": 3 } }
      ]
    });
    window.standpunktNetwork = cy;
    cy.on("tap", "edge", function (evt) {
      var d = evt.target.data();
      var url = "/network/edge?" + (base ? base + "&" : "") + "source=" + encodeURIComponent(d.source) +
        "&target=" + encodeURIComponent(d.target);
      htmx.ajax("GET", url, { target: "#edge-panel" });
    });
    cy.on("tap", "node", function (evt) {
      var d = evt.target.data();
      var key = d.kind === "concept" ? "concept" : "actor";
      window.location.href = "/timeline?" + key + "=" + encodeURIComponent(d.label);
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
