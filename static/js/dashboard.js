// Draws the dashboard's charts from the JSON data block the page carries (no inline script:
// the Content-Security-Policy allows only our own files). plotly.js is served locally.
(function () {
  "use strict";
  var block = document.getElementById("dashboard-charts");
  if (!block || typeof Plotly === "undefined") return;

  // A small zh-CN locale: the modebar's words and Chinese month names.
  Plotly.register({
    moduleType: "locale",
    name: "zh-CN",
    dictionary: {
      "Download plot as a PNG": "下载为PNG图片",
      "Download plot as a png": "下载为PNG图片",
      "Download plot": "下载图片",
      "Zoom": "缩放",
      "Pan": "平移",
      "Zoom in": "放大",
      "Zoom out": "缩小",
      "Reset axes": "还原坐标轴",
      "Autoscale": "自动缩放",
      "Box Select": "矩形选择",
      "Lasso Select": "套索选择",
      "Show closest data on hover": "悬停显示最近数据",
      "Compare data on hover": "悬停比较数据",
      "Toggle Spike Lines": "显示/隐藏辅助线",
      "Double-click to zoom back out": "双击还原",
      "Taking snapshot - this may take a few seconds": "正在生成图片，请稍候",
      "Snapshot succeeded": "图片已生成",
      "Sorry, there was a problem downloading your snapshot!": "抱歉，图片下载失败！",
      "Click to enter Plot title": "点击输入图表标题",
      "Click to enter X axis title": "点击输入X轴标题",
      "Click to enter Y axis title": "点击输入Y轴标题"
    },
    format: {
      days: ["星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"],
      shortDays: ["周日", "周一", "周二", "周三", "周四", "周五", "周六"],
      months: ["一月", "二月", "三月", "四月", "五月", "六月", "七月", "八月", "九月", "十月", "十一月", "十二月"],
      shortMonths: ["1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月"],
      date: "%Y-%m-%d",
      decimal: ".",
      thousands: ","
    }
  });

  var figures = JSON.parse(block.textContent);
  var drawn = [];
  var narrow = window.matchMedia("(max-width: 699px)");

  // Bar labels never shrink below this size to fit their bar (plotly's default would).
  var LABEL_SIZE = 11;
  // Room above a legend that sits on top of the plot, for the modebar, so it covers no entry.
  var MODEBAR_HEIGHT = 30;

  function layoutFor(figure) {
    var layout = JSON.parse(JSON.stringify(figure.layout));
    layout.autosize = true;
    layout.uniformtext = { minsize: LABEL_SIZE, mode: "show" };
    if (narrow.matches) {
      // Phones: smaller type and margins so the plot keeps most of the width.
      layout.font = Object.assign({}, layout.font, { size: 11 });
      layout.margin = Object.assign({}, layout.margin, { l: Math.min(layout.margin.l, 44), r: 8 });
    }
    var legend = layout.legend || {};
    if (layout.showlegend !== false && legend.yanchor === "bottom" && legend.y >= 1) {
      layout.margin = Object.assign({}, layout.margin, { t: (layout.margin.t || 0) + MODEBAR_HEIGHT });
    }
    return layout;
  }

  function dataFor(figure) {
    return figure.data.map(function (trace) {
      if (trace.type !== "bar" || !trace.text) return trace;
      return Object.assign({}, trace, {
        constraintext: "none",
        textfont: Object.assign({ size: LABEL_SIZE + 1 }, trace.textfont)
      });
    });
  }

  function draw(figure, element) {
    Plotly.newPlot(element, dataFor(figure), layoutFor(figure), {
      responsive: true,
      displaylogo: false,
      displayModeBar: true,
      locale: "zh-CN",
      modeBarButtonsToRemove: ["select2d", "lasso2d", "autoScale2d", "toggleSpikelines", "toImage"],
      modeBarButtonsToAdd: [{ name: "下载为PNG图片", icon: Plotly.Icons.camera, click: downloadPng }]
    }).then(function () {
      element.dataset.drawn = "1";
    });
    drawn.push(element);
  }

  // A downloaded picture says whose and which period it is: the zone, months and chart title on top.
  var CAPTION_HEIGHT = 36;
  function plainText(text) {
    // Zone and indicator names are plain text, never plotly's markup.
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }
  function downloadPng(element) {
    var layout = Object.assign({}, element.layout, {
      title: { text: plainText(element.dataset.caption), x: 0.01, xanchor: "left", y: 0.99, yanchor: "top", font: { size: 14 } },
      margin: Object.assign({}, element.layout.margin, { t: (element.layout.margin.t || 0) + CAPTION_HEIGHT }),
      height: element.offsetHeight + CAPTION_HEIGHT,
      width: element.offsetWidth
    });
    Plotly.toImage({ data: element.data, layout: layout }, { format: "png", scale: 2 }).then(function (url) {
      var link = document.createElement("a");
      link.href = url;
      link.download = (element.dataset.filename || element.id) + ".png";
      document.body.appendChild(link);
      link.click();
      link.remove();
    });
  }

  // Phones show the cards and warnings first: each chart waits behind its own button.
  function fold(figure, element) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "chart-show";
    button.textContent = element.dataset.showLabel;
    button.setAttribute("aria-controls", element.id);
    var card = element.closest("[data-chart-card]");
    element.classList.add("chart-folded");
    if (card) card.classList.add("waiting");
    element.parentNode.insertBefore(button, element);
    button.addEventListener("click", function () {
      element.classList.remove("chart-folded");
      if (card) card.classList.remove("waiting");
      button.remove();
      draw(figure, element);
    });
  }

  figures.forEach(function (figure) {
    var element = document.getElementById("chart-" + figure.id);
    if (!element) return;
    if (narrow.matches && element.closest("[data-fold-on-phone]")) fold(figure, element);
    else draw(figure, element);
  });

  var pending = null;
  function resizeAll() {
    drawn.forEach(function (element) {
      if (element.dataset.drawn) Plotly.Plots.resize(element);
    });
  }
  window.addEventListener("resize", function () {
    clearTimeout(pending);
    pending = setTimeout(resizeAll, 150);
  });
  // Printing narrows the page to A4: redraw the charts to the printed width.
  window.addEventListener("beforeprint", resizeAll);
  window.addEventListener("afterprint", resizeAll);
})();
