/* Search box of the site's pages: MiniSearch over the documents of window.PAKIRAN_SEARCH
   (search-student.js or search-teacher.js), all offline. Results are a list of links; ArrowDown and
   ArrowUp move between the box and the results, Tab moves as usual, Escape clears. */
(function () {
  "use strict";
  var box = document.querySelector(".pk-search");
  var data = window.PAKIRAN_SEARCH;
  if (!box || !data || !window.MiniSearch) { return; }
  var input = box.querySelector("input");
  var list = box.querySelector(".pk-results");
  var status = box.querySelector(".pk-search-status");
  var docs = data.documents;
  var MAX = 20;

  function fold(term) {
    return term.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  var search = new window.MiniSearch({
    fields: ["title", "section", "text"],
    idField: "id",
    processTerm: function (term) { var t = fold(term); return t.length > 1 ? t : null; },
    searchOptions: {
      boost: { section: 3, title: 1.5 },
      boostDocument: function (id) { return docs[id].page.indexOf("data/") === 0 ? 0.5 : 1; },   // reports first
      combineWith: "AND",
      prefix: function (term, i, terms) { return i === terms.length - 1 && term.length > 1; },
      fuzzy: function (term) { return term.length > 5 ? 0.15 : false; }
    }
  });
  search.addAll(docs);
  window.PAKIRAN_INDEX = search;       // for the benchmark (benchmarks/bench_search.py)

  function snippet(text, terms) {
    var folded = fold(text);
    var at = -1, len = 0;
    terms.forEach(function (t) {
      var re = new RegExp("(^|[^\\p{L}\\p{N}])(" + t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + ")", "u");
      var m = re.exec(folded);
      if (m && (at < 0 || m.index + m[1].length < at)) { at = m.index + m[1].length; len = m[2].length; }
    });
    var span = document.createElement("span");
    span.className = "pk-result-snippet";
    if (at < 0) { span.textContent = text.slice(0, 160) + (text.length > 160 ? "…" : ""); return span; }
    var start = Math.max(0, at - 70), end = Math.min(text.length, at + len + 90);
    var mark = document.createElement("mark");
    mark.textContent = text.slice(at, at + len);
    span.appendChild(document.createTextNode((start > 0 ? "…" : "") + text.slice(start, at)));
    span.appendChild(mark);
    span.appendChild(document.createTextNode(text.slice(at + len, end) + (end < text.length ? "…" : "")));
    return span;
  }

  function href(doc) {
    return doc.page + (doc.anchor ? "#" + encodeURIComponent(doc.anchor) : "");
  }

  var shown = null;  // the query whose results are on screen: the same query is not drawn again

  function show(query) {
    query = query.trim();
    if (query === shown) { return; }
    shown = query;
    list.textContent = "";
    if (!query) { status.textContent = ""; return; }
    var results = search.search(query);
    status.textContent = results.length ? (results.length > MAX ? "First " + MAX + " of " + results.length + " results"
      : results.length + (results.length === 1 ? " result" : " results")) : "No results for “" + query + "”";
    results.slice(0, MAX).forEach(function (r) {
      var doc = docs[r.id];
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = href(doc);
      var where = document.createElement("span");
      where.className = "pk-result-where";
      var page = document.createElement("strong");
      page.textContent = doc.title;
      where.appendChild(page);
      if (doc.section && doc.section !== doc.title) { where.appendChild(document.createTextNode(" › " + doc.section)); }
      a.appendChild(where);
      a.appendChild(snippet(doc.text, r.terms.map(fold)));
      li.appendChild(a);
      list.appendChild(li);
    });
  }

  function links() { return Array.prototype.slice.call(list.querySelectorAll("a")); }

  function clear() {
    input.value = "";
    show("");
    input.focus();
  }

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { timer = null; show(input.value); }, 60);
  });
  box.addEventListener("keydown", function (event) {
    if (timer !== null && event.target === input) {  // keys pressed right after typing act on the final results
      clearTimeout(timer);
      timer = null;
      show(input.value);
    }
    var all = links(), i = all.indexOf(document.activeElement);
    if (event.key === "Escape") {
      event.preventDefault();
      clear();
    } else if (event.key === "ArrowDown" && all.length) {
      event.preventDefault();
      all[Math.min(i + 1, all.length - 1)].focus();
    } else if (event.key === "ArrowUp" && i >= 0) {
      event.preventDefault();
      if (i === 0) { input.focus(); } else { all[i - 1].focus(); }
    } else if (event.key === "Enter" && event.target === input && all.length) {
      event.preventDefault();
      all[0].click();
    }
  });
  window.PAKIRAN_SHOW = show;
  box.setAttribute("data-ready", "1");
  show(input.value);
})();
