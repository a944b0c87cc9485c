// Leaving a page with unsaved changes asks first. Forms marked data-onbewaard count as changed once any of
// their fields is edited (also fields outside the form element that name it with form="…"), and no longer
// once they are submitted. Without JavaScript the page's buttons save the text before going elsewhere.
(function () {
  "use strict";
  var gewijzigd = false;
  var bewaakt = function (veld) {
    return veld && veld.form && veld.form.hasAttribute("data-onbewaard");
  };
  var wijziging = function (gebeurtenis) {
    if (bewaakt(gebeurtenis.target)) { gewijzigd = true; }
  };
  document.addEventListener("input", wijziging);
  document.addEventListener("change", wijziging);
  document.addEventListener("submit", function (gebeurtenis) {
    if (gebeurtenis.target.hasAttribute("data-onbewaard")) { gewijzigd = false; }
  });
  window.addEventListener("beforeunload", function (gebeurtenis) {
    if (gewijzigd) {
      gebeurtenis.preventDefault();
      gebeurtenis.returnValue = "";
    }
  });
})();
