// Enhancement of the waiting page: ask the job's state every second and update the bar in place;
// without JavaScript the page refreshes itself instead (a <noscript> meta refresh).
(function () {
  "use strict";
  var blok = document.querySelector("[data-job-url]");
  if (!blok) { return; }
  var balk = document.getElementById("job-voortgang");
  var status = document.getElementById("job-status");
  function vraag() {
    fetch(blok.getAttribute("data-job-url"), { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (antwoord) { return antwoord.json(); })
      .then(function (job) {
        if (job.status === "klaar" && job.url) { window.location.assign(job.url); return; }
        if (job.status === "mislukt") { window.location.reload(); return; }
        if (balk && job.stappen) { balk.max = job.stappen; balk.value = job.stap; balk.textContent = job.procent + " %"; }
        if (status) { status.textContent = job.statusTekst.charAt(0).toUpperCase() + job.statusTekst.slice(1) + (job.voortgang ? ": " + job.voortgang : ""); }
        window.setTimeout(vraag, 1000);
      })
      .catch(function () { window.setTimeout(vraag, 3000); });
  }
  if (balk) { window.setTimeout(vraag, 1000); }
})();
