// Dangbo: small behaviours, no dependencies (htmx is loaded separately for the sponsor search).
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // The menu button of a narrow screen opens and closes the menu.
  document.addEventListener("click", function (event) {
    var toggle = event.target.closest(".menu-toggle");
    if (!toggle) return;
    var bar = toggle.closest(".topbar");
    var open = bar.classList.toggle("open");
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
  });

  // A wide table scrolls in its own box, never the whole page.
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("main table").forEach(function (table) {
      if (table.parentElement.classList.contains("table-scroll")) return;
      var box = document.createElement("div");
      box.className = "table-scroll";
      table.parentNode.insertBefore(box, table);
      box.appendChild(table);
    });
  });

  // "Chọn" in the sponsor search adds the member's id to the sponsors field.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-add-to]");
    if (!button) return;
    var input = document.getElementById(button.getAttribute("data-add-to"));
    if (!input) return;
    var values = input.value.split(",").map(function (v) { return v.trim(); }).filter(Boolean);
    var value = button.getAttribute("data-value");
    if (values.indexOf(value) === -1) values.push(value);
    input.value = values.join(", ");
    button.textContent = "Đã chọn";
    button.disabled = true;
  });

  // Enter in a search helper must not submit the surrounding form.
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.matches("[data-no-submit]")) event.preventDefault();
  });

  // A select marked data-autosubmit (the page size of a list) applies its choice at once.
  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("select[data-autosubmit]")) event.target.form.submit();
  });

  // Forms that change a lot at once ask first.
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) event.preventDefault();
  });

  // Typing a date: 01022020 -> 01/02/2020.
  document.addEventListener("blur", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("input.date")) return;
    var digits = input.value.trim();
    if (/^\d{8}$/.test(digits)) input.value = digits.slice(0, 2) + "/" + digits.slice(2, 4) + "/" + digits.slice(4);
  }, true);
  // The decision's score (QĐ 366): the level its band suggests, said again as a part is typed,
  // beside the chosen level (the rule's figures come from the page: the bands are settings).
  function scorePart(input, most) {
    var text = (input && input.value || "").trim();
    if (!text) return null;
    if (!/^\d{1,2}([.,]\d{1,2})?$/.test(text)) return NaN;
    var value = parseFloat(text.replace(",", "."));
    return value >= 0 && value <= most ? value : NaN;
  }
  function bandSuggest(box) {
    var table = box.closest("[data-band-bands]");
    var out = box.querySelector(".band-suggestion");
    if (!table || !out) return;
    var inputs = box.querySelectorAll("input");
    var general = scorePart(inputs[0], 30), results = scorePart(inputs[1], 70);
    out.textContent = "";
    if (general === null && results === null) { out.textContent = "Chưa có điểm: giữ điểm đề xuất."; return; }
    if (general === null || results === null) { out.textContent = "Phải nhập cả hai phần điểm (tiêu chí chung, kết quả)."; return; }
    if (isNaN(general) || isNaN(results)) {
      out.textContent = "Điểm chưa hợp lệ: tiêu chí chung 0–30, kết quả 0–70.";
      return;
    }
    var bands = table.getAttribute("data-band-bands").split(",").map(parseFloat);
    var codes = table.getAttribute("data-band-codes").split(",");
    var labels = table.getAttribute("data-band-labels").split("|");
    var total = Math.round((general + results) * 100) / 100;
    var rank = total >= bands[0] ? 1 : total >= bands[1] ? 2 : total >= bands[2] ? 3 : 4;
    var targets = parseFloat(box.getAttribute("data-targets"));
    var exceeding = parseFloat(box.getAttribute("data-exceeding"));
    if (rank === 1 && (targets < 100 || exceeding < parseFloat(table.getAttribute("data-band-exceeding")))) rank = 2;
    if (rank === 2 && (targets < 100 || box.getAttribute("data-on-time") !== "1")) rank = 3;
    out.appendChild(document.createTextNode("Gợi ý theo điểm " + String(total).replace(".", ",") + ": "));
    var abbr = document.createElement("abbr");
    abbr.className = "level level-" + rank;
    abbr.title = labels[rank - 1];
    abbr.textContent = codes[rank - 1];
    out.appendChild(abbr);
    var select = box.closest("td").querySelector("select");
    if (select && /^[1-4]$/.test(select.value) && parseInt(select.value, 10) !== rank) {
      var differs = document.createElement("span");
      differs.className = "badge danger band-differs";
      differs.textContent = "khác mức đã chọn";
      out.appendChild(document.createTextNode(" "));
      out.appendChild(differs);
    }
  }
  ["input", "change"].forEach(function (kind) {
    document.addEventListener(kind, function (event) {
      var cell = event.target.closest && event.target.closest("td");
      var box = cell && cell.querySelector("[data-score-row]");
      if (box) bandSuggest(box);
    });
  });
})();
