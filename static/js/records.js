// Record forms: the park, industry and company lists show the chosen zone's options only, and a
// long list gets a search box. The server refuses other zones' records whatever the page shows.
(function () {
  "use strict";
  var form = document.querySelector(".record-form");
  if (!form) return;
  var zone = form.querySelector("select[name=zone]");
  var SEARCHABLE = 20;  // options above which a list gets its search box

  function lists() {
    return Array.prototype.filter.call(form.querySelectorAll("select"), function (select) {
      return select.querySelector("option[data-zone]");
    });
  }

  function show(select, query) {
    var zoneId = zone && zone.value;
    Array.prototype.forEach.call(select.options, function (option) {
      if (!option.dataset.zone) return;
      var wrongZone = zoneId && option.dataset.zone !== zoneId;
      var unmatched = query && option.text.toLowerCase().indexOf(query) === -1;
      option.hidden = option.disabled = Boolean(wrongZone || unmatched) && !option.selected;
    });
  }

  lists().forEach(function (select) {
    if (select.options.length > SEARCHABLE) {
      var search = document.createElement("input");
      search.type = "search";
      search.className = "option-search";
      search.placeholder = form.dataset.searchLabel || "";
      search.setAttribute("aria-label", (form.dataset.searchLabel || "") + " " + (select.labels[0] ? select.labels[0].textContent : ""));
      select.parentNode.insertBefore(search, select);
      search.addEventListener("input", function () {
        show(select, search.value.trim().toLowerCase());
      });
      select.search = search;
    }
    show(select, "");
  });

  if (zone) {
    zone.addEventListener("change", function () {
      lists().forEach(function (select) {
        var chosen = select.options[select.selectedIndex];
        if (chosen && chosen.dataset.zone && chosen.dataset.zone !== zone.value) select.value = "";
        show(select, select.search ? select.search.value.trim().toLowerCase() : "");
      });
    });
  }
})();
