/* kegiatan-kg documentation site: language switch and search over labels.
   Works from file:// (no fetch: the index is static/search-index.js, window.KKG_SEARCH). */
(function () {
  "use strict";
  var html = document.documentElement;
  var root = html.getAttribute("data-root") || "";

  function setLang(lang, remember) {
    if (lang !== "id" && lang !== "en") { return; }
    html.setAttribute("data-lang", lang);
    html.setAttribute("lang", lang);
    var buttons = document.querySelectorAll("[data-set-lang]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute("aria-pressed", String(buttons[i].getAttribute("data-set-lang") === lang));
    }
    if (remember) { try { localStorage.setItem("kkg-lang", lang); } catch (e) { /* file:// may refuse */ } }
  }

  function fold(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
  }

  function search(query) {
    var q = fold(query);
    var index = window.KKG_SEARCH || [];
    if (!q) { return []; }
    var found = [];
    for (var i = 0; i < index.length; i++) {
      var entry = index[i], best = 9, match = "";
      for (var k = 0; k < entry.k.length; k++) {
        var name = fold(entry.k[k]);
        var rank = name === q ? 0 : name.indexOf(q) === 0 ? 1 : name.indexOf(q) > 0 ? 2 : 9;
        if (rank < best) { best = rank; match = entry.k[k]; }
      }
      if (best < 9) { found.push({ entry: entry, rank: best, match: match }); }
    }
    found.sort(function (a, b) {
      return a.rank - b.rank || a.entry.i.localeCompare(b.entry.i) || a.entry.h.localeCompare(b.entry.h);
    });
    return found.slice(0, 30);
  }

  function show(results, list) {
    list.textContent = "";
    var lang = html.getAttribute("data-lang");
    results.forEach(function (r) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = root + r.entry.h;
      a.textContent = lang === "en" ? r.entry.e : r.entry.i;
      var label = a.textContent;
      var scheme = document.createElement("span");
      scheme.className = "scheme";
      scheme.textContent = r.entry.s;
      a.appendChild(scheme);
      if (fold(r.match) !== fold(label)) {
        var m = document.createElement("span");
        m.className = "match";
        m.textContent = "(" + r.match + ")";
        a.appendChild(m);
      }
      li.appendChild(a);
      list.appendChild(li);
    });
    if (!results.length) {
      var none = document.createElement("li");
      none.className = "none";
      none.textContent = lang === "en" ? "No concept found" : "Konsep tidak ditemukan";
      list.appendChild(none);
    }
    list.hidden = false;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var stored = null;
    try { stored = localStorage.getItem("kkg-lang"); } catch (e) { stored = null; }
    var fromUrl = (location.search.match(/[?&]lang=(id|en)/) || [])[1];
    setLang(fromUrl || stored || "id", false);
    var buttons = document.querySelectorAll("[data-set-lang]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].addEventListener("click", function () { setLang(this.getAttribute("data-set-lang"), true); });
    }
    var input = document.getElementById("cari");
    var list = document.getElementById("hasil");
    if (!input || !list) { return; }
    input.addEventListener("input", function () {
      if (!input.value.trim()) { list.hidden = true; list.textContent = ""; return; }
      show(search(input.value), list);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        var first = list.querySelector("a");
        if (first) { location.href = first.href; }
      } else if (event.key === "Escape") {
        list.hidden = true;
      } else if (event.key === "ArrowDown") {
        var link = list.querySelector("a");
        if (link) { event.preventDefault(); link.focus(); }
      }
    });
    list.addEventListener("keydown", function (event) {
      var links = Array.prototype.slice.call(list.querySelectorAll("a"));
      var at = links.indexOf(document.activeElement);
      if (event.key === "ArrowDown" && at < links.length - 1) {
        event.preventDefault(); links[at + 1].focus();
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        if (at > 0) { links[at - 1].focus(); } else { input.focus(); }
      } else if (event.key === "Escape") {
        list.hidden = true; input.focus();
      }
    });
  });

  window.KKG = { search: search, setLang: setLang };
})();
