/* The menu button of narrow screens: the navigation and the account's links fold behind it
   (pages.css hides them below 600px unless the header is open). */
(function () {
  "use strict";
  var button = document.querySelector(".top .menu-button");
  if (!button) return;
  var top = button.closest(".top");
  button.addEventListener("click", function () {
    var open = top.classList.toggle("open");
    button.setAttribute("aria-expanded", open ? "true" : "false");
  });
})();
