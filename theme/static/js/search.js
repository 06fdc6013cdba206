/* Safe Harbour search page: the prebuilt lunr index (plugins/search_index) queried in the
   browser. No framework, no other host, no innerHTML of data: results are built with DOM
   calls and textContent. The query lives in the URL (?q=...&theme=...) so a search can be
   shared and the back button works. Query rules match plugins/search_index/core.py search().

   Two stages. First results come from the small lunr index (titles, themes, summaries,
   distinctive terms), loaded with the page. Once they are on screen, the body index (every
   word of every story) is asked: only the shard holding each query word is fetched, and the
   stories only the body holds are appended under their own heading, each with a snippet of
   the text around the word, so nothing the reader is looking at moves. Scoring matches
   body_search() in core.py. */
(function () {
  "use strict";

  var form = document.getElementById("search-form");
  if (!form || !window.lunr || !window.fetch || !window.Proxy || !window.history || !history.replaceState) return;

  var input = document.getElementById("search-q");
  var select = document.getElementById("search-theme");
  var status = document.getElementById("search-status");
  var fallback = document.getElementById("search-fallback");
  var list = document.getElementById("search-results");
  var moreWrap = document.getElementById("search-more-wrap");
  var moreButton = document.getElementById("search-more");
  var bodySection = document.getElementById("search-body");
  var bodyHeading = document.getElementById("search-body-heading");
  var bodyList = document.getElementById("search-body-results");
  var bodyStatus = document.getElementById("search-body-status");
  var bodyMoreWrap = document.getElementById("search-body-more-wrap");
  var bodyMoreButton = document.getElementById("search-body-more");
  var root = form.getAttribute("data-root") || ".";

  var PAGE = 20;               // results rendered at a time
  // Stories found in the text rendered at a time. Each fetches its text for the snippet; six is
  // what a browser fetches at once from one host over HTTP/1.1, so they come in one round trip.
  var BODY_PAGE = 6;
  var BM25_K1 = 1.2;           // as core.py BM25_K1
  var BODY_FORMAT = 1;         // as core.py BODY_FORMAT
  var SNIPPET_BEFORE = 90, SNIPPET_AFTER = 150;  // characters of text around the word found
  var TYPING_PAUSE = 600;      // ms more the reader must pause before the body index is asked
  var FUZZY_MIN_LENGTH = 5;    // words this long also match with one typo
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];

  var index = null, docs = null, themes = null, body = null;
  var shown = [], rendered = 0, pushNext = false, timer = 0;
  var searchNumber = 0;        // each search's number: a late answer to an old search is dropped
  var bodyShown = [], bodyRendered = 0, bodyStems = [];
  var shardCache = Object.create(null), textCache = Object.create(null);
  var searchDir = form.getAttribute("data-index").replace(/\/[^\/]*$/, "");

  fallback.hidden = true;

  // Start both downloads now (the <link rel=preload> in <head> usually has them already).
  var ready = Promise.all([
    fetch(form.getAttribute("data-index"), { credentials: "same-origin" }).then(asJson),
    fetch(form.getAttribute("data-docs"), { credentials: "same-origin" }).then(asJson)
  ]).then(function (data) {
    index = loadIndex(data[0]);
    docs = data[1].docs;
    themes = data[1].themes;
    body = data[1].body && data[1].body.format === BODY_FORMAT ? data[1].body : null;
  });

  // A lunr.Index straight from the compact file plugins/search_index writes (compact_index in
  // core.py: per field and story, [term-number delta, score, ...]), without building lunr's
  // whole serialised form first. A query only reads the postings of the terms it matches and
  // the vectors of the stories it scores, so both are built on first use: on a slow phone
  // that is most of the time between the index arriving and the first results.
  function loadIndex(c) {
    var fields = c.fields, nTerms = c.terms.length, META = Object.freeze({});
    // Which (field, story) pairs hold each term, as compressed rows: one pass, typed arrays.
    var counts = new Uint32Array(nTerms + 1), f, ref, j, term, encoded;
    for (f = 0; f < fields.length; f++) {
      for (ref = 0; ref < c.vectors[f].length; ref++) {
        encoded = c.vectors[f][ref];
        for (j = 0, term = 0; j < encoded.length; j += 2) counts[(term += encoded[j]) + 1]++;
      }
    }
    for (j = 0; j < nTerms; j++) counts[j + 1] += counts[j];
    var fill = counts.slice(0, nTerms), pairField = new Uint8Array(counts[nTerms]), pairRef = new Uint32Array(counts[nTerms]);
    for (f = 0; f < fields.length; f++) {
      for (ref = 0; ref < c.vectors[f].length; ref++) {
        encoded = c.vectors[f][ref];
        for (j = 0, term = 0; j < encoded.length; j += 2) {
          term += encoded[j];
          pairField[fill[term]] = f;
          pairRef[fill[term]++] = ref;
        }
      }
    }
    var termNumber = Object.create(null);
    c.terms.forEach(function (t, i) { termNumber[t] = i; });
    var postings = Object.create(null), vectors = Object.create(null);
    var invertedIndex = new Proxy(postings, {
      get: function (cache, t) {
        if (cache[t] || typeof t !== "string" || !(t in termNumber)) return cache[t];
        var i = termNumber[t], posting = { _index: i };
        fields.forEach(function (name) { posting[name] = {}; });
        for (var k = counts[i]; k < counts[i + 1]; k++) posting[fields[pairField[k]]][pairRef[k]] = META;
        return (cache[t] = posting);
      }
    });
    var fieldVectors = new Proxy(vectors, {
      get: function (cache, key) {
        if (cache[key] || typeof key !== "string") return cache[key];
        var slash = key.indexOf("/"), fi = fields.indexOf(key.slice(0, slash));
        var enc = fi === -1 ? null : c.vectors[fi][+key.slice(slash + 1)];
        if (!enc) return undefined;
        var elements = new Array(enc.length);
        for (var k = 0, t = 0; k < enc.length; k += 2) { elements[k] = (t += enc[k]); elements[k + 1] = enc[k + 1]; }
        return (cache[key] = new lunr.Vector(elements));
      }
    });
    return new lunr.Index({
      invertedIndex: invertedIndex, fieldVectors: fieldVectors, fields: fields,
      tokenSet: trie(c.terms), pipeline: lunr.Pipeline.load(c.pipeline)
    });
  }

  // lunr's TokenSet of the terms as a trie whose nodes find their children only when a query
  // walks to them: TokenSet.intersect reads only `edges` and `final` on this side, and a query
  // visits a few hundred nodes of tens of thousands. lunr's TokenSet.fromArray builds and
  // minimises every node up front, most of the load time on a slow phone. The terms are
  // sorted as JavaScript compares strings (compact_index in core.py), so the terms under a
  // node are a contiguous range, and each child's a sub-range.
  function trie(terms) {
    return new TrieNode(terms, 0, terms.length, 0);
  }

  function TrieNode(terms, lo, hi, depth) {
    this.terms = terms;
    this.lo = lo;
    this.hi = hi;
    this.depth = depth;
    this.final = lo < hi && terms[lo].length === depth;  // a term ending here sorts first
    this.children = null;
  }
  TrieNode.prototype.intersect = lunr.TokenSet.prototype.intersect;
  Object.defineProperty(TrieNode.prototype, "edges", {
    get: function () {
      if (this.children) return this.children;
      var edges = {}, terms = this.terms, depth = this.depth, i = this.final ? this.lo + 1 : this.lo;
      while (i < this.hi) {
        var ch = terms[i].charAt(depth), start = i;
        while (i < this.hi && terms[i].charAt(depth) === ch) i++;
        edges[ch] = new TrieNode(terms, start, i, depth + 1);
      }
      return (this.children = edges);
    }
  });

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
  // The stemmer only changes endings, so a word can only match a term starting with its
  // letter: the other words are never stemmed (stemming is most of rendering at CPU x4).
  function appendMarked(parent, text, matched) {
    var word = /[\w\u00C0-\u024F'’]+/g, last = 0, m, initials = Object.create(null);
    for (var t in matched) initials[t.charAt(0)] = true;
    while ((m = word.exec(text)) !== null) {
      var bare = m[0].replace(/^'+|'+$/g, "");
      if (initials[bare.charAt(0).toLowerCase()] && matched[stemOf(bare)]) {
        if (m.index > last) parent.appendChild(document.createTextNode(text.slice(last, m.index)));
        var mark = document.createElement("mark");
        mark.textContent = m[0];
        parent.appendChild(mark);
        last = m.index + m[0].length;
      }
    }
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
  }

  // One result: title link, date and themes, and (unless `noSummary`) the summary.
  function resultItem(hit, heading, noSummary) {
    var doc = docs[hit.ref];
    var matched = {};
    hit.terms.forEach(function (t) { matched[t] = true; });

    var li = document.createElement("li");
    var h2 = document.createElement(heading || "h2");  // h3 under the "found in the text" heading
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

    if (doc[4] && !noSummary) {
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

  // `typing`: the reader is still typing (the input's pause, not Enter or a theme change).
  function run(typing) {
    var q = input.value.trim(), theme = select.value;
    var mine = ++searchNumber;
    clearBody();
    if (!index) {
      if (q || theme) status.textContent = "Loading the search index…";
      return;
    }
    shown = find(q, theme);
    rendered = 0;
    list.textContent = "";
    renderMore();
    list.hidden = shown.length === 0;
    var terms = queryTerms(q);
    if (!terms.length || !body) {
      status.textContent = describe(shown.length, q, theme);
      form.setAttribute("data-body", "done");
      return;
    }
    status.textContent = shown.length ? describe(shown.length, q, theme)
      : "Searching the text of every story for “" + q + "”…";
    form.setAttribute("data-body", "pending");
    // Only once the first results are painted: the body index never delays them. While the
    // reader is still typing, wait a little longer, so half-typed words fetch no shards.
    requestAnimationFrame(function () {
      setTimeout(function () { if (mine === searchNumber) searchBody(terms, q, theme, mine); }, typing ? TYPING_PAUSE : 0);
    });
  }

  // -- the body index ----------------------------------------------------------------------

  function clearBody() {
    bodyShown = [];
    bodyRendered = 0;
    bodyList.textContent = "";
    bodySection.hidden = true;
    bodyMoreWrap.hidden = true;
    bodyStatus.textContent = "";
  }

  // The shard holding `term`: FNV-1a over UTF-16 code units, as shard_of() in core.py.
  function shardOf(term) {
    var h = 0x811c9dc5;
    for (var i = 0; i < term.length; i++) {
      h ^= term.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h % body.shards;
  }

  function fetchOnce(cache, key, url, read) {
    if (!cache[key]) {
      cache[key] = fetch(url, { credentials: "same-origin" }).then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return read(response);
      });
      cache[key].catch(function () { delete cache[key]; });  // a failed fetch may be retried
    }
    return cache[key];
  }

  function loadShard(n) {
    return fetchOnce(shardCache, n, searchDir + "/body/" + n + ".json?v=" + body.version, function (r) {
      return r.json();
    }).then(function (shard) {
      if (shard.v !== BODY_FORMAT) throw new Error("shard format " + shard.v);
      return shard.terms;
    });
  }

  function loadText(ref) {
    return fetchOnce(textCache, ref, searchDir + "/text/" + ref + ".json?v=" + body.version, function (r) {
      return r.json();
    });
  }

  // Stories whose text holds any query word, best first (BM25 as body_search() in core.py),
  // leaving out those already listed and those outside the chosen theme.
  function searchBody(terms, q, theme, mine) {
    var stems = [];
    terms.forEach(function (t) { var s = stemOf(t); if (stems.indexOf(s) === -1) stems.push(s); });
    var wanted = [];
    stems.forEach(function (s) { var n = shardOf(s); if (wanted.indexOf(n) === -1) wanted.push(n); });
    Promise.all(wanted.map(loadShard)).then(function (loaded) {
      if (mine !== searchNumber) return null;
      var scores = Object.create(null), total = docs.length;
      stems.forEach(function (s) {
        var postings = loaded[wanted.indexOf(shardOf(s))][s];
        if (!postings) return;
        var df = postings.length / 2, idf = Math.log(1 + (total - df + 0.5) / (df + 0.5)), ref = 0;
        for (var j = 0; j < postings.length; j += 2) {
          ref += postings[j];
          var tf = postings[j + 1];
          scores[ref] = (scores[ref] || 0) + idf * tf * (BM25_K1 + 1) / (tf + BM25_K1);
        }
      });
      var listed = Object.create(null);
      shown.forEach(function (h) { listed[h.ref] = true; });
      var t = theme ? themeNumber(theme) : -1;
      bodyStems = stems;
      bodyShown = Object.keys(scores).map(Number).filter(function (ref) {
        return !listed[ref] && (t === -1 || docs[ref][2].indexOf(t) !== -1);
      }).sort(function (a, b) { return scores[b] - scores[a] || a - b; });
      return renderBodyMore(mine).then(function () {
        if (mine !== searchNumber) return;
        announceBody(q, theme);
        form.setAttribute("data-body", "done");
      });
    }).catch(function () {
      if (mine !== searchNumber) return;
      if (!shown.length) status.textContent = describe(0, q, theme);
      bodyStatus.textContent = "The full text of the stories could not be searched just now.";
      form.setAttribute("data-body", "failed");
    });
  }

  function announceBody(q, theme) {
    var n = bodyShown.length, stories = n === 1 ? "1 story" : n + " stories";
    if (!shown.length) {
      status.textContent = n ? stories + " found for “" + q + "”" + (theme ? " in " + themeName(theme) : "") +
        ", in the text of the stories." : describe(0, q, theme);
      bodyHeading.textContent = "Found in the text of these stories";
    } else {
      bodyStatus.textContent = n ? "Also found in the text of " + (n === 1 ? "1 more story." : n + " more stories.") : "";
      bodyHeading.textContent = "Also found in the text of these stories";
    }
  }

  // Fetch the texts of the next page of stories found in the text, then add them all at once:
  // an item never grows after it is on screen.
  function renderBodyMore(mine) {
    var page = bodyShown.slice(bodyRendered, bodyRendered + BODY_PAGE);
    return Promise.all(page.map(function (ref) {
      return loadText(ref).then(null, function () { return ""; });
    })).then(function (texts) {
      if (mine !== searchNumber) return;
      var matched = {};
      bodyStems.forEach(function (s) { matched[s] = true; });
      var fragment = document.createDocumentFragment();
      page.forEach(function (ref, i) { fragment.appendChild(bodyItem(ref, texts[i], matched)); });
      bodyList.appendChild(fragment);
      bodyRendered += page.length;
      bodySection.hidden = bodyShown.length === 0;
      bodyMoreWrap.hidden = bodyRendered >= bodyShown.length;
    });
  }

  // The sentence-sized piece of `text` around the first word whose stem is matched.
  function snippetOf(text, matched) {
    var word = /[^\s\-]+/g, m;
    while ((m = word.exec(text)) !== null) {
      var bare = m[0].toLowerCase().replace(/^\W+|\W+$/g, "");
      if (bare && matched[stemOf(bare)]) {
        var start = Math.max(0, m.index - SNIPPET_BEFORE), end = Math.min(text.length, m.index + m[0].length + SNIPPET_AFTER);
        if (start > 0) start = Math.min(text.indexOf(" ", start) + 1 || m.index, m.index);
        if (end < text.length) end = Math.max(text.lastIndexOf(" ", end), m.index + m[0].length);
        return (start > 0 ? "…" : "") + text.slice(start, end).trim() + (end < text.length ? "…" : "");
      }
    }
    return "";
  }

  function bodyItem(ref, text, matched) {
    var li = resultItem({ ref: ref, terms: [] }, "h3", true);
    var snippet = snippetOf(text, matched);
    var p = document.createElement("p");
    p.className = "snippet";
    if (snippet) {
      var where = document.createElement("span");
      where.className = "snippet-where";
      where.textContent = "In the story: ";
      p.appendChild(where);
      appendMarked(p, snippet, matched);
    } else {
      p.textContent = docs[ref][4];
    }
    li.appendChild(p);
    return li;
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
    timer = setTimeout(function () { remember(false); run(true); }, 250);
  });
  bodyMoreButton.addEventListener("click", function () {
    if (bodyMoreButton.getAttribute("aria-busy") === "true") return;  // the next page is on its way
    var next = bodyList.children.length;
    bodyMoreButton.setAttribute("aria-busy", "true");
    renderBodyMore(searchNumber).then(function () {
      bodyMoreButton.removeAttribute("aria-busy");
      var link = bodyList.children[next] && bodyList.children[next].querySelector("a");
      if (link) link.focus();
    });
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
