// Enhancement of the edit page: the word diff against the previous round follows the text as it is typed
// (the server makes it, as for the "Toon verschil" button without JavaScript), and submitting asks first.
(function () {
  "use strict";
  var formulier = document.querySelector("form [data-verschil-knop]");
  var verschil = document.getElementById("verschil");
  if (formulier) { formulier = formulier.form; }
  if (formulier && verschil) {
    var tekst = formulier.querySelector("textarea[name=tekst]");
    var wacht = null;
    var vraag = function () {
      var gegevens = new FormData(formulier);
      gegevens.set("actie", "verschil");
      fetch(window.location.pathname, { method: "POST", body: gegevens, credentials: "same-origin" })
        .then(function (antwoord) { return antwoord.text(); })
        .then(function (html) {
          var nieuw = new DOMParser().parseFromString(html, "text/html").getElementById("verschil");
          if (nieuw) { verschil.replaceChildren.apply(verschil, Array.from(nieuw.childNodes)); }
        })
        .catch(function () {});
    };
    tekst.addEventListener("input", function () {
      window.clearTimeout(wacht);
      wacht = window.setTimeout(vraag, 600);
    });
  }
  document.querySelectorAll("[data-bevestig]").forEach(function (knop) {
    knop.addEventListener("click", function (gebeurtenis) {
      if (!window.confirm(knop.getAttribute("data-bevestig"))) { gebeurtenis.preventDefault(); }
    });
  });
})();
