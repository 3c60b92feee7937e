// Starts the web app. A file of its own, not an inline script, so that the server's
// Content-Security-Policy can allow scripts from this site only. The build fills in the
// content-hashed names of the glue and the wasm.
import init from "__GLUE__";

const shell = document.getElementById("boot");
init({ module_or_path: "__WASM__" }).then(
  () => shell?.remove(),
  (error) => {
    console.error(error);
    if (shell) {
      shell.classList.add("boot-failed");
      shell.querySelector(".boot-note").textContent =
        "Không tải được ứng dụng: hãy tải lại trang. / The app could not be loaded: reload the page.";
    }
  },
);

// A page's file that failed to download is asked for again until it arrives (see
// build-frontend.sh); meanwhile a notice says so, and goes once the page has come.
let retrying;
window.addEventListener("kh-lazy-retry", () => {
  if (!retrying) {
    retrying = document.createElement("p");
    retrying.className = "lazy-retry";
    retrying.setAttribute("role", "status");
    retrying.textContent = document.documentElement.lang === "en"
      ? "Connection lost: still loading this page…"
      : "Mất kết nối: đang thử tải lại trang…";
    document.body.append(retrying);
  }
});
window.addEventListener("kh-lazy-loaded", () => {
  retrying?.remove();
  retrying = undefined;
});
