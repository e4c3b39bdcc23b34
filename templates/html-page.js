{#- Filters for the all-tasks table (make-report -f html), a progressive enhancement: the form is
    hidden until this runs, so with scripts off every task is shown. The page's
    Content-Security-Policy allows this script by its hash. Uses only the DOM (no network). -#}
(function () {
  "use strict";
  var form = document.getElementById("filters");
  var table = document.getElementById("all-tasks");
  if (!form || !table) {
    return;
  }
  var lead = document.getElementById("filter-lead");
  var status = document.getElementById("filter-status");
  var count = document.getElementById("filter-count");
  var rows = table.tBodies[0].rows;

  function apply() {
    var shown = 0;
    for (var i = 0; i < rows.length; i += 1) {
      var row = rows[i];
      {#- data-lead lists the task's lead units: a task led jointly has several. -#}
      var leads = " " + (row.getAttribute("data-lead") || "") + " ";
      var match = (!lead.value || leads.indexOf(" " + lead.value + " ") >= 0) &&
        (!status.value || row.getAttribute("data-status") === status.value);
      row.hidden = !match;
      if (match) {
        shown += 1;
      }
    }
    count.textContent = "显示" + shown + "项，共" + rows.length + "项";
  }

  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
  });
  form.addEventListener("reset", function () {
    window.setTimeout(apply, 0);
  });
  form.hidden = false;
  apply();
}());
