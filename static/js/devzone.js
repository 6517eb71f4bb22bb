// Behaviour shared by every page. No inline scripts: the Content-Security-Policy forbids them.
document.documentElement.classList.add("js");
document.addEventListener("change", function (event) {
  if (event.target.matches("select[data-autosubmit]")) event.target.form.submit();
});
// The header menu folds behind its button on phones (static/css/devzone.css).
document.addEventListener("click", function (event) {
  var toggle = event.target.closest(".menu-toggle");
  if (!toggle) return;
  var menu = document.getElementById(toggle.getAttribute("aria-controls"));
  var open = menu.classList.toggle("open");
  toggle.setAttribute("aria-expanded", open ? "true" : "false");
});
// The header bell's unread count, fetched after the page (pages themselves carry no count).
(function () {
  var bell = document.querySelector(".bell[data-unread-url]");
  if (!bell || !window.fetch) return;
  fetch(bell.getAttribute("data-unread-url"), { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (data) {
      if (!data || !data.unread) return;
      var count = bell.querySelector("[data-role=unread]");
      count.textContent = data.unread > 99 ? "99+" : String(data.unread);
      count.hidden = false;
    })
    .catch(function () {});
})();
// English pages keep the official Chinese units, each glossed in English where it first appears:
// in the page's own English only, never inside Chinese text it shows (a draft, lang="zh-CN") or
// text people wrote (a return reason, a comment: translate="no").
(function () {
  if (document.documentElement.lang !== "en") return;
  var glosses = {
    "亿美元": "100 million US dollars", "万美元": "10,000 US dollars", "美元": "US dollars", "亿元": "100 million yuan",
    "万元": "10,000 yuan", "元": "yuan", "万元/亩": "10,000 yuan per mu", "亩": "mu, 666.7 m²", "公顷": "hectares",
    "平方米": "square metres", "家": "enterprises", "宗": "parcels", "条": "items", "户": "households", "个": "items", "人": "people",
    "千元": "1,000 yuan", "吨标准煤": "tonnes of standard coal equivalent", "万吨标准煤": "10,000 tonnes of standard coal equivalent",
    "千瓦时": "kWh", "万千瓦时": "10,000 kWh", "亿千瓦时": "100 million kWh", "吨": "tonnes", "万吨": "10,000 tonnes", "万人": "10,000 people"
  };
  // In text, the units below after a figure, a bracket, a slash or a space, or alone: never a
  // character inside a name (元, 个 and 人 are glossed only where a list offers them as units).
  var unit = /(^|[\d.\s(（\/—])(万元\/亩|万吨标准煤|吨标准煤|亿千瓦时|万千瓦时|千瓦时|亿美元|万美元|亿元|万元|千元|万吨|万人|亩|吨|家|宗|条|户)(?![\u4e00-\u9fff])/;
  var main = document.querySelector("main");
  if (!main) return;
  var walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT, {
    acceptNode: function (node) {
      var parent = node.parentElement;  // hidden text (the phone-only unit on a desktop) is not a first use
      var language = parent.closest("[lang]");
      return parent.closest("script, style, option, select, textarea, abbr, [translate=no]") || (language && language.lang !== "en")
        || !parent.getClientRects().length ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
    }
  });
  // A choice of unit (年度目标's) is named in full in its list: 亿元 (100 million yuan).
  Array.prototype.forEach.call(main.querySelectorAll("option"), function (option) {
    var text = option.textContent.trim();
    if (glosses[text]) option.textContent = text + " (" + glosses[text] + ")";
  });
  var seen = {}, nodes = [];
  while (walker.nextNode()) nodes.push(walker.currentNode);
  nodes.forEach(function (node) {
    var search = new RegExp(unit.source, "g"), match;
    while ((match = search.exec(node.nodeValue))) {
      if (seen[match[2]]) continue;
      seen[match[2]] = true;
      var rest = node.splitText(match.index + match[1].length);
      var after = rest.splitText(match[2].length);
      var abbr = document.createElement("abbr");
      abbr.title = glosses[match[2]];
      abbr.textContent = match[2];
      abbr.className = "unit";
      var gloss = document.createElement("span");
      gloss.className = "unit-gloss";
      gloss.textContent = " (" + glosses[match[2]] + ")";
      rest.parentNode.replaceChild(abbr, rest);
      abbr.parentNode.insertBefore(gloss, abbr.nextSibling);
      node = after;
      search.lastIndex = 0;
    }
  });
})();
