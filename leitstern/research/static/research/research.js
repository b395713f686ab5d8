// Selecting a passage of a conversation's notes fills in the quote to highlight.
document.addEventListener("mouseup", (event) => {
  const notes = document.getElementById("notes");
  const field = document.querySelector("#quote-form textarea[name=text]");
  if (!notes || !field || !notes.contains(event.target)) return;
  const chosen = window.getSelection().toString().trim();
  if (chosen) field.value = chosen;
});
