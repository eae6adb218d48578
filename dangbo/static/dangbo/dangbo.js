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
})();
