// Search: a record's own page comes first when the query is its name or one of its API ids, and every model in
// the results says whether it is live. Material's search (lunr) appends a wildcard to every term and weighs rare
// terms above common ones, so on its own "gpt-5" ranks GPT-5.4 and GPT-5.5 above GPT-5. The names come from
// api/v1/catalog.json, fetched once, on the first search; record text reaches the page only through textContent.
(function () {
  "use strict";
  var input = document.querySelector(".md-search__input");
  var list = document.querySelector(".md-search-result__list");
  if (!input || !list || typeof __md_scope === "undefined") { return; }
  var root = __md_scope;
  var CATALOG = "api/v1/catalog.json";  // urls.api_file("catalog.json"); tests/test_urls_one_definition.py holds them equal
  var byKey = null;  // normalised name or id -> [model, ...]
  var statusByPath = {};  // pathname of a model page -> its status
  var labs = {};  // provider id -> name
  var loading = false;

  // "GPT-5", "gpt-5" and "gpt 5" are one key; so are "Claude Opus 4.5" and "claude-opus-4-5".
  function key(text) { return String(text).toLowerCase().replace(/[^a-z0-9]+/g, " ").trim(); }
  function modelUrl(model) { return new URL(model.page, root); }  // catalog.json names each page (site/urls.py)

  function load() {
    if (byKey || loading) { return; }
    loading = true;
    fetch(new URL(CATALOG, root).href).then(function (r) { return r.json(); }).then(function (catalog) {
      var index = {};
      catalog.providers.forEach(function (p) { labs[p.id] = p.name; });
      catalog.models.forEach(function (m) {
        var keys = [m.id, m.name].concat(m.api_ids || []);
        keys.forEach(function (k) {
          var found = index[key(k)] = index[key(k)] || [];
          if (found.indexOf(m) === -1) { found.push(m); }
        });
        statusByPath[modelUrl(m).pathname] = m.status;
      });
      byKey = index;
      decorate();
    }).catch(function () { loading = false; });
  }

  function badge(status) {
    var span = document.createElement("span");
    span.className = "fl-search-status fl-status-" + status.replace(/[^a-z]/g, "");
    span.textContent = status;
    return span;
  }

  function topHit(model) {
    var item = document.createElement("li");
    item.className = "md-search-result__item fl-search-top";
    var a = document.createElement("a");
    a.className = "md-search-result__link";
    a.href = modelUrl(model).href;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    var title = document.createElement("h1");
    title.textContent = model.name;
    title.appendChild(badge(model.status));
    var line = document.createElement("p");
    line.textContent = [labs[model.lab] || model.lab, model.released ? "released " + model.released : "", "the model's own page"]
      .filter(Boolean).join(" · ");
    article.appendChild(title);
    article.appendChild(line);
    a.appendChild(article);
    item.appendChild(a);
    return item;
  }

  function decorate() {
    if (!byKey) { return; }
    var stale = list.querySelectorAll(".fl-search-top");
    Array.prototype.forEach.call(stale, function (node) { node.remove(); });
    var hits = byKey[key(input.value)] || [];
    hits.slice(0, 3).reverse().forEach(function (m) { list.insertBefore(topHit(m), list.firstChild); });
    list.querySelectorAll(".md-search-result__link").forEach(function (a) {
      var heading = a.querySelector("h1, h2");
      var status = statusByPath[new URL(a.getAttribute("href"), window.location.href).pathname];
      if (heading && status && !heading.querySelector(".fl-search-status")) { heading.appendChild(badge(status)); }
    });
    observer.takeRecords();  // the changes just made are ours: they must not start another pass
  }

  var observer = new MutationObserver(decorate);
  input.addEventListener("focus", load);
  input.addEventListener("input", function () { load(); decorate(); });
  observer.observe(list, { childList: true, subtree: true });
})();
