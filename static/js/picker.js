// A long list of a zone's records (建设单位, 用地单位, 项目) as a box to type in: the record
// zone's matches are listed under it, and a choice sets the list, which the form sends as before.
// Without scripts the plain list does the work. Our own file: nothing loads from outside.
(function () {
  "use strict";
  var SHOWN = 50;  // matches listed at once; typing narrows the rest
  var made = 0;

  function enhance(select) {
    var form = select.form;
    var zone = form ? form.querySelector("select[name=zone]") : null;
    var words = select.dataset;
    var id = "picker-" + (++made);
    var box = document.createElement("div");
    var input = document.createElement("input");
    var list = document.createElement("ul");
    var active = -1;

    box.className = "picker";
    input.type = "text";
    input.id = id;
    input.className = "picker-input";
    input.autocomplete = "off";
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", id + "-list");
    list.id = id + "-list";
    list.className = "picker-list";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    var label = select.id && document.querySelector('label[for="' + select.id + '"]');
    if (label) {
      label.htmlFor = id;
      list.setAttribute("aria-label", label.textContent);
    }
    box.appendChild(input);
    box.appendChild(list);
    select.parentNode.insertBefore(box, select);
    select.hidden = true;
    select.tabIndex = -1;

    function zoneId() {
      return zone ? zone.value : "";
    }
    function selectedText() {
      var option = select.options[select.selectedIndex];
      return option && option.value ? option.text : "";
    }
    function candidates() {
      return Array.prototype.filter.call(select.options, function (option) {
        return option.value && (!zone || option.dataset.zone === zoneId());
      });
    }
    function note(text) {
      var item = document.createElement("li");
      item.className = "picker-note";
      item.textContent = text;
      list.appendChild(item);
    }
    function items() {
      return list.querySelectorAll("[role=option]");
    }
    function mark(index) {
      var all = items();
      if (active >= 0 && all[active]) all[active].classList.remove("active");
      active = index;
      if (active >= 0 && all[active]) {
        all[active].classList.add("active");
        all[active].scrollIntoView({ block: "nearest" });
        input.setAttribute("aria-activedescendant", all[active].id);
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }
    function open() {
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }
    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      mark(-1);
    }
    function show(query) {
      var wanted = query.trim().toLowerCase();
      var shown = 0, more = 0;
      list.textContent = "";
      active = -1;
      candidates().forEach(function (option) {
        if (wanted && option.text.toLowerCase().indexOf(wanted) === -1) return;
        if (shown === SHOWN) { more += 1; return; }
        var item = document.createElement("li");
        item.id = id + "-" + shown;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", option.selected ? "true" : "false");
        item.dataset.value = option.value;
        item.textContent = option.text;
        list.appendChild(item);
        shown += 1;
      });
      if (!shown) note(words.pickerNone);
      if (more) note(words.pickerMore.replace("%(n)s", more));
      open();
    }
    function choose(value) {
      if (select.value !== value) {
        select.value = value;
        select.dispatchEvent(new Event("change", { bubbles: true }));
      }
      input.value = selectedText();
      close();
    }
    function follow() {
      // The zone decides the firms offered: none until it is chosen.
      var waiting = Boolean(zone) && !zoneId();
      input.disabled = waiting || select.disabled;
      input.placeholder = waiting ? words.pickerZoneFirst : words.pickerHint;
      input.value = selectedText();
    }

    input.addEventListener("focus", function () { show(input.value === selectedText() ? "" : input.value); });
    input.addEventListener("click", function () { if (list.hidden) show(input.value === selectedText() ? "" : input.value); });
    input.addEventListener("input", function () { show(input.value); });
    input.addEventListener("keydown", function (event) {
      var all = items();
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (list.hidden) show(input.value);
        var step = event.key === "ArrowDown" ? 1 : -1;
        mark(Math.max(0, Math.min(items().length - 1, active + step)));
      } else if (event.key === "Enter" && !list.hidden) {
        // Enter picks the marked match (or the only one); it never sends the form from here.
        event.preventDefault();
        var pick = all[active] || (all.length === 1 ? all[0] : null);
        if (pick) choose(pick.dataset.value);
      } else if (event.key === "Escape") {
        input.value = selectedText();
        close();
      }
    });
    input.addEventListener("blur", function () {
      setTimeout(function () {
        if (document.activeElement === input) return;
        // Emptied: no firm. Anything else not chosen from the list: back to the firm chosen.
        if (!input.value.trim() && select.value) choose("");
        input.value = selectedText();
        close();
      }, 150);
    });
    list.addEventListener("mousedown", function (event) { event.preventDefault(); });
    list.addEventListener("click", function (event) {
      var item = event.target.closest("[role=option]");
      if (item) choose(item.dataset.value);
    });
    select.addEventListener("change", function () { input.value = selectedText(); });
    if (zone) {
      zone.addEventListener("change", function () {
        var chosen = select.options[select.selectedIndex];
        if (chosen && chosen.value && chosen.dataset.zone !== zoneId()) choose("");
        follow();
        if (!list.hidden) show("");
      });
    }
    follow();
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("select[data-picker]"), enhance);
  }
  // The admin loads widgets' scripts in the page's head, before the form.
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
