// Dangbo: small behaviours, no dependencies (htmx is loaded separately for the sponsor search).
(function () {
  "use strict";

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
