// Running sums of the district split: each total cell follows its column as one types,
// and turns red where it differs from the city plan.
(function () {
  const table = document.getElementById("target-table");
  if (!table) return;
  function refresh() {
    table.querySelectorAll("[data-total]").forEach((cell) => {
      const name = cell.dataset.total;
      let sum = 0;
      table.querySelectorAll(`[data-sum="${name}"]`).forEach((input) => { sum += Number(input.value) || 0; });
      const rounded = Math.round(sum * 100) / 100;
      cell.textContent = rounded;
      const plan = Number(table.querySelector(`[data-plan="${name}"]`).textContent);
      cell.classList.toggle("text-danger", rounded !== plan);
    });
  }
  table.addEventListener("input", refresh);
  refresh();
})();
