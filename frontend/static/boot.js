// Starts the web app. A file of its own, not an inline script, so that the server's
// Content-Security-Policy can allow scripts from this site only.
import init from "/pkg/frontend.js";
init({ module_or_path: "/pkg/frontend_bg.wasm" });
