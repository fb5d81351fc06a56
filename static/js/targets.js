// Running sums of the district split: each total cell follows its column as one types,
// and turns red where it differs from the city plan.
(function () {
  const table = document.getElementById("target-table");
  // A reader's page has no inputs to follow: its sums are the server's (they read 0 here).
  if (!table || !table.querySelector("input[data-sum]")) return;
  function refresh() {
    table.querySelectorAll("[data-total]").forEach((cell) => {
      const name = cell.dataset.total;
      let sum = 0;
      table.querySelectorAll(`[data-sum="${name}"]`).forEach((input) => { sum += Number(input.value) || 0; });
      const rounded = Math.round(sum * 100) / 100;
      const places = Number(cell.dataset.places) || 0;
      // Written as the page writes its figures: 1,821 and 196,560.00.
      cell.textContent = rounded.toLocaleString("en-US", {
        minimumFractionDigits: places,
        maximumFractionDigits: Math.max(places, 2),
      });
      const plan = Number(table.querySelector(`[data-plan="${name}"]`).dataset.value);
      cell.classList.toggle("text-danger", rounded !== plan);
    });
  }
  table.addEventListener("input", refresh);
  refresh();
})();
