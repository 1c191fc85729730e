/* Self-checks: a Check button and feedback for each question; without this script the question
   still reads, with its answer in a collapsed "Show the answer". */
(function () {
  function near(a, b, tolerance) { return Math.abs(a - b) <= tolerance + 1e-9; }
  document.querySelectorAll(".self-check").forEach(function (box) {
    var actions = box.querySelector(".self-check-actions");
    var button = box.querySelector(".self-check-submit");
    var feedback = box.querySelector(".self-check-feedback");
    var why = box.querySelector(".self-check-why");
    if (!actions || !button || !feedback) { return; }
    actions.hidden = false;
    button.addEventListener("click", function () {
      var answer = box.dataset.answer, given = "", right = false;
      if (box.dataset.kind === "choice") {
        var picked = box.querySelector("input[type=radio]:checked");
        given = picked ? picked.value : "";
        right = given === answer;
      } else {
        var input = box.querySelector("input[type=text]");
        given = input ? input.value.trim().replace(/,/g, "") : "";
        right = given !== "" && !isNaN(Number(given)) &&
                near(Number(given), Number(answer), Number(box.dataset.tolerance || 0));
      }
      box.classList.remove("self-check-right", "self-check-wrong");
      if (given === "") {
        feedback.textContent = "Choose or type an answer first.";
        return;
      }
      box.classList.add(right ? "self-check-right" : "self-check-wrong");
      if (right) {
        feedback.innerHTML = "<strong>Right.</strong> " + (why ? why.innerHTML : "");
      } else {
        feedback.innerHTML = "<strong>Not quite:</strong> " + "“" + given.replace(/[&<>"]/g, function (c) {
          return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}[c];
        }) + "” is not the answer. Look at that part of the page again and try once more, or open “Show the answer”.";
      }
    });
  });
})();
