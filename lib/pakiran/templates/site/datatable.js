/* Sort and filter the rows of a data page, offline. Without scripts the table is shown whole. */
(function () {
  "use strict";
  var table = document.getElementById("pk-rows");
  var form = document.getElementById("pk-filters");
  var count = document.getElementById("pk-count");
  if (!table || !form) { return; }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var total = rows.length;
  function fold(s) { return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }
  var texts = rows.map(function (r) { return fold(r.textContent); });
  form.hidden = false;

  function apply() {
    var selects = form.querySelectorAll("select[data-filter]");
    var from = form.querySelector('[data-year="from"]'), to = form.querySelector('[data-year="to"]');
    var lo = from && from.value ? parseInt(from.value, 10) : -Infinity;
    var hi = to && to.value ? parseInt(to.value, 10) : Infinity;
    var words = fold(form.querySelector("[data-text]").value).split(/\s+/).filter(Boolean);
    var shown = 0;
    rows.forEach(function (row, i) {
      var ok = true;
      selects.forEach(function (s) {
        if (!ok || !s.value) { return; }
        var value = row.getAttribute("data-f-" + s.getAttribute("data-filter")) || "";
        var sep = s.getAttribute("data-separator");
        ok = sep ? value.split(sep).indexOf(s.value) >= 0 : value === s.value;
      });
      if (ok && (lo > -Infinity || hi < Infinity)) {
        var year = parseInt(row.getAttribute("data-year"), 10);
        ok = !isNaN(year) && year >= lo && year <= hi;
      }
      for (var w = 0; ok && w < words.length; w++) { ok = texts[i].indexOf(words[w]) >= 0; }
      row.hidden = !ok;
      if (ok) { shown++; }
    });
    count.textContent = shown === total ? total + " rows." : "Showing " + shown + " of " + total + " rows.";
  }

  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
  form.addEventListener("reset", function () { setTimeout(apply, 0); });

  var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
  heads.forEach(function (th, col) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "pk-sort";
    button.textContent = th.textContent;
    th.textContent = "";
    th.appendChild(button);
    button.addEventListener("click", function () {
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var numeric = th.getAttribute("data-type") === "number";
      var keyed = rows.map(function (row, i) {
        var text = row.cells[col].textContent.trim();
        return { row: row, i: i, empty: text === "", key: numeric ? parseFloat(text) : fold(text) };
      });
      keyed.sort(function (a, b) {
        if (a.empty !== b.empty) { return a.empty ? 1 : -1; }      // empty cells last either way
        var c = numeric ? a.key - b.key : (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
        return (ascending ? c : -c) || a.i - b.i;
      });
      keyed.forEach(function (k) { body.appendChild(k.row); });
    });
  });
})();
