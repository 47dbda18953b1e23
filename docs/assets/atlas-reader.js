// Paper Atlas: the reader's own atlas, kept in this browser only.
//
// - Star and read toggles (real <button>s with aria-pressed) on paper pages
//   (.pa-marks[data-slug]), on topic pages' lists (.pa-list) and in the
//   all-papers table (atlas-table.js asks for them through PaperAtlasReader);
//   read papers shown, dimmed or hidden (a <select> the reader sees).
// - "My list" (.pa-mylist): the starred papers, filterable; export as JSON
//   or BibTeX, import of that JSON (validated and merged).
// - "Papers like this" (.pa-like): the closest papers to any pasted text,
//   from the index generator/reader.py writes under reader/.
//
// Marks live in localStorage under a key holding the site's URL, so two
// atlases on one host never mix. When storage is refused (private mode,
// quota) a note says so and the marks last for this visit only. Corpus
// text only ever reaches the page as textContent.
(function () {
  "use strict";

  var ROOT = new URL("../", document.currentScript.src); // the site root: assets/ is one level down
  var KEY = "paper-atlas:" + ROOT.href;
  var FORMAT = "paper-atlas-marks";
  var SLUG_RE = /^[a-z0-9][a-z0-9-]{0,299}$/;
  var TOKEN_RE = /[a-z][a-z0-9]+/g; // generator/reader.py TOKEN_RE
  var MAX_IMPORT_BYTES = 20 * 1024 * 1024;

  // ------------------------------------------------------------ storage

  var state = { version: 1, marks: {}, read_mode: "show" };
  var storageError = null; // why the marks cannot be kept, once storage refused them

  function validMode(mode) {
    return mode === "show" || mode === "dim" || mode === "hide";
  }

  // Only well-formed marks are taken from storage: a damaged value is not trusted.
  function cleanMarks(marks) {
    var out = {};
    if (!marks || typeof marks !== "object") return out;
    Object.keys(marks).forEach(function (slug) {
      var m = marks[slug];
      if (!SLUG_RE.test(slug) || !m || typeof m !== "object") return;
      var mark = { star: m.star === true, read: m.read === true };
      if (typeof m.title === "string") mark.title = m.title.slice(0, 1000);
      if (mark.star || mark.read) out[slug] = mark;
    });
    return out;
  }

  function load() {
    var raw = null;
    try {
      raw = window.localStorage.getItem(KEY);
    } catch (error) {
      storageError = error;
      return;
    }
    if (!raw) return;
    try {
      var saved = JSON.parse(raw);
      state = { version: 1, marks: cleanMarks(saved.marks), read_mode: validMode(saved.read_mode) ? saved.read_mode : "show" };
    } catch (error) {
      // Unreadable: start afresh but keep the old value where it is (a later save replaces it).
    }
  }

  function save() {
    try {
      window.localStorage.setItem(KEY, JSON.stringify(state));
      storageError = null;
    } catch (error) {
      storageError = error;
    }
    showStorageNotes();
  }

  function showStorageNotes() {
    document.querySelectorAll(".pa-storage-note").forEach(function (note) {
      note.hidden = !storageError;
      note.textContent = storageError
        ? "This browser does not let Paper Atlas keep your stars and read marks (" +
          (storageError.name || "storage error") + ": private browsing, blocked or full storage). " +
          "They work until you leave the site; export My list to keep them."
        : "";
    });
  }

  function storageNote() {
    var note = document.createElement("p");
    note.className = "pa-storage-note";
    note.setAttribute("role", "status");
    note.hidden = true;
    return note;
  }

  function mark(slug) {
    return state.marks[slug] || { star: false, read: false };
  }

  function setMark(slug, name, value, title) {
    var m = state.marks[slug] || { star: false, read: false };
    m[name] = value;
    if (title) m.title = title;
    if (m.star || m.read) state.marks[slug] = m; else delete state.marks[slug];
    save();
    refresh(slug);
  }

  // ------------------------------------------------------------ toggles

  var LABELS = {
    star: { on: "\u2605", off: "\u2606", text: "Star" },
    read: { on: "\u2713", off: "\u25cb", text: "Read" },
  };

  function toggle(slug, title, name, compact) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "pa-toggle pa-toggle--" + name;
    b.setAttribute("data-slug", slug);
    b.setAttribute("data-mark", name);
    if (title) b.setAttribute("data-title", title);
    var icon = document.createElement("span");
    icon.className = "pa-toggle__icon";
    icon.setAttribute("aria-hidden", "true");
    b.appendChild(icon);
    var label = document.createElement("span");
    label.className = compact ? "pa-toggle__label pa-visually-hidden" : "pa-toggle__label";
    label.textContent = LABELS[name].text;
    b.appendChild(label);
    // The title says which paper the button is for wherever many share a page.
    b.title = (name === "star" ? "Star" : "Mark as read") + (title ? ": " + title : "");
    paint(b);
    return b;
  }

  function paint(b) {
    var name = b.getAttribute("data-mark");
    var on = mark(b.getAttribute("data-slug"))[name] === true;
    b.setAttribute("aria-pressed", on ? "true" : "false");
    b.querySelector(".pa-toggle__icon").textContent = on ? LABELS[name].on : LABELS[name].off;
  }

  function toggles(slug, title, compact) {
    var span = document.createElement("span");
    span.className = "pa-toggles";
    span.appendChild(toggle(slug, title, "star", compact));
    span.appendChild(toggle(slug, title, "read", compact));
    return span;
  }

  // Every button and row of ``slug`` (or all) painted again; listeners told.
  function refresh(slug) {
    document.querySelectorAll("button.pa-toggle").forEach(function (b) {
      if (!slug || b.getAttribute("data-slug") === slug) paint(b);
    });
    document.querySelectorAll("[data-pa-slug]").forEach(function (el) {
      if (!slug || el.getAttribute("data-pa-slug") === slug) {
        el.classList.toggle("pa-is-read", mark(el.getAttribute("data-pa-slug")).read);
      }
    });
    applyMode();
    document.dispatchEvent(new CustomEvent("pa-marks-change", { detail: { slug: slug || null } }));
  }

  // One listener for every toggle, also those drawn later (table pages, instant navigation).
  document.addEventListener("click", function (event) {
    var b = event.target.closest && event.target.closest("button.pa-toggle");
    if (!b) return;
    var name = b.getAttribute("data-mark");
    var slug = b.getAttribute("data-slug");
    setMark(slug, name, !mark(slug)[name], b.getAttribute("data-title"));
  });

  // Another tab changed the marks: show them here too.
  window.addEventListener("storage", function (event) {
    if (event.key !== KEY) return;
    load();
    refresh(null);
  });

  // ------------------------------------------------------ read filter

  function readModeControl() {
    var label = document.createElement("label");
    label.className = "pa-readmode";
    label.appendChild(document.createTextNode("Papers marked read: "));
    var select = document.createElement("select");
    select.className = "pa-readmode__select";
    [["show", "shown"], ["dim", "dimmed"], ["hide", "hidden"]].forEach(function (o) {
      var option = document.createElement("option");
      option.value = o[0];
      option.textContent = o[1];
      select.appendChild(option);
    });
    select.value = state.read_mode;
    select.addEventListener("change", function () {
      state.read_mode = validMode(select.value) ? select.value : "show";
      save();
      refresh(null);
    });
    label.appendChild(select);
    return label;
  }

  function applyMode() {
    document.querySelectorAll(".pa-readable").forEach(function (el) {
      el.classList.toggle("pa-readmode-dim", state.read_mode === "dim");
      el.classList.toggle("pa-readmode-hide", state.read_mode === "hide");
    });
    document.querySelectorAll("select.pa-readmode__select").forEach(function (s) {
      if (s.value !== state.read_mode) s.value = state.read_mode;
    });
  }

  // --------------------------------------------- paper and topic pages

  function mountPaper(el) {
    var slug = el.getAttribute("data-slug");
    if (!SLUG_RE.test(slug)) return;
    var h1 = document.querySelector(".md-content h1");
    var title = "";
    if (h1) {
      var copy = h1.cloneNode(true);
      copy.querySelectorAll(".headerlink").forEach(function (a) { a.remove(); });
      title = copy.textContent.trim();
    }
    el.replaceChildren(toggles(slug, title, false), storageNote());
  }

  function slugOfHref(href) {
    var m = /\/papers\/([a-z0-9][a-z0-9-]*)\/(?:index\.html)?$/.exec(new URL(href, window.location.href).pathname);
    return m ? m[1] : null;
  }

  function mountList(el) {
    el.classList.add("pa-readable");
    el.parentNode.insertBefore(readModeControl(), el);
    el.parentNode.insertBefore(storageNote(), el);
    el.querySelectorAll("li").forEach(function (li) {
      var a = li.querySelector("a[href]");
      var slug = a && slugOfHref(a.getAttribute("href"));
      if (!slug) return;
      li.setAttribute("data-pa-slug", slug);
      li.classList.toggle("pa-is-read", mark(slug).read);
      li.insertBefore(toggles(slug, a.textContent, true), li.firstChild);
    });
  }

  // ------------------------------------------------------------ data

  var cache = {};

  function getJSON(path) {
    if (!cache[path]) {
      cache[path] = fetch(new URL(path, ROOT)).then(function (response) {
        if (!response.ok) throw new Error(response.status + " " + response.statusText + " for " + path);
        return response.json();
      });
      cache[path].catch(function () { delete cache[path]; }); // a failed fetch is tried again next time
    }
    return cache[path];
  }

  function meta() {
    return getJSON("reader/meta.json");
  }

  // FNV-1a of the UTF-8 bytes, as generator/reader.py's fnv1a.
  function fnv1a(text) {
    var bytes = new TextEncoder().encode(text);
    var h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) {
      h ^= bytes[i];
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h >>> 0;
  }

  // {slug: card or null (gone)} for the given slugs, one shard fetch per shard.
  function cards(slugs) {
    return meta().then(function (m) {
      var shards = {};
      slugs.forEach(function (s) { shards[fnv1a(s) % m.cards] = true; });
      var ids = Object.keys(shards);
      return Promise.all(ids.map(function (i) { return getJSON("reader/cards/" + i + ".json"); })).then(function (docs) {
        var found = {};
        slugs.forEach(function (s) {
          var doc = docs[ids.indexOf(String(fnv1a(s) % m.cards))];
          var c = Object.prototype.hasOwnProperty.call(doc, s) ? doc[s] : null;
          found[s] = c && { title: c[0], tldr: c[1], topics: c[2].map(function (t) { return m.topics[t]; }), date: c[3], bibtex: c[4] };
        });
        return found;
      });
    });
  }

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text != null) el.textContent = text;
    return el;
  }

  function download(name, type, text) {
    var url = URL.createObjectURL(new Blob([text], { type: type }));
    var a = document.createElement("a");
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 0);
  }

  // ------------------------------------------------------------ My list

  function exportJSON() {
    var papers = Object.keys(state.marks).sort().map(function (slug) {
      var m = state.marks[slug];
      var entry = { slug: slug, star: m.star, read: m.read };
      if (m.title) entry.title = m.title;
      return entry;
    });
    return JSON.stringify({ format: FORMAT, version: 1, site: ROOT.href, papers: papers }, null, 1) + "\n";
  }

  // The marks of an exported file, or an Error saying what is wrong with it.
  function parseImport(text) {
    var doc;
    try {
      doc = JSON.parse(text);
    } catch (error) {
      return new Error("it is not JSON (" + error.message + ")");
    }
    if (!doc || typeof doc !== "object" || Array.isArray(doc)) return new Error("it is not a JSON object");
    if (doc.format !== FORMAT) return new Error('its "format" is not "' + FORMAT + '" (export a file from My list)');
    if (doc.version !== 1) return new Error('its "version" is not 1');
    if (!Array.isArray(doc.papers)) return new Error('it has no "papers" list');
    var marks = {};
    for (var i = 0; i < doc.papers.length; i++) {
      var p = doc.papers[i];
      var where = "papers[" + i + "]";
      if (!p || typeof p !== "object" || Array.isArray(p)) return new Error(where + " is not an object");
      if (typeof p.slug !== "string" || !SLUG_RE.test(p.slug)) return new Error(where + ".slug is not a paper slug");
      if (typeof p.star !== "boolean") return new Error(where + ".star is not true or false");
      if (typeof p.read !== "boolean") return new Error(where + ".read is not true or false");
      if (p.title !== undefined && typeof p.title !== "string") return new Error(where + ".title is not text");
      marks[p.slug] = { star: p.star, read: p.read, title: p.title };
    }
    return marks;
  }

  // Merged: a mark set in either the browser or the file stays set.
  function mergeMarks(marks) {
    var added = 0;
    Object.keys(marks).forEach(function (slug) {
      var m = marks[slug];
      var old = state.marks[slug];
      if (!old && (m.star || m.read)) added++;
      var merged = { star: (old && old.star) || m.star, read: (old && old.read) || m.read };
      var title = (old && old.title) || m.title;
      if (title) merged.title = title.slice(0, 1000);
      if (merged.star || merged.read) state.marks[slug] = merged;
    });
    save();
    refresh(null);
    return added;
  }

  function starred() {
    return Object.keys(state.marks).filter(function (s) { return state.marks[s].star; }).sort();
  }

  function mountMyList(el) {
    var status = element("p", "pa-mylist__status");
    status.setAttribute("role", "status");
    var filter = element("input", "pa-table__filter pa-mylist__filter");
    filter.type = "search";
    filter.placeholder = "Filter by title, TL;DR, topic or date";
    filter.setAttribute("aria-label", "Filter my list");
    var exportJson = element("button", "md-button pa-mylist__export-json", "Export JSON");
    var exportBib = element("button", "md-button pa-mylist__export-bib", "Export BibTeX");
    [exportJson, exportBib].forEach(function (b) { b.type = "button"; });
    // The file input itself takes the focus and the keys, inside a label that looks like a button.
    var importLabel = element("label", "md-button pa-mylist__import");
    var file = element("input", "pa-mylist__file pa-visually-hidden");
    file.type = "file";
    file.accept = "application/json,.json";
    importLabel.append(element("span", null, "Import JSON\u2026"), file);
    var actions = element("p", "pa-mylist__actions");
    actions.append(exportJson, " ", exportBib, " ", importLabel);
    var count = element("p", "pa-table__count pa-mylist__count");
    count.setAttribute("aria-live", "polite");
    var list = element("ul", "pa-mylist__items pa-readable");
    el.replaceChildren(storageNote(), actions, status, filter, count, list);
    showStorageNotes();

    var shown = {}; // slug -> card (or null when gone), for the current stars
    function draw() {
      var slugs = starred();
      var words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
      list.replaceChildren();
      var n = 0;
      slugs.forEach(function (slug) {
        if (!(slug in shown)) return;
        var c = shown[slug];
        var m = state.marks[slug];
        var hay = (c ? [c.title, c.tldr, c.topics.join(" "), c.date || ""].join(" ") : (m.title || "") + " " + slug).toLowerCase();
        if (!words.every(function (w) { return hay.indexOf(w) !== -1; })) return;
        n++;
        var li = element("li", "pa-mylist__item");
        li.setAttribute("data-pa-slug", slug);
        li.classList.toggle("pa-is-read", m.read);
        li.appendChild(toggles(slug, c ? c.title : m.title, true));
        if (c) {
          var a = element("a", "pa-mylist__title", c.title);
          a.href = new URL("papers/" + slug + "/", ROOT).href;
          li.appendChild(a);
          var line = [c.date, c.topics.join(", ")].filter(Boolean).join(" \u00b7 ");
          if (line) li.appendChild(element("span", "pa-mylist__meta", " \u00b7 " + line));
          li.appendChild(element("div", "pa-mylist__tldr", c.tldr));
        } else {
          li.classList.add("pa-mylist__item--gone");
          li.appendChild(element("span", "pa-mylist__title", m.title || slug));
          li.appendChild(element("div", "pa-mylist__gone",
            "Gone: this paper (" + slug + ") is no longer in the atlas. Unstar it to remove it from your list."));
        }
        list.appendChild(li);
      });
      var total = slugs.length;
      count.textContent = total === 0
        ? "No starred papers yet: star a paper (\u2606) on its page or in the papers table."
        : n === total ? total + " starred paper" + (total === 1 ? "" : "s") : n + " of " + total + " starred papers match";
    }

    function load() {
      var slugs = starred().filter(function (s) { return !(s in shown); });
      if (!slugs.length) { draw(); el.setAttribute("data-mounted", "ready"); return Promise.resolve(); }
      return cards(slugs).then(function (found) {
        Object.keys(found).forEach(function (s) { shown[s] = found[s]; });
        draw();
        el.setAttribute("data-mounted", "ready");
      }).catch(function (error) {
        status.textContent = "The papers of your list could not be loaded (" + error.message + ").";
        el.setAttribute("data-mounted", "failed");
      });
    }

    var timer = null;
    filter.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(draw, 100);
    });
    // A star removed here stays listed (to be starred again) until the page is drawn again.
    function onChange(event) {
      if (!el.isConnected) { document.removeEventListener("pa-marks-change", onChange); return; }
      if (event.detail.slug === null) load();
    }
    document.addEventListener("pa-marks-change", onChange);

    exportJson.addEventListener("click", function () {
      download("paper-atlas-marks.json", "application/json", exportJSON());
      status.textContent = "Exported " + Object.keys(state.marks).length + " marked papers as JSON.";
    });
    exportBib.addEventListener("click", function () {
      var slugs = starred();
      cards(slugs).then(function (found) {
        var present = slugs.filter(function (s) { return found[s]; });
        var text = "% Paper Atlas: my list, " + present.length + " papers from Hugging Face Daily Papers listings.\n\n" +
          present.map(function (s) { return found[s].bibtex; }).join("\n");
        download("paper-atlas-my-list.bib", "application/x-bibtex", text);
        var gone = slugs.length - present.length;
        status.textContent = "Exported " + present.length + " BibTeX entries" +
          (gone ? "; " + gone + " gone paper" + (gone === 1 ? " has" : "s have") + " no entry." : ".");
      }).catch(function (error) {
        status.textContent = "The BibTeX entries could not be loaded (" + error.message + ").";
      });
    });
    file.addEventListener("change", function () {
      var f = file.files && file.files[0];
      file.value = "";
      if (!f) return;
      if (f.size > MAX_IMPORT_BYTES) {
        status.textContent = "Not imported: " + f.name + " is too big to be a list exported from My list. Nothing was changed.";
        return;
      }
      f.text().then(function (text) {
        var marks = parseImport(text);
        if (marks instanceof Error) {
          status.textContent = "Not imported: " + f.name + " is not a Paper Atlas list: " + marks.message + ". Nothing was changed.";
          return;
        }
        var added = mergeMarks(marks);
        status.textContent = "Imported " + Object.keys(marks).length + " papers from " + f.name + " (" + added + " new to this browser).";
      });
    });
    load();
  }

  // ---------------------------------------------------- papers like this

  // The text's strongest terms by tf-idf, at most m.query_terms: a term missing from
  // meta.json's commonest terms is rarer than all of them, so its idf is at least theirs.
  function queryTerms(text, m, stop) {
    var counts = {};
    (text.toLowerCase().match(TOKEN_RE) || []).forEach(function (t) {
      if (!stop[t]) counts[t] = (counts[t] || 0) + 1;
    });
    var floor = Infinity;
    Object.keys(m.common).forEach(function (t) { floor = Math.min(floor, m.common[t]); });
    if (floor === Infinity) floor = 1;
    var weight = {};
    Object.keys(counts).forEach(function (t) {
      var known = Object.prototype.hasOwnProperty.call(m.common, t);
      if (!known && m.common_is_all) { delete counts[t]; return; } // in no paper's index: nothing to fetch
      var df = known ? m.common[t] : floor;
      weight[t] = (1 + Math.log(counts[t])) * (Math.log((1 + m.papers) / (1 + df)) + 1);
    });
    return Object.keys(counts).sort(function (a, b) {
      return weight[b] - weight[a] || (a < b ? -1 : a > b ? 1 : 0);
    }).slice(0, m.query_terms).map(function (t) { return [t, counts[t]]; });
  }

  var stopCache = null;

  function similar(text) {
    return meta().then(function (m) {
      if (!stopCache) {
        stopCache = {};
        m.stop_words.forEach(function (w) { stopCache[w] = true; });
      }
      var terms = queryTerms(text, m, stopCache);
      var shardIds = {};
      terms.forEach(function (t) { shardIds[fnv1a(t[0]) % m.terms] = true; });
      var ids = Object.keys(shardIds);
      return Promise.all(ids.map(function (i) { return getJSON("reader/terms/" + i + ".json"); })).then(function (shards) {
        var scores = {}, shared = {}, norm = 0;
        terms.forEach(function (t) {
          var shard = shards[ids.indexOf(String(fnv1a(t[0]) % m.terms))];
          if (!Object.prototype.hasOwnProperty.call(shard, t[0])) return;
          var entry = shard[t[0]];
          var q = (1 + Math.log(t[1])) * (Math.log((1 + m.papers) / (1 + entry[0])) + 1);
          norm += q * q;
          for (var i = 1, doc = 0; i < entry.length; i += 2) {
            doc += entry[i];
            var s = q * entry[i + 1];
            scores[doc] = (scores[doc] || 0) + s;
            (shared[doc] = shared[doc] || []).push([s, t[0]]);
          }
        });
        var top = Object.keys(scores).map(Number).sort(function (a, b) {
          return scores[b] - scores[a] || a - b;
        }).slice(0, m.results);
        var chunks = {};
        top.forEach(function (d) { chunks[Math.floor(d / m.docs_per_chunk)] = true; });
        var chunkIds = Object.keys(chunks);
        return Promise.all(chunkIds.map(function (c) { return getJSON("reader/docs/" + c + ".json"); })).then(function (docs) {
          return top.map(function (d) {
            var c = Math.floor(d / m.docs_per_chunk);
            var row = docs[chunkIds.indexOf(String(c))][d - c * m.docs_per_chunk];
            var terms = shared[d].sort(function (a, b) { return b[0] - a[0]; }).slice(0, 6).map(function (x) { return x[1]; });
            return { slug: row[0], title: row[1], score: scores[d] / m.weight_steps / Math.sqrt(norm || 1), terms: terms };
          });
        });
      });
    });
  }

  function mountLike(el) {
    var form = element("form", "pa-like__form");
    var label = element("label", "pa-like__label", "Text to match (an abstract, a paragraph, a few keywords)");
    label.htmlFor = "pa-like-text";
    var box = element("textarea", "pa-like__text");
    box.id = "pa-like-text";
    box.rows = 8;
    var submit = element("button", "md-button md-button--primary pa-like__submit", "Find papers like this");
    submit.type = "submit";
    form.append(label, box, submit);
    var status = element("p", "pa-like__status");
    status.setAttribute("role", "status");
    var results = element("ol", "pa-like__results");
    el.replaceChildren(form, status, results);
    meta().catch(function () {}); // fetched now, while the reader pastes: a failure is told at the query
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var text = box.value;
      if (!text.trim()) { status.textContent = "Paste or type some text first."; return; }
      var started = performance.now();
      status.textContent = "Comparing\u2026";
      el.removeAttribute("data-ms");
      similar(text).then(function (found) {
        results.replaceChildren();
        found.forEach(function (r) {
          var li = element("li", "pa-like__result");
          var a = element("a", null, r.title);
          a.href = new URL("papers/" + r.slug + "/", ROOT).href;
          li.append(a, element("span", "pa-like__score", " \u00b7 similarity " + r.score.toFixed(2)));
          li.appendChild(element("div", "pa-like__terms", "Shared terms: " + r.terms.join(", ")));
          results.appendChild(li);
        });
        var ms = Math.round(performance.now() - started);
        el.setAttribute("data-ms", String(ms));
        status.textContent = found.length
          ? found.length + " closest papers (" + ms + " ms)."
          : "No paper of the atlas shares a word with this text.";
      }).catch(function (error) {
        status.textContent = "The index could not be loaded (" + error.message + ").";
      });
    });
  }

  // ------------------------------------------------------------ mounting

  function once(el, fn) {
    if (el.getAttribute("data-pa-reader")) return;
    el.setAttribute("data-pa-reader", "1");
    fn(el);
  }

  function mountAll() {
    document.querySelectorAll(".pa-marks[data-slug]").forEach(function (el) { once(el, mountPaper); });
    document.querySelectorAll(".pa-list").forEach(function (el) { once(el, mountList); });
    document.querySelectorAll(".pa-mylist").forEach(function (el) { once(el, mountMyList); });
    document.querySelectorAll(".pa-like").forEach(function (el) { once(el, mountLike); });
    showStorageNotes();
    applyMode();
  }

  load();
  // What atlas-table.js uses for the table's rows.
  window.PaperAtlasReader = {
    toggles: toggles,
    isRead: function (slug) { return mark(slug).read; },
    readMode: function () { return state.read_mode; },
    readModeControl: readModeControl,
    readable: function (el) { el.classList.add("pa-readable"); applyMode(); }, // read rows of el shown, dimmed or hidden
    storageNote: storageNote,
    showStorageNotes: showStorageNotes,
    fnv1a: fnv1a,
    similar: similar, // (text) -> Promise of [{slug, title, score, terms}], best first
  };
  // Material's document$ emits for every page, also under instant navigation.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(mountAll);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mountAll);
  } else {
    mountAll();
  }
})();
