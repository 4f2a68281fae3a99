// Manual coding on the document page: text selected in the document becomes a statement's evidence or condition.
// Offsets are counted in Unicode code points of the document text, as the server counts them.
(function () {
  "use strict";
  var box, last = null;
  var spans = { evidence: [], condition: [] };

  function codePoints(text, i) { return Array.from(text.slice(0, i)).length; }

  // The selection inside the document as [start, end] in code points, trimmed of surrounding whitespace.
  function selected() {
    var sel = window.getSelection();
    if (!sel || !sel.rangeCount || sel.isCollapsed) return null;
    var r = sel.getRangeAt(0);
    if (!box.contains(r.startContainer) || !box.contains(r.endContainer)) return null;
    var pre = document.createRange();
    pre.selectNodeContents(box);
    pre.setEnd(r.startContainer, r.startOffset);
    var text = box.textContent, s = pre.toString().length, e = s + r.toString().length;
    while (s < e && /\s/.test(text[s])) s++;
    while (e > s && /\s/.test(text[e - 1])) e--;
    if (s >= e) return null;
    return [codePoints(text, s), codePoints(text, e)];
  }

  function slice(pair) { return Array.from(box.textContent).slice(pair[0], pair[1]).join(""); }
  function format(list) { return list.map(function (p) { return p[0] + "-" + p[1]; }).join("; "); }

  function merge(list) {
    list.sort(function (a, b) { return a[0] - b[0]; });
    var out = [];
    list.forEach(function (p) {
      var top = out[out.length - 1];
      if (top && p[0] <= top[1]) top[1] = Math.max(top[1], p[1]); else out.push([p[0], p[1]]);
    });
    return out;
  }

  function show() {
    ["evidence", "condition"].forEach(function (name) {
      var list = spans[name], shown = document.getElementById("code-" + name + "-text");
      document.getElementById("code-" + name).value = format(list);
      shown.textContent = list.length ? list.map(slice).join(" … ") : (name === "evidence" ? "select text" : "none");
      shown.className = list.length ? "" : "empty";
      shown.title = format(list);
    });
  }

  function apply(name, how) {
    if (name === "clear") { spans.evidence = []; spans.condition = []; show(); return; }
    if (!last) return;
    spans[name] = merge(how === "add" ? spans[name].concat([last]) : [last.slice()]);
    if (name === "evidence") {  // a condition lies inside the evidence: keep the parts that still do
      spans.condition = spans.condition.filter(function (c) {
        return spans.evidence.some(function (e) { return e[0] <= c[0] && c[1] <= e[1]; });
      });
    } else if (!spans.evidence.some(function (e) { return e[0] <= last[0] && last[1] <= e[1]; })) {
      spans.evidence = merge(spans.evidence.concat([last.slice()]));  // a condition is part of what was said
    }
    show();
  }

  function init() {
    box = document.getElementById("doctext");
    if (!box) return;
    document.addEventListener("selectionchange", function () {
      var pair = selected();
      if (pair) last = pair;
    });
    var form = document.getElementById("code-form");
    if (form) {
      box.addEventListener("mouseup", function () {
        var pair = selected();
        if (pair) { last = pair; if (!spans.evidence.length) apply("evidence", "set"); }
      });
      form.querySelectorAll("button[data-span]").forEach(function (b) {
        b.addEventListener("mousedown", function (ev) { ev.preventDefault(); });  // keep the text selection
        b.addEventListener("click", function () { apply(b.dataset.span, b.dataset.how); });
      });
      form.addEventListener("submit", function (ev) {
        if (!spans.evidence.length) { ev.preventDefault(); alert("Select the text the statement rests on first."); }
      });
      show();
    }
    // Review forms of the statements below the text: adjust their spans by selecting, too.
    document.querySelectorAll("button.from-selection").forEach(function (b) {
      b.hidden = false;
      b.addEventListener("mousedown", function (ev) { ev.preventDefault(); });
      b.addEventListener("click", function () {
        if (!last) return;
        b.form.querySelector("input[name=" + b.dataset.field + "]").value = last[0] + "-" + last[1];
      });
    });
    window.standpunktCoding = { spans: spans, selected: function () { return last; } };
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
