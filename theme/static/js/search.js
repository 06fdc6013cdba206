/* Safe Harbour search page: the prebuilt lunr index (plugins/search_index) queried in the
   browser. No framework, no other host, no innerHTML of data: results are built with DOM
   calls and textContent. The query lives in the URL (?q=...&theme=...) so a search can be
   shared and the back button works. Query rules match plugins/search_index/core.py search(). */
(function () {
  "use strict";

  var form = document.getElementById("search-form");
  if (!form || !window.lunr || !window.fetch || !window.history || !history.replaceState) return;

  var input = document.getElementById("search-q");
  var select = document.getElementById("search-theme");
  var status = document.getElementById("search-status");
  var fallback = document.getElementById("search-fallback");
  var list = document.getElementById("search-results");
  var moreWrap = document.getElementById("search-more-wrap");
  var moreButton = document.getElementById("search-more");
  var root = form.getAttribute("data-root") || ".";

  var PAGE = 20;               // results rendered at a time
  var FUZZY_MIN_LENGTH = 5;    // words this long also match with one typo
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];

  var index = null, docs = null, themes = null;
  var shown = [], rendered = 0, pushNext = false, timer = 0;

  fallback.hidden = true;

  // Start both downloads now (the <link rel=preload> in <head> usually has them already).
  var ready = Promise.all([
    fetch(form.getAttribute("data-index"), { credentials: "same-origin" }).then(asJson),
    fetch(form.getAttribute("data-docs"), { credentials: "same-origin" }).then(asJson)
  ]).then(function (data) {
    index = lunr.Index.load(expand(data[0]));
    docs = data[1].docs;
    themes = data[1].themes;
  });

  // lunr's serialised index from the compact file plugins/search_index writes (see
  // compact_index in core.py): per field and story, [term-number delta, score, ...]. lunr
  // only reads postings, so absent fields share one empty object and every ref one metadata
  // object: far fewer allocations on a slow phone.
  function expand(c) {
    var NONE = Object.freeze({}), META = Object.freeze({});
    var inverted = c.terms.map(function (term, i) {
      var posting = { _index: i };
      for (var f = 0; f < c.fields.length; f++) posting[c.fields[f]] = NONE;
      return [term, posting];
    });
    var vectors = [];
    c.fields.forEach(function (f, fi) {
      c.vectors[fi].forEach(function (encoded, ref) {
        var elements = new Array(encoded.length), term = 0;
        for (var j = 0; j < encoded.length; j += 2) {
          term += encoded[j];
          elements[j] = term;
          elements[j + 1] = encoded[j + 1];
          var posting = inverted[term][1];
          if (posting[f] === NONE) posting[f] = {};
          posting[f][ref] = META;
        }
        vectors.push([f + "/" + ref, elements]);
      });
    });
    return { version: c.lunr, fields: c.fields, fieldVectors: vectors, invertedIndex: inverted, pipeline: c.pipeline };
  }

  function asJson(response) {
    if (!response.ok) throw new Error("HTTP " + response.status);
    return response.json();
  }

  function readUrl() {
    var params = new URLSearchParams(location.search);
    input.value = params.get("q") || "";
    var theme = params.get("theme") || "";
    select.value = theme;
    if (select.value !== theme) select.value = "";
  }

  function urlFor(q, theme) {
    var params = new URLSearchParams();
    if (q) params.set("q", q);
    if (theme) params.set("theme", theme);
    var s = params.toString();
    return location.pathname + (s ? "?" + s : "");
  }

  // Words lunr can match: lunr's tokenizer and trimmer, stop words dropped.
  function queryTerms(q) {
    var tokens = lunr.tokenizer(q);
    var terms = [];
    for (var i = 0; i < tokens.length; i++) {
      var t = lunr.trimmer(tokens[i]);
      if (t && lunr.stopWordFilter(t) && t.toString()) terms.push(t.toString());
    }
    return terms;
  }

  var stems = Object.create(null);  // highlighting stems every shown word: remember them
  function stemOf(word) {
    var key = word.toLowerCase();
    return stems[key] || (stems[key] = lunr.stemmer(new lunr.Token(key)).toString());
  }

  function find(q, theme) {
    var terms = queryTerms(q), hits;
    if (terms.length) {
      hits = index.query(function (query) {
        terms.forEach(function (term) {
          query.term(term, { boost: 10 });
          if (term.length >= FUZZY_MIN_LENGTH) query.term(term, { boost: 1, editDistance: 1 });
        });
      }).map(function (r) {
        return { ref: +r.ref, terms: Object.keys(r.matchData.metadata) };
      });
    } else if (theme) {
      hits = docs.map(function (_, i) { return { ref: i, terms: [] }; });  // newest first
    } else {
      hits = [];
    }
    if (theme) {
      var t = themeNumber(theme);
      hits = hits.filter(function (h) { return docs[h.ref][2].indexOf(t) !== -1; });
    }
    return hits;
  }

  function themeNumber(slug) {
    for (var i = 0; i < themes.length; i++) if (themes[i][0] === slug) return i;
    return -1;
  }

  function themeName(slug) {
    var n = themeNumber(slug);
    return n === -1 ? slug : themes[n][1];
  }

  function formatDate(iso) {
    var p = iso.split("-");
    return (+p[2]) + " " + MONTHS[+p[1] - 1] + " " + p[0];
  }

  // Append `text` to `parent`, wrapping each word whose stem was matched in <mark>.
  function appendMarked(parent, text, matched) {
    var word = /[\w\u00C0-\u024F'’]+/g, last = 0, m;
    while ((m = word.exec(text)) !== null) {
      if (matched[stemOf(m[0].replace(/^'+|'+$/g, ""))]) {
        if (m.index > last) parent.appendChild(document.createTextNode(text.slice(last, m.index)));
        var mark = document.createElement("mark");
        mark.textContent = m[0];
        parent.appendChild(mark);
        last = m.index + m[0].length;
      }
    }
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
  }

  function resultItem(hit) {
    var doc = docs[hit.ref];
    var matched = {};
    hit.terms.forEach(function (t) { matched[t] = true; });

    var li = document.createElement("li");
    var h2 = document.createElement("h2");
    var a = document.createElement("a");
    a.href = root + "/" + doc[0];
    appendMarked(a, doc[1], matched);
    h2.appendChild(a);
    li.appendChild(h2);

    var meta = document.createElement("p");
    meta.className = "meta";
    var time = document.createElement("time");
    time.dateTime = doc[3];
    time.textContent = formatDate(doc[3]);
    meta.appendChild(time);
    var names = doc[2].map(function (t) { return themes[t][1]; });
    if (names.length) {
      var sep = document.createElement("span");
      sep.setAttribute("aria-hidden", "true");
      sep.textContent = " · ";
      meta.appendChild(sep);
      var themeText = document.createElement("span");
      themeText.className = "search-themes";
      themeText.textContent = names.join(", ");
      meta.appendChild(themeText);
    }
    li.appendChild(meta);

    if (doc[4]) {
      var snippet = document.createElement("p");
      snippet.className = "snippet";
      appendMarked(snippet, doc[4], matched);
      li.appendChild(snippet);
    }
    return li;
  }

  function renderMore() {
    var fragment = document.createDocumentFragment();
    var end = Math.min(shown.length, rendered + PAGE);
    for (var i = rendered; i < end; i++) fragment.appendChild(resultItem(shown[i]));
    list.appendChild(fragment);
    rendered = end;
    moreWrap.hidden = rendered >= shown.length;
  }

  function describe(count, q, theme) {
    var n = count === 1 ? "1 story" : count + " stories";
    var what = q ? " for “" + q + "”" : "";
    var where = theme ? " in " + themeName(theme) : "";
    if (!q && !theme) return "";
    if (count === 0) return "No stories found" + what + where + ". Try fewer or different words, or all themes.";
    return n + " found" + what + where + ".";
  }

  function run() {
    var q = input.value.trim(), theme = select.value;
    if (!index) {
      if (q || theme) status.textContent = "Loading the search index…";
      return;
    }
    shown = find(q, theme);
    rendered = 0;
    list.textContent = "";
    renderMore();
    list.hidden = shown.length === 0;
    status.textContent = describe(shown.length, q, theme);
  }

  // Put the search in the URL: a new history entry for a new search, then replace it while
  // the reader is still typing, so back returns to the previous search, not every keystroke.
  function remember(push) {
    var url = urlFor(input.value.trim(), select.value);
    if (url === location.pathname + location.search) return;
    if (push || pushNext) history.pushState(null, "", url);
    else history.replaceState(null, "", url);
    pushNext = false;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    remember(true);
    pushNext = true;
    run();
  });
  select.addEventListener("change", function () {
    remember(true);
    pushNext = true;
    run();
  });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { remember(false); run(); }, 250);
  });
  moreButton.addEventListener("click", function () {
    var next = list.children.length;
    renderMore();
    var link = list.children[next] && list.children[next].querySelector("a");
    if (link) link.focus();
  });
  window.addEventListener("popstate", function () {
    readUrl();
    pushNext = true;
    run();
  });

  readUrl();
  pushNext = true;
  run();
  ready.then(function () {
    form.setAttribute("data-state", "ready");  // for tests and the benchmark
    run();
  }, function () {
    form.setAttribute("data-state", "failed");
    status.textContent = "Search could not load. Every story is still listed by theme and in the list of all stories.";
    fallback.hidden = false;
  });
})();
