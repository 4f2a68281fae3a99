// Draws the discourse network with the vendored Cytoscape.js at the positions the server computed (a seeded
// force-directed layout), nodes coloured by community; edge clicks load their statements with htmx.
(function () {
  "use strict";
  var PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf",
                 "#bcbd22", "#393b79", "#637939", "#843c39"];
  var LABEL_LIMIT = 150;  // above this many nodes, labels show when zoomed in
  function colour(edge) {
    var type = edge.type;
    if (type === "congruence" || type === "support") return "#3f9b4f";
    if (type === "conflict" || type === "oppose") return "#c8413b";
    if (type === "conditional") return "#a3b86c";
    if (type === "mixed") return "#d4b000";
    return "#9aa0a6";
  }
  function dashed(edge) { return edge.type === "conditional" || edge.type === "conflict"; }
  function init() {
    var box = document.getElementById("network");
    var data = JSON.parse(document.getElementById("network-data").textContent);
    var base = box.dataset.base, level = box.dataset.level;
    var maxw = Math.max.apply(null, data.edges.map(function (e) { return Math.abs(e.weight); }).concat([1e-9]));
    var maxn = Math.max.apply(null, data.nodes.map(function (n) { return n.statements; }).concat([1]));
    var positioned = data.nodes.length && data.nodes[0].x !== undefined;
    var elements = data.nodes.map(function (n) {
      var c = n.colour || (n.community === null || n.community === undefined ? "#7f8a96"
                                                                              : PALETTE[n.community % PALETTE.length]);
      return { data: { id: n.id, label: n.label, kind: n.kind, community: n.community, colour: c,
                       size: 14 + 30 * Math.sqrt(n.statements / maxn) },
               position: positioned ? { x: n.x, y: n.y } : undefined };
    }).concat(data.edges.map(function (e, i) {
      return { data: { id: "e" + i, source: e.source, target: e.target, weight: e.weight, type: e.type,
                       colour: colour(e), line: dashed(e) ? "dashed" : "solid",
                       width: 1 + 7 * Math.abs(e.weight) / maxw } };
    }));
    var big = data.nodes.length > LABEL_LIMIT;
    var cy = cytoscape({
      container: box, elements: elements, wheelSensitivity: 0.3, hideEdgesOnViewport: data.edges.length > 3000,
      textureOnViewport: data.edges.length > 3000, minZoom: 0.05,
      layout: positioned ? { name: "preset", fit: true } : { name: "cose", animate: false },
      style: [
        { selector: "node", style: { label: "data(label)", width: "data(size)", height: "data(size)",
          "background-color": "data(colour)", "font-size": 10, color: "#1d232a", "min-zoomed-font-size": big ? 8 : 0 } },
        { selector: "node[kind = 'concept']", style: { shape: "round-rectangle", "border-width": 2,
          "border-color": "#a06a00" } },
        { selector: "edge", style: { width: "data(width)", "line-color": "data(colour)", "line-style": "data(line)",
          opacity: big ? 0.35 : 0.75, "curve-style": data.edges.length > 3000 ? "haystack" : "bezier" } },
        { selector: "edge:selected", style: { opacity: 1, "underlay-color": "#1d232a", "underlay-opacity": 0.3,
          "underlay-padding": 3 } },
        { selector: "node.nolabel", style: { label: "" } }
      ]
    });
    window.standpunktNetwork = cy;
    var toggle = document.getElementById("show-labels");
    if (toggle) toggle.addEventListener("change", function () {
      cy.nodes().toggleClass("nolabel", !toggle.checked);
    });
    cy.on("tap", "edge", function (evt) {
      var d = evt.target.data();
      var url = "/network/edge?" + (base ? base + "&" : "") + "source=" + encodeURIComponent(d.source) +
        "&target=" + encodeURIComponent(d.target) + (level && level !== "person" ? "&level=" + level : "");
      htmx.ajax("GET", url, { target: "#edge-panel" });
    });
    cy.on("tap", "node", function (evt) {
      var d = evt.target.data();
      if (level && level !== "person" && d.kind !== "concept") return;  // an aggregate has no timeline of its own
      var key = d.kind === "concept" ? "concept" : "actor";
      window.location.href = "/timeline?" + key + "=" + encodeURIComponent(d.label);
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
