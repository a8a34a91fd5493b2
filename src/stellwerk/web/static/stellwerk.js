/* SPDX-License-Identifier: EUPL-1.2 */
/* Small progressive enhancements; every page works without JavaScript. */
"use strict";
document.addEventListener("submit", function (event) {
  var form = event.target;
  var question = form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
