// Record forms: the park, industry and company lists show the chosen zone's options only (the long
// ones are typed into: picker.js). The server refuses other zones' records whatever the page shows.
(function () {
  "use strict";
  var form = document.querySelector(".record-form");
  if (!form) return;
  var zone = form.querySelector("select[name=zone]");

  function lists() {
    return Array.prototype.filter.call(form.querySelectorAll("select"), function (select) {
      return select.querySelector("option[data-zone]");
    });
  }

  function show(select) {
    var zoneId = zone && zone.value;
    Array.prototype.forEach.call(select.options, function (option) {
      if (!option.dataset.zone) return;
      option.hidden = option.disabled = Boolean(zoneId && option.dataset.zone !== zoneId) && !option.selected;
    });
  }

  lists().forEach(show);

  if (zone) {
    zone.addEventListener("change", function () {
      lists().forEach(function (select) {
        var chosen = select.options[select.selectedIndex];
        if (chosen && chosen.dataset.zone && chosen.dataset.zone !== zone.value) select.value = "";
        show(select);
      });
    });
  }
})();
