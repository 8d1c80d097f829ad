// The pipeline board: drag a card onto another stage's column to move it.
// The drop sets the card's own stage list and sends its form, the same
// form that works without this script; a drop on "lost" opens the move
// page instead, which asks for the reason and the competitor.
(function () {
  "use strict";

  var LOST = "lost";

  function cardForm(card) {
    return card ? card.querySelector("form.board-move") : null;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var board = document.getElementById("board");
    if (!board) {
      return;
    }
    var dragged = null;

    board.addEventListener("dragstart", function (event) {
      var card = event.target.closest ? event.target.closest(".board-card") : null;
      if (!card || !cardForm(card)) {
        return;
      }
      dragged = card;
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", card.getAttribute("data-opportunity"));
    });

    board.addEventListener("dragend", function () {
      dragged = null;
      board.querySelectorAll(".drop-target").forEach(function (node) {
        node.classList.remove("drop-target");
      });
    });

    board.querySelectorAll(".board-column").forEach(function (column) {
      column.addEventListener("dragover", function (event) {
        if (dragged) {
          event.preventDefault();
          column.classList.add("drop-target");
        }
      });
      column.addEventListener("dragleave", function () {
        column.classList.remove("drop-target");
      });
      column.addEventListener("drop", function (event) {
        event.preventDefault();
        column.classList.remove("drop-target");
        var form = cardForm(dragged);
        var stage = column.getAttribute("data-stage");
        if (!form || !stage) {
          return;
        }
        var select = form.querySelector("select[name=stage]");
        if (select.value === stage) {
          return;
        }
        if (stage === LOST) {
          window.location.href = form.action + "?stage=" + encodeURIComponent(LOST);
          return;
        }
        select.value = stage;
        form.submit();
      });
    });
  });
})();
