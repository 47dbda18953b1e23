// Paper Atlas: the all-papers table of papers/index.md, drawn by Tabulator
// (assets/vendor/tabulator/, vendored: nothing comes from a CDN).
//
// The page's HTML holds only the first rows; this script loads Tabulator and
// the whole table from papers/table.json (written by generator/exports.py:
// one row per paper, [title, slug, date number, upvotes, topic indexes,
// authors, has code (1/0), GitHub stars]),
// then sorts, filters and paginates in the browser: the page stays small
// however big the corpus grows. Tabulator is loaded only on such a page.
(function () {
  "use strict";

  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  var PAGE_SIZE = 50;
  var VENDOR = new URL("vendor/tabulator/", document.currentScript.src);
  var library = null;

  // The same rule as simple_slug() in generator/exports.py; a number in the
  // slug column says how many characters of that slug the paper's slug is.
  function simpleSlug(title) {
    return title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  }

  function slugOf(row) {
    return typeof row[1] === "number" ? simpleSlug(row[0]).slice(0, row[1]) : row[1];
  }

  // 1YYYYMMDD, year 9999 when the listing gave none, 0 without a date.
  function dateText(n) {
    if (!n) return "";
    var day = n % 100, month = Math.floor(n / 100) % 100, year = Math.floor(n / 10000) % 10000;
    return MONTHS[month - 1] + " " + day + (year === 9999 ? "" : ", " + year);
  }

  function loadLibrary() {
    if (!library) {
      library = new Promise(function (resolve, reject) {
        var css = document.createElement("link");
        css.rel = "stylesheet";
        css.href = new URL("tabulator_simple.min.css", VENDOR).href;
        document.head.appendChild(css);
        var js = document.createElement("script");
        js.src = new URL("tabulator.min.js", VENDOR).href;
        js.onload = function () { resolve(window.Tabulator); };
        js.onerror = function () { reject(new Error("cannot load " + js.src)); };
        document.head.appendChild(js);
      });
    }
    return library;
  }

  function text(value) {
    return document.createTextNode(value == null ? "" : String(value));
  }

  function titleLink(cell) {
    var a = document.createElement("a");
    a.href = cell.getRow().getData().slug + "/";
    a.textContent = cell.getValue();
    return a;
  }

  // On a narrow screen the columns that do not fit become one line under the title.
  function collapsed(items) {
    var parts = [];
    items.forEach(function (item) {
      if (item.value == null || item.value === "") return;
      if (item.title === "Date") parts.push(dateText(item.value));
      else if (item.title === "Upvotes") parts.push("\u25b2 " + item.value);
      else if (item.title === "Code") { if (item.value) parts.push("code"); }
      else if (item.title === "Stars") parts.push("\u2605 " + item.value);
      else parts.push(String(item.value));
    });
    if (!parts.length) return "";
    var line = document.createElement("div");
    line.className = "pa-table__more";
    line.textContent = parts.join(" \u00b7 ");
    return line;
  }

  // Every word of the query must occur in the title, authors, topics or date; "with code" keeps only those.
  function matcher(query, codeOnly) {
    var words = query.toLowerCase().split(/\s+/).filter(Boolean);
    return function (row) {
      return (!codeOnly || row.code === 1) && words.every(function (w) { return row.haystack.indexOf(w) !== -1; });
    };
  }

  function build(el, Tabulator, doc) {
    var reader = window.PaperAtlasReader; // atlas-reader.js: star and read toggles, read papers dimmed or hidden
    var rows = doc.rows.map(function (r) {
      var topics = r[4].map(function (i) { return doc.topics[i]; }).join(", ");
      var date = dateText(r[2]);
      var authors = r[5] || "";
      return {
        title: r[0], slug: slugOf(r), date: r[2] || null, upvotes: r[3], topics: topics,
        authors: authors, code: r[6] ? 1 : 0, stars: r[7] == null ? null : r[7],
        haystack: (r[0] + " " + authors + " " + topics + " " + date).toLowerCase(),
      };
    });
    var filter = document.createElement("input");
    filter.type = "search";
    filter.className = "pa-table__filter";
    filter.placeholder = "Filter by title, author, topic or date";
    filter.setAttribute("aria-label", "Filter the papers");
    var codeLabel = document.createElement("label");
    codeLabel.className = "pa-table__code";
    var codeBox = document.createElement("input");
    codeBox.type = "checkbox";
    codeBox.name = "pa-has-code";
    codeLabel.append(codeBox, " Only papers with code");
    var count = document.createElement("p");
    count.className = "pa-table__count";
    count.setAttribute("aria-live", "polite");
    var host = document.createElement("div");
    el.replaceChildren(filter, codeLabel, count, host);
    if (reader) {
      el.insertBefore(reader.storageNote(), count);
      el.insertBefore(reader.readModeControl(), count);
      reader.readable(el);
      reader.showStorageNotes();
    }

    var table = new Tabulator(host, {
      data: rows,
      layout: "fitColumns",
      responsiveLayout: "collapse",
      responsiveLayoutCollapseStartOpen: true,
      responsiveLayoutCollapseUseFormatters: false,
      responsiveLayoutCollapseFormatter: collapsed,
      pagination: true,
      paginationSize: PAGE_SIZE,
      paginationCounter: "rows",
      initialSort: [{ column: "title", dir: "asc" }],
      rowFormatter: function (row) {
        if (reader) row.getElement().classList.toggle("pa-is-read", reader.isRead(row.getData().slug));
      },
      columns: [
        reader && { title: "Mine", field: "slug", headerSort: false, width: 76, responsive: 0, cssClass: "pa-table__marks",
          formatter: function (c) { return reader.toggles(c.getValue(), c.getRow().getData().title, true); } },
        { title: "Title", field: "title", sorter: "string", formatter: titleLink, minWidth: 250, widthGrow: 4, responsive: 0 },
        { title: "Date", field: "date", sorter: "number", formatter: function (c) { return text(dateText(c.getValue())); },
          width: 110, responsive: 1, sorterParams: { alignEmptyValues: "bottom" } },
        { title: "Upvotes", field: "upvotes", sorter: "number", hozAlign: "right", width: 100, responsive: 2,
          formatter: function (c) { return text(c.getValue()); }, sorterParams: { alignEmptyValues: "bottom" } },
        { title: "Authors", field: "authors", sorter: "string", formatter: function (c) { return text(c.getValue()); },
          widthGrow: 2, minWidth: 140, responsive: 4 },
        { title: "Code", field: "code", sorter: "number", hozAlign: "center", width: 80, responsive: 5,
          formatter: function (c) { return text(c.getValue() ? "\u2713" : ""); } },
        { title: "Stars", field: "stars", sorter: "number", hozAlign: "right", width: 80, responsive: 6,
          formatter: function (c) { return text(c.getValue()); }, sorterParams: { alignEmptyValues: "bottom" } },
        { title: "Topics", field: "topics", sorter: "string", formatter: function (c) { return text(c.getValue()); },
          widthGrow: 2, minWidth: 160, responsive: 3 },
      ].filter(Boolean),
    });
    function showCount() {
      var n = table.getDataCount("active");
      count.textContent = n === rows.length ? rows.length + " papers" : n + " of " + rows.length + " papers match";
    }
    var timer = null;
    filter.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(refilter, 120);
    });
    codeBox.addEventListener("change", refilter);
    // The typed words, papers with code only, and the read papers when the reader hides them.
    function refilter() {
      var q = filter.value.trim();
      var hide = reader && reader.readMode() === "hide";
      var match = q || codeBox.checked ? matcher(q, codeBox.checked) : null;
      if (!match && !hide) table.clearFilter();
      else table.setFilter(function (row) { return (!match || match(row)) && !(hide && reader.isRead(row.slug)); });
    }
    function onMarks(event) {
      if (!el.isConnected) { document.removeEventListener("pa-marks-change", onMarks); return; }
      var slug = event.detail.slug;
      if (slug === null || reader.readMode() === "hide") refilter();
      (slug === null ? table.getRows() : table.searchRows("slug", "=", slug)).forEach(function (r) { r.reformat(); });
    }
    if (reader) document.addEventListener("pa-marks-change", onMarks);
    table.on("dataFiltered", function () { setTimeout(showCount, 0); });
    table.on("tableBuilt", function () {
      showCount();
      el.setAttribute("data-mounted", "ready");
    });
  }

  function mount(el) {
    if (el.getAttribute("data-mounted")) return;
    el.setAttribute("data-mounted", "loading");
    var data = fetch(new URL(el.getAttribute("data-src"), window.location.href)).then(function (response) {
      if (!response.ok) throw new Error(response.status + " " + response.statusText);
      return response.json();
    });
    Promise.all([loadLibrary(), data])
      .then(function (got) { build(el, got[0], got[1]); })
      .catch(function (error) {
        el.setAttribute("data-mounted", "failed");
        var note = document.createElement("p");
        note.className = "pa-table__error";
        note.textContent = "The full table could not be loaded (" + error.message + "); the first rows are shown.";
        el.prepend(note);
      });
  }

  function mountAll() {
    document.querySelectorAll(".pa-table[data-src]").forEach(mount);
  }

  window.PaperAtlasTable = { slugOf: slugOf, dateText: dateText, simpleSlug: simpleSlug };
  // Material's document$ emits for every page, also under instant navigation.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(mountAll);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mountAll);
  } else {
    mountAll();
  }
})();
