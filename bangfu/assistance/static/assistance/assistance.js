// Assistance pages: remove a condition row, and the signature pad of the visit form (no inline scripts: CSP).
document.addEventListener("click", (event) => {
  const button = event.target instanceof Element ? event.target.closest("[data-remove-row]") : null;
  if (button) button.closest(".condition-row")?.remove();
});

function setUpSignaturePad(canvas) {
  const input = document.getElementById(canvas.dataset.target);
  const context = canvas.getContext("2d");
  let drawing = false;
  let touched = false;
  context.lineWidth = 2.5;
  context.lineCap = "round";
  context.strokeStyle = "#1d273b";
  const point = (event) => {
    const box = canvas.getBoundingClientRect();
    return [(event.clientX - box.left) * (canvas.width / box.width), (event.clientY - box.top) * (canvas.height / box.height)];
  };
  canvas.addEventListener("pointerdown", (event) => {
    drawing = true;
    try {
      canvas.setPointerCapture(event.pointerId);
    } catch (error) {
      // a synthetic or already-released pointer cannot be captured; drawing still works
    }
    const [x, y] = point(event);
    context.beginPath();
    context.moveTo(x, y);
  });
  canvas.addEventListener("pointermove", (event) => {
    if (!drawing) return;
    const [x, y] = point(event);
    context.lineTo(x, y);
    context.stroke();
    touched = true;
  });
  const finish = () => {
    if (!drawing) return;
    drawing = false;
    if (touched && input) input.value = canvas.toDataURL("image/png");
  };
  canvas.addEventListener("pointerup", finish);
  canvas.addEventListener("pointerleave", finish);
  document.querySelectorAll(`[data-clear-signature="${canvas.id}"]`).forEach((clear) => {
    clear.addEventListener("click", () => {
      context.clearRect(0, 0, canvas.width, canvas.height);
      touched = false;
      if (input) input.value = "";
    });
  });
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("canvas[data-signature-pad]").forEach(setUpSignaturePad);
});
