// The pickers' search boxes (web/pages/pickers.py): typing filters the <select> below the
// box; where the server sent only part of a long list (data-search-url), it is asked for the
// matches. Without this script the plain select still works.
(function () {
  "use strict";

  function optionsOf(select) {
    return Array.prototype.slice.call(select.options, 1).map(function (o) {
      return { value: o.value, text: o.text };
    });
  }

  function show(select, rows) {
    var chosen = select.value;
    while (select.options.length > 1) select.remove(1);
    rows.forEach(function (row) {
      var option = new Option(row.text, row.value, false, row.value === chosen);
      select.add(option);
    });
    if (rows.length === 1) select.value = rows[0].value;
  }

  function attach(box) {
    var select = document.getElementById(box.getAttribute("data-picker"));
    if (!select) return;
    var all = optionsOf(select);
    var url = box.getAttribute("data-search-url");
    var asked = 0;
    box.hidden = false;
    box.addEventListener("input", function () {
      var term = box.value.trim().toLowerCase();
      if (!term) return show(select, all);
      show(select, all.filter(function (row) {
        return row.text.toLowerCase().indexOf(term) !== -1;
      }));
      if (!url) return;
      var mine = ++asked;
      fetch(url + "?q=" + encodeURIComponent(box.value.trim()), { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : []; })
        .then(function (rows) { if (mine === asked) show(select, rows); })
        .catch(function () {});
    });
  }

  document.querySelectorAll("input[data-picker]").forEach(attach);
})();
