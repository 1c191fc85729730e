/* Show the search box; load MiniSearch, this edition's documents and the search script the
   first time the reader uses it (script elements load from file://, fetch does not). */
(function () {
  var box = document.querySelector(".pk-search");
  if (!box) { return; }
  box.hidden = false;
  var input = box.querySelector("input"), started = false;
  function load() {
    if (started) { return; }
    started = true;
    ["vendor/minisearch.js", box.getAttribute("data-index"), "search.js"].forEach(function (name) {
      var s = document.createElement("script");
      s.async = false;
      s.src = name;
      document.head.appendChild(s);
    });
  }
  input.addEventListener("focus", load);
  input.addEventListener("input", load);
})();
